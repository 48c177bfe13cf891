<#
.SYNOPSIS
    Times the BatchTask cmdlets against PowerShell's own JSON cmdlets on the same tasks.

.DESCRIPTION
    Makes -Count typical tasks (the golden typical documents, cycled, each with a unique id) as an
    NDJSON file and as a CSV file, then times in this one process:

      1. file to file:  ConvertFrom-BatchTaskJson -Path | ConvertTo-BatchTaskJson -Path
         built-in:      Get-Content | ForEach-Object { ConvertFrom-Json | ConvertTo-Json -Depth 20 -Compress } | Set-Content
      2. CSV to tasks:  Import-Csv | New-BatchTask
         built-in:      Import-Csv | ForEach-Object { <the add-task body as nested hashtables> | ConvertTo-Json -Depth 20 -Compress }
      3. validation:    <tasks> | Test-BatchTask
         built-in:      <JSON lines> | ForEach-Object { ConvertFrom-Json, then check id and commandLine are there }

    and prints tasks/s for each and the ratio (target: the cmdlets at least 10x the built-ins). Where
    both pipelines share a part (Import-Csv; the pipeline itself), that part is timed alone too: the
    built-in's time divided by it is the highest ratio any cmdlet could reach there.
    Every run is preceded by a warm-up on 20,000 tasks and a pause of one second, so that neither
    JIT time nor the tiered JIT's later recompilation of hot code (which runs in the background after
    a delay) is counted, for the built-ins as for the cmdlets.

.PARAMETER ModulePath
    The BatchTask.psd1 to import (the built module: ./BatchTask.psd1 after ./build.sh build, or
    out/BatchTask/<version>/BatchTask.psd1).

.PARAMETER Count
    How many tasks (default 100,000).

.PARAMETER BaselineCount
    How many tasks the built-in pipelines run on (default: the same as -Count). They are slow;
    a smaller number gives the same tasks/s sooner.

.PARAMETER GoldenPath
    The golden cases folder (default: tests/data/golden of this repository).

.EXAMPLE
    ./tests/benchmarks/Measure-Cmdlets.ps1 -ModulePath ./BatchTask.psd1 -Count 100000
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    [ValidateRange(1, 10000000)]
    [int] $Count = 100000,

    [ValidateRange(1, 10000000)]
    [int] $BaselineCount,

    [string] $GoldenPath,

    # Which scenarios to run (wildcards on their names); all when not given.
    [string[]] $Scenario = @('*')
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

if (-not $BaselineCount) { $BaselineCount = $Count }
$BaselineCount = [Math]::Min($BaselineCount, $Count)

if (-not $GoldenPath) { $GoldenPath = Join-Path $PSScriptRoot '../data/golden' }   # the repository's copy

Import-Module -Name $ModulePath -Force
$module = Get-Module -Name BatchTask
if (-not $module) { throw "The module at $ModulePath did not load as 'BatchTask'." }
foreach ($name in 'ConvertFrom-BatchTaskJson', 'ConvertTo-BatchTaskJson', 'New-BatchTask', 'Test-BatchTask') {
    if (-not (Get-Command -Name $name -Module BatchTask -ErrorAction SilentlyContinue)) { throw "The module does not export $name." }
}

$work = Join-Path ([System.IO.Path]::GetTempPath()) ("batchtaskps-cmdlets-" + [System.Diagnostics.Process]::GetCurrentProcess().Id)
New-Item -ItemType Directory -Path $work -Force | Out-Null

# ---------------------------------------------------------------------------------------- data

