#Requires -Version 5.1
<#
.SYNOPSIS
    Turns a CSV of hyper-parameter combinations into Azure Batch task bodies, ready to submit.

.DESCRIPTION
    A runbook-style example for the BatchTask module. It runs offline: nothing is sent to Azure.

    1. Reads sweep.csv (one row per task: id, stage, model, learning rate, batch size, slots,
       retries, wall-clock limit, dependencies).
    2. Makes the prepare and report tasks with New-BatchTask, and the training runs with
       New-BatchTaskSweep: one template whose placeholders ({Id}, {Model}, {LearningRate}...)
       are filled from each CSV row (container image, resource and output files with SAS URLs,
       environment settings, dependencies, constraints), every id checked before its task is
       made; the report is the sweep's merge task, depending on every run through an id range.
    3. Checks every task with Test-BatchTask -Detailed -Shape Create, and the sweep as a whole
       with -Collection (duplicate ids, unknown parents, dependency cycles).
    4. Writes the add-task (Create shape) JSON of every task that has no error to OutputPath:
       one <id>.json file per task, sweep.ndjson (one task per line) and addcollection-NNNN.json
       bodies (at most 100 tasks and under 1 MB each) for POST /jobs/{jobId}/addtaskcollection.
    5. Prints a summary table.

    SAS tokens are secrets. They end up in the JSON files (the service needs them), but this
    script never prints them: the summary shows no URLs, and validation messages pass through a
    redaction filter before they are shown.

.PARAMETER CsvPath
    The sweep definition. Default: sweep.csv beside this script.

.PARAMETER OutputPath
    Folder for the JSON files; created if missing. Default: out/ beside this script.

.PARAMETER StorageAccountUrl
    Blob endpoint of the storage account that holds the data and receives the results.

.PARAMETER InputSasToken
    Read/list SAS token for the input container (without the leading '?'). In a real runbook,
    read it from an Automation variable or Key Vault; the default is a fake, well-formed token.

.PARAMETER OutputSasToken
    Create/write SAS token for the results container. Same advice as InputSasToken.

.PARAMETER ContainerImage
    The training image every task runs in.

.EXAMPLE
    ./examples/Invoke-ParameterSweep.ps1

    Builds the sweep in examples/sweep.csv and writes its JSON to examples/out.

.EXAMPLE
    ./examples/Invoke-ParameterSweep.ps1 -OutputPath $env:TEMP/sweep -InputSasToken $sasIn -OutputSasToken $sasOut

    Uses real SAS tokens and another output folder.
