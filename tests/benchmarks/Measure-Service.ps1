#Requires -Version 7.0
<#
.SYNOPSIS
    Add-BatchTask against the stand-in: tasks/s and peak working set, beside hand-written Invoke-RestMethod loops
    measured in the same run. A benchmark, not a test: ./build.sh bench runs it.
.DESCRIPTION
    Makes an NDJSON file of typical tasks (tests/data/golden/typical, unique ids), starts the stand-in for the Batch
    service with --count-only (add-collections answered Success and counted, nothing stored, so its memory stays flat),
    and runs each side in a fresh pwsh of its own, one after the other, each timing itself from its first task read to
    its last answer:
      - ours:     ConvertFrom-BatchTaskJson -LiteralPath in.ndjson | Add-BatchTask -BatchContext $ctx -JobId ours
                  (Shared Key signing, each task checked as a Create body, 100 tasks a request, -ThrottleLimit in flight)
      - anchor, lines: a hand-written loop that joins 100 NDJSON lines into {"value":[...]} as text and posts it with
                  Invoke-RestMethod, one request at a time, counting the Success results of each answer (no parsing or
                  checking of the tasks, a fixed Authorization header: the least work a script can do)
      - anchor, objects: the same loop as a script that handles the tasks as objects: ConvertFrom-Json per line,
                  ConvertTo-Json -Depth 20 per body of 100
    Each child reports its time and its own peak working set (VmHWM, /proc/self/status). After each side the stand-in's
    count of tasks added is checked against the count sent. Reported: tasks/s of each side, the ratios of ours to each
    anchor, and our peak working set. A side given fewer tasks than -Count says so in the report.
.PARAMETER ModulePath
    The manifest of the built module folder: out/BatchTask/<version>/BatchTask.psd1.
.PARAMETER Count
    Tasks for ours (default 1,000,000).
.PARAMETER LinesAnchorCount
    Tasks for the lines anchor (default 1,000,000).
.PARAMETER ObjectsAnchorCount
    Tasks for the objects anchor (default 100,000: at its speed a million takes many minutes).
