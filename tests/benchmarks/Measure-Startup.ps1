#Requires -Version 7.0
<#
.SYNOPSIS
    Fresh-process timings of the cmdlets against PowerShell's built-in JSON cmdlets, as a runbook meets
    them: a new pwsh per run, no warm-up, converting N typical tasks once.
.DESCRIPTION
    For each size (2,000, 20,000 and 100,000 tasks by default) and each run, starts a new pwsh that
      - ours:     Import-Module <the installed module folder>;
                  ConvertFrom-BatchTaskJson -LiteralPath in.ndjson | ConvertTo-BatchTaskJson -Compress -Path out.ndjson
      - built-in: Get-Content in.ndjson | % { ConvertFrom-Json $_ | ConvertTo-Json -Compress -Depth 20 } | Set-Content out.ndjson
    Each child reports, from its own clock: module import time, the time to the first task out of
    ConvertFrom-BatchTaskJson (ours), and the conversion time of all N tasks. The parent also measures
    the whole process (start to exit). Reported per size: medians over the runs, tasks/s of the
    conversion for both sides in the same run, their ratio, and the ratio of whole-process times.
    The output of every run is checked (line count) after its clock stops.

    With -AnchorModulePath, a second build of the module (the previous main's installed folder, say) is
    measured in the same run, interleaved with the others, so that a change is judged against its anchor
    under the same machine load.

    PowerShell's own share of an import is measured in the same run too: a fresh process that imports an
    empty manifest module (no root module, nothing to export) gives the 'Empty module import ms' column,
    the floor no module can go below on that PowerShell.

    The children run on this PowerShell, or on the one given with -PowerShellPath. Which kind it is matters
    more than anything the module does: the .NET global tool (what ./build.sh setup installs) is IL only and
    JIT-compiles PowerShell's own code in every fresh process, while its platform-specific packages ship
    ReadyToRun images. New-PrecompiledPowerShell.ps1 makes such a copy of the global tool; the report says
    which kind was measured.

    A benchmark, not a test: ./build.sh bench runs it. Inputs are made from tests/data/golden/typical.
.PARAMETER ModulePath
    The manifest of the module folder a user installs: out/BatchTask/<version>/BatchTask.psd1.
.PARAMETER AnchorModulePath
    Optional: the manifest of another build of the module, measured the same way in the same run.
.PARAMETER Sizes
    Task counts to measure (default 2000, 20000, 100000).
.PARAMETER Runs
    Fresh processes per size and side (default 5); medians are reported.
.PARAMETER PowerShellPath
    Optional: the pwsh.dll (started with this process's dotnet) or pwsh executable the children run on,
    e.g. out/pwsh-precompiled/pwsh.dll from New-PrecompiledPowerShell.ps1. Default: this PowerShell.
.EXAMPLE
    ./tests/benchmarks/Measure-Startup.ps1 -ModulePath ./out/BatchTask/0.1.0/BatchTask.psd1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    [string] $AnchorModulePath,

    [int[]] $Sizes = @(2000, 20000, 100000),

    [ValidateRange(1, 100)]
    [int] $Runs = 5,

    [string] $PowerShellPath,

    [string] $GoldenPath
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
if (-not $GoldenPath) { $GoldenPath = Join-Path $PSScriptRoot '../data/golden' }
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
if ($AnchorModulePath) { $AnchorModulePath = (Resolve-Path -LiteralPath $AnchorModulePath).ProviderPath }
# This PowerShell's own launcher (a dotnet tool runs as "dotnet pwsh.dll": start pwsh.dll the same way), or
# the one given.
$pwsh = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
$pwshArgs = @()
$childHome = $PSHOME
if ($PowerShellPath) {
    $PowerShellPath = (Resolve-Path -LiteralPath $PowerShellPath).ProviderPath
    $childHome = Split-Path -Parent $PowerShellPath
    if ([System.IO.Path]::GetExtension($PowerShellPath) -eq '.dll') {
        $pwsh = (Get-Command -Name dotnet -CommandType Application | Select-Object -First 1).Source
        $pwshArgs = @($PowerShellPath)
    } else {
        $pwsh = $PowerShellPath
    }
} elseif ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') {
    $pwshArgs = @(Join-Path $PSHOME 'pwsh.dll')
}
# ReadyToRun (precompiled) or IL only: what the children's PowerShell engine assembly is.
$engine = [System.IO.File]::OpenRead((Join-Path $childHome 'System.Management.Automation.dll'))
try {
    $peReader = [System.Reflection.PortableExecutable.PEReader]::new($engine)
    $precompiled = $peReader.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0
    $peReader.Dispose()
} finally { $engine.Dispose() }
$engineKind = if ($precompiled) { 'precompiled (ReadyToRun images)' } else { 'IL only (JIT-compiled in each process)' }

$work = Join-Path ([System.IO.Path]::GetTempPath()) ("batchtaskps-startup-" + $PID)
New-Item -ItemType Directory -Path $work -Force | Out-Null

# ------------------------------------------------------------------------------------------- data
# Made with the core in this process; the children never see this process's JIT state.
Import-Module -Name $ModulePath
$reader = [BatchTaskPS.Serialization.BatchTaskReader]::new()
$writer = [BatchTaskPS.Serialization.BatchTaskWriter]::new()
$templates = @(Get-ChildItem -LiteralPath (Join-Path $GoldenPath 'typical') -Filter '*.json' |
        Where-Object Name -NotLike '*.expected.json' | Sort-Object Name |
        ForEach-Object { $reader.ReadTask([System.IO.File]::ReadAllBytes($_.FullName)) })
$inputs = @{}
foreach ($n in $Sizes) {
    $tasks = [System.Collections.Generic.List[BatchTaskPS.Model.CloudTask]]::new($n)
    for ($i = 0; $i -lt $n; $i++) {
        $t = $templates[$i % $templates.Count].Clone()
        $t.Id = 'task-{0:D7}' -f $i
        $tasks.Add($t)
    }
    $file = Join-Path $work "in-$n.ndjson"
    $stream = [System.IO.File]::Create($file)
    try { $writer.WriteLines($tasks, $stream) } finally { $stream.Dispose() }
    $inputs[$n] = $file
}

# ------------------------------------------------------------------------------------------- children
$oursScript = @'
param($ModulePath, $In, $Out)
$clock = [System.Diagnostics.Stopwatch]::StartNew()
Import-Module -Name $ModulePath
$import = $clock.Elapsed.TotalMilliseconds
$first = $null
$convert = [System.Diagnostics.Stopwatch]::StartNew()
ConvertFrom-BatchTaskJson -LiteralPath $In |
    ForEach-Object -Begin { } -Process { if ($null -eq $first) { $first = $convert.Elapsed.TotalMilliseconds }; $_ } |
    ConvertTo-BatchTaskJson -Compress -Path $Out
$convertMs = $convert.Elapsed.TotalMilliseconds
"{0};{1};{2}" -f $import, $first, $convertMs
'@
# The same pipeline without the first-task probe: the ForEach-Object above costs time of its own.
$oursPlainScript = @'
param($ModulePath, $In, $Out)
$clock = [System.Diagnostics.Stopwatch]::StartNew()
Import-Module -Name $ModulePath
$import = $clock.Elapsed.TotalMilliseconds
$convert = [System.Diagnostics.Stopwatch]::StartNew()
ConvertFrom-BatchTaskJson -LiteralPath $In | ConvertTo-BatchTaskJson -Compress -Path $Out
"{0};;{1}" -f $import, $convert.Elapsed.TotalMilliseconds
'@
$builtinScript = @'
param($ModulePath, $In, $Out)
$convert = [System.Diagnostics.Stopwatch]::StartNew()
Get-Content -LiteralPath $In | ForEach-Object { ConvertFrom-Json -InputObject $_ | ConvertTo-Json -Compress -Depth 20 } | Set-Content -LiteralPath $Out -Encoding utf8NoBOM
";;{0}" -f $convert.Elapsed.TotalMilliseconds
'@
# PowerShell's own cost of a first Import-Module: an empty manifest module.
$emptyScript = @'
param($ModulePath, $In, $Out)
$clock = [System.Diagnostics.Stopwatch]::StartNew()
Import-Module -Name $ModulePath
"{0};;" -f $clock.Elapsed.TotalMilliseconds
'@
$emptyModule = Join-Path $work 'Empty/Empty.psd1'
New-Item -ItemType Directory -Path (Split-Path $emptyModule) -Force | Out-Null
Set-Content -LiteralPath $emptyModule -Encoding utf8NoBOM -Value "@{ ModuleVersion = '1.0.0'; GUID = '$([guid]::NewGuid())'; FunctionsToExport = @(); CmdletsToExport = @(); VariablesToExport = @(); AliasesToExport = @() }"
$scripts = @{}
foreach ($name in 'ours', 'oursPlain', 'builtin', 'empty') {
    $path = Join-Path $work "$name.ps1"
    Set-Content -LiteralPath $path -Value (Get-Variable -Name "${name}Script" -ValueOnly) -Encoding utf8NoBOM
    $scripts[$name] = $path
}

function Invoke-Child([string] $Script, [string] $Module, [string] $In, [string] $Out) {
    $process = [System.Diagnostics.Stopwatch]::StartNew()
    $line = & $pwsh @pwshArgs -NoProfile -NonInteractive -File $Script -ModulePath $Module -In $In -Out $Out
    $total = $process.Elapsed.TotalMilliseconds
    if ($LASTEXITCODE -ne 0) { throw "child $Script failed: $line" }
    $parts = "$line".Trim().Split(';')
    [pscustomobject]@{
        ImportMs  = if ($parts[0]) { [double]$parts[0] } else { $null }
        FirstMs   = if ($parts[1]) { [double]$parts[1] } else { $null }
        ConvertMs = if ($parts[2]) { [double]$parts[2] } else { $null }
        ProcessMs = $total
    }
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count -eq 0) { return $null }
    $mid = [int][Math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$mid] } else { ($sorted[$mid - 1] + $sorted[$mid]) / 2 }
}