#>
[CmdletBinding()]
param(
    [string] $CsvPath = (Join-Path $PSScriptRoot 'sweep.csv'),
    [string] $OutputPath = (Join-Path $PSScriptRoot 'out'),
    [string] $StorageAccountUrl = 'https://sweepdata.blob.core.windows.net',
    [string] $InputSasToken = 'sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-12-31T23:59:59Z&st=2026-11-01T00:00:00Z&spr=https&sig=q8V3fJ2wKx0Yd9pLr4TzN1bHcE7sUaG6mWo5iQvXy3k%3D',
    [string] $OutputSasToken = 'sv=2022-11-02&ss=b&srt=co&sp=cw&se=2026-12-31T23:59:59Z&st=2026-11-01T00:00:00Z&spr=https&sig=Lm2Rt8Zq1Wd4Hs7Kv0Xb3Jn6Pc9Ye5Uf2Ga8To1Ri4s%3D',
    [string] $ContainerImage = 'sweepregistry.azurecr.io/ml/trainer:2.3.1'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

# Use the module that is already loaded (a test may load the built copy); otherwise the repository's.
if (-not (Get-Module -Name BatchTask)) {
    Import-Module (Join-Path $PSScriptRoot ../BatchTask.psd1)
}

# Anything shown on screen goes through this first: it masks SAS signatures and other query values.
function Hide-Secret([string] $Text) {
    if ($null -eq $Text) { return $Text }
    return [BatchTaskPS.Serialization.Redaction]::RedactUrl(($Text -replace '(?i)(sig=)[^&\s"'']+', '$1***'))
}

$inputContainer = "$StorageAccountUrl/cifar10"
$resultsContainer = "$StorageAccountUrl/sweep-results?$OutputSasToken"

# Output files of a task: its results and its stdout/stderr, under runs/<id> and logs/<id>. For the
# sweep's tasks the id is the placeholder {Id}, which New-BatchTaskSweep fills from each CSV row.
function New-SweepOutputFile([string] $TaskId) {
    @(
        @{
            filePattern   = 'outputs/**/*'
            destination   = @{ container = @{ containerUrl = $resultsContainer; path = "runs/$TaskId" } }
            uploadOptions = @{ uploadCondition = 'tasksuccess' }
        },
        @{
            filePattern   = '../std*.txt'
            destination   = @{ container = @{ containerUrl = $resultsContainer; path = "logs/$TaskId" } }
            uploadOptions = @{ uploadCondition = 'taskcompletion' }
        }
    )
}

# 1-2. CSV rows -> tasks. The rows of the prepare and report stages are one task each; the train rows are a
#      sweep: one template with placeholders ({Id}, {Model}, {LearningRate}...) that New-BatchTaskSweep fills
#      from each row, checking every id against the service's rules before it makes the task.
$rows = @(Import-Csv -LiteralPath $CsvPath)
$prepRow = $rows | Where-Object Stage -EQ 'prepare' | Select-Object -First 1
$reportRow = $rows | Where-Object Stage -EQ 'report' | Select-Object -First 1
$trainRows = @($rows | Where-Object Stage -EQ 'train')

$prep = New-BatchTask -Id $prepRow.Id -DisplayName $prepRow.DisplayName -ContainerImage $ContainerImage `
    -CommandLine '/bin/sh -c "python /app/prepare.py --in $AZ_BATCH_TASK_WORKING_DIR/raw --out $AZ_BATCH_NODE_SHARED_DIR/cifar10"' `
    -ResourceFiles @(@{ storageContainerUrl = "$inputContainer`?$InputSasToken"; blobPrefix = 'raw/'; filePath = 'raw' }) `
    -OutputFiles (New-SweepOutputFile $prepRow.Id) `
    -EnvironmentSettings ([ordered]@{ SWEEP_STAGE = 'prepare'; SWEEP_ID = $prepRow.Id }) `
    -RequiredSlots $prepRow.Slots -MaxTaskRetryCount $prepRow.Retries -MaxWallClockTime $prepRow.MaxWallClock -RetentionTime P7D

$trainTemplate = New-BatchTask -Id '{Id}' -DisplayName '{DisplayName}' -ContainerImage $ContainerImage `
    -CommandLine '/bin/sh -c "python /app/train.py --model $MODEL --lr $LEARNING_RATE --batch-size $BATCH_SIZE --epochs $EPOCHS --data $AZ_BATCH_NODE_SHARED_DIR/cifar10 --out outputs"' `
    -ResourceFiles @(@{ httpUrl = "$inputContainer/config/{Model}.yaml?$InputSasToken"; filePath = 'config/{Model}.yaml' }) `
    -OutputFiles (New-SweepOutputFile '{Id}') `
    -EnvironmentSettings ([ordered]@{
        SWEEP_STAGE = 'train'; SWEEP_ID = '{Id}'; MODEL = '{Model}'; LEARNING_RATE = '{LearningRate}'; BATCH_SIZE = '{BatchSize}'; EPOCHS = '{Epochs}' }) `
    -DependsOnTaskId '{DependsOn}' -RetentionTime P7D       # "prep;download" in the CSV gives two parents

# The report waits for the prepare task and (as the sweep's merge task) for every training run: their ids are
# integers, so New-BatchTaskSweep writes that as one compact id range (101-110).
$report = New-BatchTask -Id $reportRow.Id -DisplayName $reportRow.DisplayName -ContainerImage $ContainerImage `
    -CommandLine '/bin/sh -c "python /app/report.py --runs $AZ_BATCH_TASK_WORKING_DIR/runs --out outputs"' `
    -ResourceFiles @(@{ storageContainerUrl = "$StorageAccountUrl/sweep-results?$InputSasToken"; blobPrefix = 'runs/'; filePath = 'runs' }) `
    -OutputFiles (New-SweepOutputFile $reportRow.Id) `
    -EnvironmentSettings ([ordered]@{ SWEEP_STAGE = 'report'; SWEEP_ID = $reportRow.Id }) `
    -DependsOnTaskId @($reportRow.DependsOn -split ';' | Where-Object { $_ }) `
    -RequiredSlots $reportRow.Slots -MaxTaskRetryCount $reportRow.Retries -MaxWallClockTime $reportRow.MaxWallClock -RetentionTime P7D

# Slots, retries and the wall-clock limit differ per row: -Set takes them from the row too. A row whose id the
# service would refuse is not made: its InvalidSweepId error carries the finding, reported with the others below.
$sweepErrors = @()
$trained = @($trainRows | New-BatchTaskSweep -Template $trainTemplate -MergeTask $report `
        -Set @{ RequiredSlots = '{Slots}'; MaxTaskRetryCount = '{Retries}'; MaxWallClockTime = '{MaxWallClock}' } `
        -ErrorAction SilentlyContinue -ErrorVariable sweepErrors)
$tasks = @($prep) + $trained

# 3. Validate: each task against the add-task rules, and (-Collection) the sweep as one job:
#    duplicate ids, dependencies on tasks that are not in the sweep, cycles, ranges that select nothing.
$issues = @($tasks | Test-BatchTask -Detailed -Shape Create -Collection) + @($sweepErrors | ForEach-Object { $_.TargetObject })
$issuesById = @{}
foreach ($issue in $issues) {
    if (-not $issuesById.ContainsKey($issue.TaskId)) { $issuesById[$issue.TaskId] = New-Object System.Collections.ArrayList }
    [void] $issuesById[$issue.TaskId].Add($issue)
}

function Test-HasError($Task) {
    if (-not $issuesById.ContainsKey($Task.Id)) { return $false }
    return @($issuesById[$Task.Id] | Where-Object { "$($_.Severity)" -eq 'Error' }).Count -gt 0
}

# 4. Write the Create-shape JSON of every task without errors.
if (-not (Test-Path -LiteralPath $OutputPath)) {
    New-Item -ItemType Directory -Path $OutputPath | Out-Null
}
$OutputPath = (Resolve-Path -LiteralPath $OutputPath).ProviderPath
$utf8 = New-Object System.Text.UTF8Encoding $false
$ready = @($tasks | Where-Object { -not (Test-HasError $_) })

foreach ($task in $ready) {
    $json = $task | ConvertTo-BatchTaskJson -Shape Create
    [System.IO.File]::WriteAllText((Join-Path $OutputPath "$($task.Id).json"), $json, $utf8)
}

# One task per line, for tools that stream tasks (ConvertFrom-BatchTaskJson reads it back).
$ready | ConvertTo-BatchTaskJson -Shape Create -Path (Join-Path $OutputPath 'sweep.ndjson')

# Add-collection bodies for POST /jobs/{jobId}/addtaskcollection, as addcollection-0001.json, ...:
# a new body starts before one would pass 100 tasks or 1,000,000 bytes. -Force replaces the bodies
# of an earlier run of this script (without it, a folder that holds some is refused, so that runs
# never mix); the folder then holds exactly this run's bodies.
$bodies = @($ready | ConvertTo-BatchTaskJson -Shape AddCollection -OutDirectory $OutputPath -Force)

function Format-Dependency($DependsOn) {
    if ($null -eq $DependsOn) { return '' }
    $parts = @()
    if ($null -ne $DependsOn.TaskIds) { $parts += $DependsOn.TaskIds }
    if ($null -ne $DependsOn.TaskIdRanges) { $parts += @($DependsOn.TaskIdRanges | ForEach-Object { '{0}-{1}' -f $_.Start, $_.End }) }
    return $parts -join ','
}

# 5. Summary. No URLs here; validation messages are redacted before they are shown.
$summary = foreach ($task in $tasks) {
    $found = @()
    if ($issuesById.ContainsKey($task.Id)) { $found = @($issuesById[$task.Id]) }
    [pscustomobject]@{
        Id          = $task.Id
        Slots       = $task.RequiredSlots
        Retries     = $task.Constraints.MaxTaskRetryCount
        WallClock   = [System.Xml.XmlConvert]::ToString([TimeSpan] $task.Constraints.MaxWallClockTime)
        DependsOn   = Format-Dependency $task.DependsOn
        Issues      = $found.Count
        Written     = -not (Test-HasError $task)
    }
}

$summary | Format-Table Id, Slots, Retries, WallClock, DependsOn, Issues, Written -AutoSize | Out-Host

# One line per finding (a table would wrap the messages).
foreach ($issue in $issues) {
    Write-Host ('{0,-8} {1,-7} {2,-20} {3}: {4}' -f $issue.TaskId, $issue.Severity, $issue.Rule, $issue.Path, (Hide-Secret $issue.Message))
}

# Files written by this run: one per ready task, sweep.ndjson and the add-collection bodies.
Write-Host ('{0} of {1} tasks ready in {2} add-collection bodies; {3} files written to {4}' -f $ready.Count, $tasks.Count, $bodies.Count, ($ready.Count + 1 + $bodies.Count), $OutputPath)