function New-TaskFiles {
    param([int] $N, [string] $Prefix)

    $reader = [BatchTaskPS.Serialization.BatchTaskReader]::new()
    $writer = [BatchTaskPS.Serialization.BatchTaskWriter]::new()
    $templates = @(Get-ChildItem -LiteralPath (Join-Path $GoldenPath 'typical') -Filter '*.json' |
        Where-Object Name -NotLike '*.expected.json' | Sort-Object Name |
        ForEach-Object { $reader.ReadTask([System.IO.File]::ReadAllBytes($_.FullName)) })
    if ($templates.Count -eq 0) { throw "No typical documents in $GoldenPath/typical." }

    $tasks = [System.Collections.Generic.List[BatchTaskPS.Model.CloudTask]]::new($N)
    $rows = [System.Collections.Generic.List[object]]::new($N)
    for ($i = 0; $i -lt $N; $i++) {
        $t = $templates[$i % $templates.Count].Clone()
        $t.Id = 'task-{0:D7}' -f $i
        $tasks.Add($t)

        # The CSV columns a parameter sweep would have: New-BatchTask parameter names.
        $c = $t.Constraints
        $auto = if ($t.UserIdentity) { $t.UserIdentity.AutoUser } else { $null }
        $rows.Add([pscustomobject][ordered]@{
            Id                = $t.Id
            DisplayName       = $t.DisplayName
            CommandLine       = $t.CommandLine
            MaxWallClockTime  = if ($c -and $null -ne $c.MaxWallClockTime) { [System.Xml.XmlConvert]::ToString([timespan]$c.MaxWallClockTime) } else { '' }
            RetentionTime     = if ($c -and $null -ne $c.RetentionTime) { [System.Xml.XmlConvert]::ToString([timespan]$c.RetentionTime) } else { '' }
            MaxTaskRetryCount = if ($c -and $null -ne $c.MaxTaskRetryCount) { [string]$c.MaxTaskRetryCount } else { '' }
            RequiredSlots     = if ($null -ne $t.RequiredSlots) { [string]$t.RequiredSlots } else { '' }
            AutoUserScope     = if ($auto -and $null -ne $auto.Scope) { $auto.Scope.Value } else { '' }
            ElevationLevel    = if ($auto -and $null -ne $auto.ElevationLevel) { $auto.ElevationLevel.Value } else { '' }
            ContainerImage    = if ($t.ContainerSettings) { $t.ContainerSettings.ImageName } else { '' }
            AffinityId        = if ($t.AffinityInfo) { $t.AffinityInfo.AffinityId } else { '' }
        })
    }

    $ndjson = Join-Path $work "$Prefix.ndjson"
    $stream = [System.IO.File]::Create($ndjson)
    try { $writer.WriteLines($tasks, $stream) } finally { $stream.Dispose() }
    $csv = Join-Path $work "$Prefix.csv"
    $rows | Export-Csv -LiteralPath $csv -NoTypeInformation -Encoding utf8
    [pscustomobject]@{ Ndjson = $ndjson; Csv = $csv; Tasks = $tasks; Lines = [System.IO.File]::ReadAllLines($ndjson) }
}

# ---------------------------------------------------------------------------------------- scenarios
# Each returns how many tasks it produced, so that a silent failure cannot look fast.

