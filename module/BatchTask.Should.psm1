# Should -BeValidBatchTask: a Pester 5 assertion over Test-BatchTask, registered when the module is imported into
# a session where Pester 5 is already loaded (as it is inside Invoke-Pester). Nothing is registered otherwise, and
# Pester is never loaded from here: BatchTask does not depend on it. Imported by the module initializer
# (src/BatchTaskPS.Module/ModuleInitializer.cs) only when Pester is loaded;
# it exports nothing.

function Get-BatchTaskFinding {
    # The findings of one input item: tasks, JSON text or a file path. Each finding is a PSCustomObject with
    # Source (file, JSON text or input), Line (0 when not known), Task, Rule, Severity, Path and Message.
    param($Item, [string] $Shape, [switch] $Strict)

    function New-Finding($Source, $Line, $Rule, $Severity, $Path, $Message, $Task = '') {
        [pscustomobject]@{ Source = $Source; Line = $Line; Task = $Task; Rule = $Rule; Severity = $Severity; Path = $Path; Message = $Message }
    }

    if ($null -ne $Item) { $Item = $Item.psobject.BaseObject }

    if ($Item -is [BatchTaskPS.Model.CloudTask]) {
        $label = if ($Item.Id) { "task '$($Item.Id)'" } else { 'task (no id)' }
        foreach ($r in @(BatchTask\Test-BatchTask -InputObject $Item -Detailed -Shape $Shape)) {
            if ($r.Severity -eq 'Error' -or $Strict) { New-Finding '' 0 $r.Rule $r.Severity $r.Path $r.Message $label }
        }
        return
    }

    $text = $null; $source = 'JSON text'; $file = $null
    if ($Item -is [System.IO.FileInfo]) { $file = $Item.FullName }
    elseif ($Item -is [string] -and $Item.TrimStart().StartsWith('{') -or ($Item -is [string] -and $Item.TrimStart().StartsWith('['))) { $text = $Item }
    elseif ($Item -is [string] -and $Item.Trim().Length -gt 0) { $file = $Item }
    else {
        $shown = if ($null -eq $Item) { '$null' } else { "a [$($Item.GetType().FullName)]" }
        New-Finding 'input' 0 'NotATask' 'Error' '' "$shown is not a task, JSON text or the path of a task file."
        return
    }

    if ($null -ne $file) {
        $source = $file
        try {
            $resolved = @(Resolve-Path -LiteralPath $file -ErrorAction Stop)
            $file = $resolved[0].ProviderPath
            $source = $file
            $bytes = [System.IO.File]::ReadAllBytes($file)
        }
        catch {
            New-Finding $source 0 'UnreadableFile' 'Error' '' "The file cannot be read: $($_.Exception.Message)"
            return
        }
        $text = [System.Text.Encoding]::UTF8.GetString($bytes)
        if ($text.Trim().Length -eq 0) {
            New-Finding $source 0 'EmptyFile' 'Error' '' 'The file is empty: it holds no task.'
            return
        }
    }
    else {
        $bytes = [System.Text.Encoding]::UTF8.GetBytes($text)
    }

    $reader = [BatchTaskPS.Serialization.BatchTaskReader]::new()
    $sequence = $reader.OpenSequence([System.IO.MemoryStream]::new($bytes))
    $records = 0
    try {
        foreach ($result in $sequence) {
            $records++
            if ($null -ne $result.Error) {
                $e = $result.Error
                New-Finding $source $e.LineNumber 'InvalidTaskJson' 'Error' $e.JsonPath $e.Reason
                continue
            }
            $id = $result.Task.Id
            $label = if ($id) { "task '$id'" } else { "record $($result.RecordNumber)" }
            foreach ($r in @(BatchTask\Test-BatchTask -InputObject $result.Task -Detailed -Shape $Shape)) {
                if ($r.Severity -eq 'Error' -or $Strict) {
                    $line = [BatchTaskPS.Serialization.JsonLineLocator]::LineOf($bytes, $result.ByteOffset, $r.Path)
                    New-Finding $source $line $r.Rule $r.Severity $r.Path $r.Message $label
                }
            }
        }
    }
    finally {
        $sequence.Dispose()
    }
    if ($records -eq 0) {
        New-Finding $source 0 'EmptyFile' 'Error' '' 'The input holds no task.'
    }
}

function Test-BeValidBatchTask {
    # The operator: $ActualValue is every piped item (SupportsArrayInput), or the one value given.
    param(
        $ActualValue,
        [switch] $Negate,
        [string] $Because,
        [ValidateSet('Full', 'Create')] [string] $Shape = 'Full',
        [switch] $Strict
    )

    $items = @($ActualValue)
    $findings = @()
    if ($null -eq $ActualValue -or $items.Count -eq 0) {
        $items = @()
        $findings = @([pscustomobject]@{ Source = 'input'; Line = 0; Rule = 'NotATask'; Severity = 'Error'; Path = ''; Message = 'No task was given.' })
    }
    foreach ($item in $items) {
        $findings += @(Get-BatchTaskFinding -Item $item -Shape $Shape -Strict:$Strict)
    }

    $valid = $findings.Count -eq 0
    $why = if ($Because) { " because $($Because.Trim().TrimEnd('.'))," } else { '' }
    $what = if ($items.Count -eq 1) { 'the task' } else { "all $($items.Count) inputs" }
    if ($Negate) {
        if ($valid) {
            return [pscustomobject]@{ Succeeded = $false; FailureMessage = "Expected$why $what not to be a valid Batch task ($Shape shape$(if ($Strict) { ', strict' })), but no finding was reported." }
        }
        return [pscustomobject]@{ Succeeded = $true; FailureMessage = $null }
    }

    if ($valid) { return [pscustomobject]@{ Succeeded = $true; FailureMessage = $null } }
    $lines = foreach ($f in $findings) {
        $where = @(@(if ($f.Line -gt 0) { "$($f.Source):$($f.Line)" } else { $f.Source }) + $f.Task | Where-Object { $_ }) -join ', '
        $at = if ($f.Path) { " $($f.Path)" } else { '' }
        "  [$($f.Severity)] $($f.Rule)$($at): $($f.Message) ($where)"
    }
    $count = if ($findings.Count -eq 1) { '1 finding' } else { "$($findings.Count) findings" }
    [pscustomobject]@{
        Succeeded      = $false
        FailureMessage = "Expected$why $what to be a valid Batch task ($Shape shape$(if ($Strict) { ', strict' })), but there $(if ($findings.Count -eq 1) { 'is' } else { 'are' }) ${count}:`n" + ($lines -join "`n")
    }
}

# Register only with a Pester that is already loaded and has Add-ShouldOperator (Pester 5); Get-Module does not
# load anything, where Get-Command could auto-load a Pester from the module path.
$pester = Get-Module -Name Pester | Where-Object { $_.ExportedCommands.ContainsKey('Add-ShouldOperator') } | Select-Object -First 1
if ($pester) {
    try {
        # The same definition again (a second import) is no error for Pester.
        & $pester.ExportedCommands['Add-ShouldOperator'] -Name BeValidBatchTask -Test ${function:Test-BeValidBatchTask} -SupportsArrayInput
    }
    catch {
        Write-Warning "BatchTask: Should -BeValidBatchTask was not registered with Pester: $($_.Exception.Message)"
    }
}

Export-ModuleMember -Function @()
