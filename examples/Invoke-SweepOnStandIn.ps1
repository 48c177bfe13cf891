#Requires -Version 7.0
<#
.SYNOPSIS
    The whole loop on one machine: the parameter sweep, then the Batch service through the local stand-in.

.DESCRIPTION
    What ./build.sh example runs. Nothing leaves the machine: the "service" is the stand-in for the Batch
    task endpoints (tests/standin, built by ./build.sh build), started here on 127.0.0.1 and stopped at the end.

    1. Runs Invoke-ParameterSweep.ps1: the CSV becomes tasks, checked and written as JSON (sweep.ndjson).
    2. Starts the stand-in and connects to it with New-BatchContext (Shared Key; the stand-in takes any key).
    3. ConvertFrom-BatchTaskJson sweep.ndjson | Add-BatchTask: add-collection requests, one result per
       task, every result appended to added.ndjson (a rerun would skip what it shows as added).
    4. Get-BatchTask: the job's tasks as the service holds them, with their ETags.
    5. Update-BatchTask -IfMatch <the ETag read>: the service changes the task and answers a new ETag.
    6. The same update again with the ETag read in step 5, now stale: the service answers 412 and the
       error is ConditionNotMet (someone changed the task after it was read), which is shown.

    Printed output shows no URL and no SAS token (the sweep's summary and the tables here show ids,
    states and ETags only).

.PARAMETER OutputPath
    Folder for the sweep's JSON files and added.ndjson. Default: out/ beside this script.

.PARAMETER JobId
    The job the tasks are added to (the stand-in makes it on first use).

.PARAMETER TaskId
    The task whose constraints are updated in steps 5 and 6 (one of the sweep's ids).

.EXAMPLE
    ./examples/Invoke-SweepOnStandIn.ps1

    Builds the sweep of examples/sweep.csv, adds it to the stand-in, reads it back and updates task 101.
#>
[CmdletBinding()]
param(
    [string] $OutputPath = (Join-Path $PSScriptRoot 'out'),
    [string] $JobId = 'sweep',
    [string] $TaskId = '101'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

if (-not (Get-Module -Name BatchTask)) {
    Import-Module (Join-Path $PSScriptRoot ../BatchTask.psd1)
}

# 1. The sweep (offline): writes sweep.ndjson among its files and prints its summary.
& (Join-Path $PSScriptRoot 'Invoke-ParameterSweep.ps1') -OutputPath $OutputPath
$OutputPath = (Resolve-Path -LiteralPath $OutputPath).ProviderPath

# 2. The stand-in, as a child process on 127.0.0.1 and a free port; it prints its URL once listening.
$standInDll = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../tests/standin/bin/Release/net10.0/BatchTaskPS.StandIn.dll'))
if (-not (Test-Path -LiteralPath $standInDll)) { throw "The stand-in is not built ($standInDll): run ./build.sh build." }
$psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
$psi.ArgumentList.Add($standInDll)
$psi.RedirectStandardOutput = $true
$psi.RedirectStandardInput = $true
$psi.UseShellExecute = $false
$standIn = [System.Diagnostics.Process]::Start($psi)
try {
    $line = $standIn.StandardOutput.ReadLine()
    if ($line -notmatch '^BATCH_STANDIN_URL=(.+)$') { throw "The stand-in did not start: $line" }
    $endpoint = $Matches[1]
    Write-Host "`nStand-in for the Batch service listening on $endpoint"

    # Shared Key: the account name and key. A real account's key comes from Key Vault or an Automation
    # credential; the stand-in checks only that a key is sent.
    $key = [pscredential]::new('sweepaccount', (ConvertTo-SecureString 'c3RhbmQtaW4ta2V5LW5vdC1hLXNlY3JldA==' -AsPlainText -Force))
    $context = New-BatchContext -Endpoint $endpoint -SharedKeyCredential $key

    # 3. Add: the sweep's tasks, streamed from the NDJSON file, in add-collection requests.
    $resultPath = Join-Path $OutputPath 'added.ndjson'
    if (Test-Path -LiteralPath $resultPath) { Remove-Item -LiteralPath $resultPath }   # a fresh stand-in each run
    $added = @(ConvertFrom-BatchTaskJson -LiteralPath (Join-Path $OutputPath 'sweep.ndjson') |
            Add-BatchTask -BatchContext $context -JobId $JobId -ResultPath $resultPath)
    $succeeded = @($added | Where-Object Status -EQ 'Success')
    Write-Host ("Add-BatchTask: {0} of {1} tasks added to job '{2}' (results in added.ndjson)" -f $succeeded.Count, $added.Count, $JobId)

    # 4. Get: what the service holds now.
    $tasks = @(Get-BatchTask -BatchContext $context -JobId $JobId)
    Write-Host ("Get-BatchTask: {0} tasks in job '{1}'" -f $tasks.Count, $JobId)
    $tasks | Format-Table Id, State, ETag -AutoSize | Out-Host

    # 5. Update with If-Match = the ETag just read: the service changes the task and answers a new ETag.
    $read = Get-BatchTask -BatchContext $context -JobId $JobId -Id $TaskId
    $updated = Update-BatchTask -BatchContext $context -JobId $JobId -Id $TaskId -IfMatch $read.ETag -MaxTaskRetryCount 5
    Write-Host ("Update-BatchTask -IfMatch {0}: task {1} updated (maxTaskRetryCount {2} -> {3}), new ETag {4}" -f
        $read.ETag, $TaskId, $read.Constraints.MaxTaskRetryCount, $updated.Constraints.MaxTaskRetryCount, $updated.ETag)

    # 6. The same update with the ETag read before step 5, now stale: refused with ConditionNotMet, nothing changed.
    $stale = Update-BatchTask -BatchContext $context -JobId $JobId -Id $TaskId -IfMatch $read.ETag -MaxTaskRetryCount 6 `
        -ErrorAction SilentlyContinue -ErrorVariable refused
    if ($null -ne $stale -or $refused.Count -eq 0) { throw 'The update with a stale ETag was not refused.' }
    $reason = @($refused)[0]
    Write-Host ("Update-BatchTask -IfMatch {0} again (stale): refused, {1}: {2}" -f
        $read.ETag, $reason.FullyQualifiedErrorId.Split(',')[0], $reason.Exception.Message)
    $now = Get-BatchTask -BatchContext $context -JobId $JobId -Id $TaskId
    Write-Host ("Task {0} now: maxTaskRetryCount {1}, ETag {2} (the refused update changed nothing)" -f $TaskId, $now.Constraints.MaxTaskRetryCount, $now.ETag)
}
finally {
    # Closing its standard input stops the stand-in.
    $standIn.StandardInput.Close()
    if (-not $standIn.WaitForExit(10000)) { $standIn.Kill() }
    $standIn.Dispose()
}