$cpu = @(Get-Content /proc/cpuinfo -ErrorAction SilentlyContinue | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
$machine = '{0}, {1} cores, {2}; PowerShell {3}, .NET {4}' -f "$cpu", [Environment]::ProcessorCount, [System.Runtime.InteropServices.RuntimeInformation]::OSDescription, $PSVersionTable.PSVersion, [Environment]::Version
Write-Host "Machine: $machine"
Write-Host "PowerShell of the children: $childHome, $engineKind"
Write-Host ("Date: {0:yyyy-MM-dd HH:mm} UTC; module: {1}" -f [DateTime]::UtcNow, $ModulePath)
if ($AnchorModulePath) { Write-Host "Anchor: $AnchorModulePath" }
$sides = [ordered]@{ oursPlain = @('oursPlain', $ModulePath); builtin = @('builtin', $ModulePath); ours = @('ours', $ModulePath); empty = @('empty', $emptyModule) }
if ($AnchorModulePath) {
    $sides.anchorPlain = @('oursPlain', $AnchorModulePath)
    $sides.anchor = @('ours', $AnchorModulePath)
}

$rows = foreach ($n in $Sizes) {
    $out = Join-Path $work "out-$n.ndjson"
    $results = @{}
    foreach ($side in $sides.Keys) { $results[$side] = @() }
    for ($r = 0; $r -lt $Runs; $r++) {
        # Interleaved, so that a change in machine load hits every side alike.
        foreach ($side in $sides.Keys) {
            $script, $module = $sides[$side]
            if (Test-Path -LiteralPath $out) { Remove-Item -LiteralPath $out }
            $m = Invoke-Child $scripts[$script] $module $inputs[$n] $out
            if ($script -ne 'empty') {
                $lines = [System.Linq.Enumerable]::Count([System.IO.File]::ReadLines($out))
                if ($lines -ne $n) { throw "$side wrote $lines lines for $n tasks" }
            }
            $results[$side] += $m
        }
    }
    $ours = Get-Median ($results.oursPlain | ForEach-Object ConvertMs)
    $builtin = Get-Median ($results.builtin | ForEach-Object ConvertMs)
    $oursProcess = Get-Median ($results.oursPlain | ForEach-Object ProcessMs)
    $builtinProcess = Get-Median ($results.builtin | ForEach-Object ProcessMs)
    $row = [ordered]@{
        Tasks              = $n
        'Ours tasks/s'     = [Math]::Round($n / $ours * 1000)
        'Built-in tasks/s' = [Math]::Round($n / $builtin * 1000)
        Ratio              = [Math]::Round($builtin / $ours, 1)
        'Process ratio'    = [Math]::Round($builtinProcess / $oursProcess, 1)
        'Import ms'        = [Math]::Round((Get-Median ($results.oursPlain | ForEach-Object ImportMs)), 1)
        'Empty module import ms' = [Math]::Round((Get-Median ($results.empty | ForEach-Object ImportMs)), 1)
        'First task ms'    = [Math]::Round((Get-Median ($results.ours | ForEach-Object FirstMs)), 1)
        'Ours process ms'  = [Math]::Round($oursProcess)
        'Built-in process ms' = [Math]::Round($builtinProcess)
    }
    if ($AnchorModulePath) {
        $anchor = Get-Median ($results.anchorPlain | ForEach-Object ConvertMs)
        $row.'Anchor tasks/s' = [Math]::Round($n / $anchor * 1000)
        $row.'Anchor ratio' = [Math]::Round($builtin / $anchor, 1)
        $row.'Anchor process ratio' = [Math]::Round($builtinProcess / (Get-Median ($results.anchorPlain | ForEach-Object ProcessMs)), 1)
        $row.'Anchor import ms' = [Math]::Round((Get-Median ($results.anchorPlain | ForEach-Object ImportMs)), 1)
        $row.'Anchor first task ms' = [Math]::Round((Get-Median ($results.anchor | ForEach-Object FirstMs)), 1)
    }
    [pscustomobject]$row
}

$rows | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
Write-Host '| tasks | ours tasks/s | built-in tasks/s | ratio | whole-process ratio | import ms | empty module import ms | first task ms |'
Write-Host '|---:|---:|---:|---:|---:|---:|---:|---:|'
foreach ($row in $rows) {
    Write-Host ('| {0:N0} | {1:N0} | {2:N0} | {3:N1}x | {4:N1}x | {5:N1} | {6:N1} | {7:N1} |' -f $row.Tasks, $row.'Ours tasks/s', $row.'Built-in tasks/s', $row.Ratio, $row.'Process ratio', $row.'Import ms', $row.'Empty module import ms', $row.'First task ms')
}
if ($AnchorModulePath) {
    Write-Host ''
    Write-Host 'Anchor, same run (same built-in figures):'
    Write-Host '| tasks | anchor tasks/s | built-in tasks/s | ratio | whole-process ratio | import ms | first task ms |'
    Write-Host '|---:|---:|---:|---:|---:|---:|---:|'
    foreach ($row in $rows) {
        Write-Host ('| {0:N0} | {1:N0} | {2:N0} | {3:N1}x | {4:N1}x | {5:N1} | {6:N1} |' -f $row.Tasks, $row.'Anchor tasks/s', $row.'Built-in tasks/s', $row.'Anchor ratio', $row.'Anchor process ratio', $row.'Anchor import ms', $row.'Anchor first task ms')
    }
}
Remove-Item -LiteralPath $work -Recurse -Force