$scenarios = [ordered]@{
    'File to file (-Path to -Path)' = @{
        # File scenarios return a counter, run after the clock stops: checking the output is not part of the pipeline.
        Ours    = { param($d, $out) ConvertFrom-BatchTaskJson -Path $d.Ndjson | ConvertTo-BatchTaskJson -Path $out; { [System.Linq.Enumerable]::Count([System.IO.File]::ReadLines($out)) }.GetNewClosure() }
        Builtin = {
            param($d, $out)
            Get-Content -LiteralPath $d.Ndjson | ForEach-Object { ConvertFrom-Json -InputObject $_ | ConvertTo-Json -Depth 20 -Compress } |
                Set-Content -LiteralPath $out -Encoding utf8NoBOM
            { [System.Linq.Enumerable]::Count([System.IO.File]::ReadLines($out)) }.GetNewClosure()
        }
        BuiltinText = 'Get-Content | % { ConvertFrom-Json | ConvertTo-Json -Depth 20 -Compress } | Set-Content'
        OursText    = 'ConvertFrom-BatchTaskJson -Path | ConvertTo-BatchTaskJson -Path'
        # Issue 16 and the README set a target for this scenario: 10x the built-ins.
        Target      = 10
    }
    'CSV to tasks' = @{
        Ours    = { param($d, $out) @(Import-Csv -LiteralPath $d.Csv | New-BatchTask).Count }
        Builtin = {
            param($d, $out)
            @(Import-Csv -LiteralPath $d.Csv | ForEach-Object {
                $body = [ordered]@{ id = $_.Id; displayName = $_.DisplayName; commandLine = $_.CommandLine }
                $constraints = [ordered]@{}
                if ($_.MaxWallClockTime) { $constraints.maxWallClockTime = $_.MaxWallClockTime }
                if ($_.RetentionTime) { $constraints.retentionTime = $_.RetentionTime }
                if ($_.MaxTaskRetryCount) { $constraints.maxTaskRetryCount = [int]$_.MaxTaskRetryCount }
                if ($constraints.Count) { $body.constraints = $constraints }
                if ($_.RequiredSlots) { $body.requiredSlots = [int]$_.RequiredSlots }
                if ($_.AutoUserScope -or $_.ElevationLevel) {
                    $auto = [ordered]@{}
                    if ($_.AutoUserScope) { $auto.scope = $_.AutoUserScope }
                    if ($_.ElevationLevel) { $auto.elevationLevel = $_.ElevationLevel }
                    $body.userIdentity = @{ autoUser = $auto }
                }
                if ($_.ContainerImage) { $body.containerSettings = @{ imageName = $_.ContainerImage } }
                if ($_.AffinityId) { $body.affinityInfo = @{ affinityId = $_.AffinityId } }
                ConvertTo-Json -InputObject $body -Depth 20 -Compress
            }).Count
        }
        BuiltinText = 'Import-Csv | % { <nested hashtables> | ConvertTo-Json -Depth 20 -Compress }'
        OursText    = 'Import-Csv | New-BatchTask'
        # Both pipelines start with Import-Csv: its own time bounds the ratio that is possible at all.
        # Counted, not kept: holding 100,000 rows in an array costs the collector more than the rows cost to read.
        Shared      = { param($d, $out) (Import-Csv -LiteralPath $d.Csv | Measure-Object).Count }
        SharedText  = 'Import-Csv alone'
        # Issue 12's target: 1.5x the built-in script (Import-Csv alone caps it at about 1.7-1.9x).
        Target      = 1.5
    }
    'Validation' = @{
        Ours    = { param($d, $out) @($d.Tasks | Test-BatchTask).Count }
        Builtin = {
            param($d, $out)
            @($d.Lines | ForEach-Object { $o = ConvertFrom-Json -InputObject $_; [bool]($o.id -and $o.commandLine) }).Count
        }
        BuiltinText = '<lines> | % { ConvertFrom-Json; id and commandLine present }'
        OursText    = '<tasks> | Test-BatchTask'
        # The pipeline itself: one compiled cmdlet that does nothing per object.
        Shared      = { param($d, $out) @($d.Tasks | Select-Object -First ([int]::MaxValue)).Count }
        SharedText  = '<tasks> | Select-Object (pipeline cost alone)'
    }
}

function Measure-Scenario {
    param([scriptblock] $Block, $Data, [string] $Out)
    [System.GC]::Collect()
    [System.GC]::WaitForPendingFinalizers()
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $produced = & $Block $Data $Out
    $clock.Stop()
    if ($produced -is [scriptblock]) { $produced = & $produced }
    if ($produced -ne $Data.Tasks.Count) { throw "expected $($Data.Tasks.Count) tasks out, got $produced" }
    [pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; TasksPerSecond = $Data.Tasks.Count / $clock.Elapsed.TotalSeconds }
}