.PARAMETER ThrottleLimit
    Add-BatchTask -ThrottleLimit (default 8, the cmdlet's default).
.EXAMPLE
    ./tests/benchmarks/Measure-Service.ps1 -ModulePath ./out/BatchTask/0.1.0/BatchTask.psd1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    [ValidateRange(100, 100000000)]
    [int] $Count = 1000000,

    [ValidateRange(0, 100000000)]
    [int] $LinesAnchorCount = 1000000,

    [ValidateRange(0, 100000000)]
    [int] $ObjectsAnchorCount = 100000,

    [ValidateRange(1, 64)]
    [int] $ThrottleLimit = 8,

    [string] $GoldenPath
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
if (-not $GoldenPath) { $GoldenPath = Join-Path $PSScriptRoot '../data/golden' }
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$standInDll = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../standin/bin/Release/net10.0/BatchTaskPS.StandIn.dll'))
if (-not (Test-Path -LiteralPath $standInDll)) { throw "The stand-in is not built ($standInDll): run ./build.sh build." }
# This PowerShell's own launcher (a dotnet tool runs as "dotnet pwsh.dll": start pwsh.dll the same way).
$pwsh = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
$pwshArgs = @()
if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { $pwshArgs = @(Join-Path $PSHOME 'pwsh.dll') }

$work = Join-Path ([System.IO.Path]::GetTempPath()) ("batchtaskps-service-" + $PID)
New-Item -ItemType Directory -Path $work -Force | Out-Null

# ------------------------------------------------------------------------------------------- data
# One file of the largest count; a side given fewer tasks reads the first lines of it.
Import-Module -Name $ModulePath
$reader = [BatchTaskPS.Serialization.BatchTaskReader]::new()
$writer = [BatchTaskPS.Serialization.BatchTaskWriter]::new([BatchTaskPS.Serialization.BatchTaskWriterOptions]@{ Shape = 'Create' })
$templates = @(Get-ChildItem -LiteralPath (Join-Path $GoldenPath 'typical') -Filter '*.json' |
        Where-Object Name -NotLike '*.expected.json' | Sort-Object Name |
        ForEach-Object { $reader.ReadTask([System.IO.File]::ReadAllBytes($_.FullName)) })
$largest = [Math]::Max($Count, [Math]::Max($LinesAnchorCount, $ObjectsAnchorCount))
$inputs = @{}
foreach ($n in @($Count, $LinesAnchorCount, $ObjectsAnchorCount) | Where-Object { $_ -gt 0 } | Sort-Object -Unique) {
    $file = Join-Path $work "in-$n.ndjson"
    $stream = [System.IO.File]::Create($file)
    try {
        for ($start = 0; $start -lt $n; $start += 10000) {
            $chunk = [System.Collections.Generic.List[BatchTaskPS.Model.CloudTask]]::new(10000)
            for ($i = $start; $i -lt [Math]::Min($n, $start + 10000); $i++) {
                $t = $templates[$i % $templates.Count].Clone()
                $t.Id = 'task-{0:D8}' -f $i
                $chunk.Add($t)
            }
            $writer.WriteLines($chunk, $stream)
        }
    }
    finally { $stream.Dispose() }
    $inputs[$n] = $file
}
$bytes = (Get-Item -LiteralPath $inputs[$largest]).Length

# ------------------------------------------------------------------------------------------- children
$peak = @'
function Get-PeakKB { [long] ((Get-Content /proc/self/status | Where-Object { $_ -like 'VmHWM:*' }) -replace '[^0-9]', '') }
'@
$oursScript = @'
param($ModulePath, $In, $Url, $JobId, $ThrottleLimit)
Import-Module -Name $ModulePath
$key = [pscredential]::new('bench', (ConvertTo-SecureString 'YmVuY2htYXJrLWtleQ==' -AsPlainText -Force))
$context = New-BatchContext -Endpoint $Url -SharedKeyCredential $key
$clock = [System.Diagnostics.Stopwatch]::StartNew()
ConvertFrom-BatchTaskJson -LiteralPath $In | Add-BatchTask -BatchContext $context -JobId $JobId -ThrottleLimit $ThrottleLimit | Out-Null
"{0};{1}" -f $clock.Elapsed.TotalMilliseconds, (Get-PeakKB)
'@
$linesScript = @'
param($ModulePath, $In, $Url, $JobId, $ThrottleLimit)
$uri = "${Url}jobs/$JobId/addtaskcollection?api-version=2025-06-01"
$headers = @{ Authorization = 'SharedKey bench:not-signed' }
$batch = [System.Collections.Generic.List[string]]::new(100)
$ok = 0
$clock = [System.Diagnostics.Stopwatch]::StartNew()
function Send {
    $body = '{"value":[' + [string]::Join(',', $batch) + ']}'
    $answer = Invoke-RestMethod -Method Post -Uri $uri -Headers $headers -Body ([System.Text.Encoding]::UTF8.GetBytes($body)) -ContentType 'application/json; odata=minimalmetadata; charset=utf-8'
    foreach ($r in $answer.value) { if ($r.status -eq 'Success') { $script:ok++ } }
    $batch.Clear()
}
foreach ($line in [System.IO.File]::ReadLines($In)) {
    if ($line.Length -eq 0) { continue }
    $batch.Add($line)
    if ($batch.Count -eq 100) { Send }
}
if ($batch.Count -gt 0) { Send }
"{0};{1};{2}" -f $clock.Elapsed.TotalMilliseconds, (Get-PeakKB), $ok
'@
$objectsScript = @'
param($ModulePath, $In, $Url, $JobId, $ThrottleLimit)
$uri = "${Url}jobs/$JobId/addtaskcollection?api-version=2025-06-01"
$headers = @{ Authorization = 'SharedKey bench:not-signed' }
$batch = [System.Collections.Generic.List[object]]::new(100)
$ok = 0
$clock = [System.Diagnostics.Stopwatch]::StartNew()
function Send {
    $body = @{ value = $batch } | ConvertTo-Json -Depth 20 -Compress
    $answer = Invoke-RestMethod -Method Post -Uri $uri -Headers $headers -Body ([System.Text.Encoding]::UTF8.GetBytes($body)) -ContentType 'application/json; odata=minimalmetadata; charset=utf-8'
    foreach ($r in $answer.value) { if ($r.status -eq 'Success') { $script:ok++ } }
    $batch.Clear()
}
foreach ($line in [System.IO.File]::ReadLines($In)) {
    if ($line.Length -eq 0) { continue }
    $batch.Add((ConvertFrom-Json -InputObject $line))
    if ($batch.Count -eq 100) { Send }
}
if ($batch.Count -gt 0) { Send }
"{0};{1};{2}" -f $clock.Elapsed.TotalMilliseconds, (Get-PeakKB), $ok
'@
$scripts = @{}
foreach ($name in 'ours', 'lines', 'objects') {
    $path = Join-Path $work "$name.ps1"
    # param() first, then the peak probe, then the body.
    $text = (Get-Variable -Name "${name}Script" -ValueOnly) -split "`n", 2
    Set-Content -LiteralPath $path -Value ($text[0] + "`n" + $peak + $text[1]) -Encoding utf8NoBOM
    $scripts[$name] = $path
}

# ------------------------------------------------------------------------------------------- the stand-in
$psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
$psi.ArgumentList.Add($standInDll)
$psi.ArgumentList.Add('--count-only')
$psi.RedirectStandardOutput = $true
$psi.RedirectStandardInput = $true
$psi.UseShellExecute = $false
$standIn = [System.Diagnostics.Process]::Start($psi)
$line = $standIn.StandardOutput.ReadLine()
if ($line -notmatch '^BATCH_STANDIN_URL=(.+)$') { $standIn.Kill(); throw "The stand-in did not start: $line" }
$url = $Matches[1]

function Get-Added { (Invoke-RestMethod -Uri ($url + '_standin/stats')).TasksAdded }

function Invoke-Side([string] $Name, [int] $N) {
    $before = Get-Added
    $out = & $pwsh @pwshArgs -NoProfile -NonInteractive -File $scripts[$Name] -ModulePath $ModulePath -In $inputs[$N] -Url $url -JobId $Name -ThrottleLimit $ThrottleLimit
    if ($LASTEXITCODE -ne 0) { throw "${Name} failed: $out" }
    $added = (Get-Added) - $before
    if ($added -ne $N) { throw "${Name}: the stand-in counted $added tasks added, not $N" }
    $parts = "$(@($out)[-1])".Trim().Split(';')
    if ($parts.Count -ge 3 -and [long] $parts[2] -ne $N) { throw "${Name}: $($parts[2]) Success results for $N tasks" }
    $ms = [double] $parts[0]
    [pscustomobject][ordered]@{
        Side       = $Name
        Tasks      = $N
        Seconds    = [Math]::Round($ms / 1000, 1)
        'Tasks/s'  = [Math]::Round($N / $ms * 1000)
        'Peak MB'  = [Math]::Round([double] $parts[1] / 1024, 1)
    }
}

try {
    $cpu = @(Get-Content /proc/cpuinfo -ErrorAction SilentlyContinue | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
    $memKB = [double] ((Get-Content /proc/meminfo -TotalCount 1) -replace '[^0-9]', '')
    $machine = '{0}, {1} cores, {2:N0} GiB; {3}; PowerShell {4}, .NET {5}' -f "$cpu", [Environment]::ProcessorCount, ($memKB / 1MB),
        [System.Runtime.InteropServices.RuntimeInformation]::OSDescription, $PSVersionTable.PSVersion, [Environment]::Version
    Write-Host "Machine: $machine"
    Write-Host ("Date: {0:yyyy-MM-dd HH:mm} UTC; module: {1}; input: {2:N0} typical tasks, {3:N0} bytes of NDJSON; Add-BatchTask -ThrottleLimit {4}" -f
        [DateTime]::UtcNow, $ModulePath, $largest, $bytes, $ThrottleLimit)

    $rows = @(Invoke-Side 'ours' $Count)
    if ($LinesAnchorCount -gt 0) { $rows += Invoke-Side 'lines' $LinesAnchorCount }
    if ($ObjectsAnchorCount -gt 0) { $rows += Invoke-Side 'objects' $ObjectsAnchorCount }
    Write-Host ("Finished: {0:yyyy-MM-dd HH:mm} UTC" -f [DateTime]::UtcNow)
    $rows | Format-Table -AutoSize | Out-String -Width 200 | Write-Host

    $ours = $rows[0]
    Write-Host '| side | tasks | seconds | tasks/s | ours / side | peak working set |'
    Write-Host '|---|---:|---:|---:|---:|---:|'
    foreach ($row in $rows) {
        $label = @{ ours = 'ConvertFrom-BatchTaskJson \| Add-BatchTask'; lines = 'anchor: Invoke-RestMethod, 100 NDJSON lines joined as text'; objects = 'anchor: Invoke-RestMethod, ConvertFrom-Json / ConvertTo-Json' }[$row.Side]
        Write-Host ('| {0} | {1:N0} | {2:N1} | {3:N0} | {4} | {5:N1} MB |' -f $label, $row.Tasks, $row.Seconds, $row.'Tasks/s',
            ($row.Side -eq 'ours' ? '' : ('{0:N1}x' -f ($ours.'Tasks/s' / $row.'Tasks/s'))), $row.'Peak MB')
    }
    Write-Host ('Targets: ours >= 10x the anchor; our peak working set <= 300 MB ({0:N1} MB).' -f $ours.'Peak MB')
}
finally {
    $standIn.StandardInput.Close()
    if (-not $standIn.WaitForExit(10000)) { $standIn.Kill() }
    $standIn.Dispose()
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