try {
    Write-Host ("BatchTask {0} from {1}; PowerShell {2}; {3} logical processors; {4:yyyy-MM-dd HH:mm} UTC" -f
        $module.Version, $module.ModuleBase, $PSVersionTable.PSVersion, [Environment]::ProcessorCount, [DateTime]::UtcNow)
    Write-Host "making $Count typical tasks (and $BaselineCount for the built-ins)..."
    $warm = New-TaskFiles -N ([Math]::Min(20000, $Count)) -Prefix 'warm'
    $data = New-TaskFiles -N $Count -Prefix 'tasks'
    $baseData = if ($BaselineCount -eq $Count) { $data } else { New-TaskFiles -N $BaselineCount -Prefix 'baseline' }

    $results = foreach ($name in $scenarios.Keys) {
        if (-not ($Scenario | Where-Object { $name -like $_ })) { continue }
        $s = $scenarios[$name]
        $null = Measure-Scenario -Block $s.Ours -Data $warm -Out (Join-Path $work 'warm-ours.ndjson')
        $null = Measure-Scenario -Block $s.Builtin -Data $warm -Out (Join-Path $work 'warm-builtin.ndjson')
        Start-Sleep -Seconds 1
        $ours = Measure-Scenario -Block $s.Ours -Data $data -Out (Join-Path $work 'ours.ndjson')
        $builtin = Measure-Scenario -Block $s.Builtin -Data $baseData -Out (Join-Path $work 'builtin.ndjson')
        $ratio = $ours.TasksPerSecond / $builtin.TasksPerSecond
        $ceiling = $null
        if ($s.ContainsKey('Shared')) {
            $null = Measure-Scenario -Block $s.Shared -Data $warm -Out $null
            $shared = Measure-Scenario -Block $s.Shared -Data $data -Out $null
            # The cmdlets cannot take less than the shared part, so the best ratio is built-in time / shared time.
            $ceiling = $shared.TasksPerSecond / $builtin.TasksPerSecond
            Write-Host ("  {0}: {1:N0} tasks/s, so no cmdlet can beat the built-in by more than {2:N1}x here" -f $s.SharedText, $shared.TasksPerSecond, $ceiling)
        }
        $row = [pscustomobject][ordered]@{
            Scenario         = $name
            Tasks            = $data.Tasks.Count
            'Cmdlets s'      = [Math]::Round($ours.Seconds, 2)
            'Cmdlets tasks/s' = [Math]::Round($ours.TasksPerSecond)
            'Built-in tasks' = $baseData.Tasks.Count
            'Built-in s'     = [Math]::Round($builtin.Seconds, 2)
            'Built-in tasks/s' = [Math]::Round($builtin.TasksPerSecond)
            Ratio            = [Math]::Round($ratio, 1)
            'Ratio ceiling'  = if ($null -ne $ceiling) { [Math]::Round($ceiling, 1) } else { $null }
            'Target'         = if (-not $s.ContainsKey('Target')) { 'no target' } elseif ($ratio -ge $s.Target) { "PASS (>= $($s.Target)x)" } else { "FAIL (>= $($s.Target)x)" }
        }
        Write-Host ("{0}: {1} = {2:N0} tasks/s; built-in {3} = {4:N0} tasks/s; {5:N1}x" -f $name, $s.OursText, $ours.TasksPerSecond, $s.BuiltinText, $builtin.TasksPerSecond, $ratio)
        $row
    }

    $results | Format-Table -AutoSize | Out-String -Width 240 | Write-Host
    Write-Host '| scenario | tasks | cmdlets tasks/s | built-in tasks/s | ratio | ceiling (shared part) | target |'
    Write-Host '|---|---:|---:|---:|---:|---:|---|'
    foreach ($r in $results) {
        $c = if ($null -ne $r.'Ratio ceiling') { '{0:N1}x' -f $r.'Ratio ceiling' } else { '-' }
        Write-Host ('| {0} | {1:N0} | {2:N0} | {3:N0} | {4:N1}x | {5} | {6} |' -f $r.Scenario, $r.Tasks, $r.'Cmdlets tasks/s', $r.'Built-in tasks/s', $r.Ratio, $c, $r.'Target')
    }
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
