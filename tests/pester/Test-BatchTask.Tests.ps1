BeforeAll {
    . (Join-Path $PSScriptRoot common.ps1)
    $script:valid = New-BatchTask -Id ok -CommandLine 'echo ok'
    $script:noCommand = [BatchTaskPS.Model.CloudTask]@{ Id = 'nocmd' }
    $script:warnOnly = New-BatchTask -Id dup -CommandLine c -EnvironmentSettings @(@{ name = 'A'; value = '1' }, @{ name = 'A'; value = '2' })
    $script:taskGet = ConvertFrom-BatchTaskJson -Path (Join-Path $TestRealWorld TaskGet.response.json)
}

Describe 'Test-BatchTask' {
    Context 'default bool output' {
        It '<Name> gives <Expected>' -TestCases @(
            @{ Name = 'a valid task'; Task = 'valid'; Strict = $false; Expected = $true }
            @{ Name = 'a task without a command line'; Task = 'noCommand'; Strict = $false; Expected = $false }
            @{ Name = 'a task with only a warning'; Task = 'warnOnly'; Strict = $false; Expected = $true }
            @{ Name = 'a task with only a warning, -Strict'; Task = 'warnOnly'; Strict = $true; Expected = $false }
            @{ Name = 'a valid task, -Strict'; Task = 'valid'; Strict = $true; Expected = $true }
        ) {
            param($Name, $Task, $Strict, $Expected)
            $result = Get-Variable -Name $Task -ValueOnly | Test-BatchTask -Strict:$Strict
            $result | Should -BeOfType ([bool])
            $result | Should -Be $Expected
        }

        It 'gives False without -Collection for a task that depends on itself through <Name> (rule D7, an error)' -TestCases @(
            @{ Name = 'its own id in another letter case'; Task = { New-BatchTask -Id self -CommandLine c -DependsOnTaskId other, SELF }; Path = '$.dependsOn.taskIds' }
            @{ Name = 'a range holding its integer id'; Task = { New-BatchTask -Id '0042' -CommandLine c -DependsOnTaskIdRange '1-10', '40-50' }; Path = '$.dependsOn.taskIdRanges[1]' }
            @{ Name = 'a range holding an id with 18 leading zeros'; Task = { New-BatchTask -Id '0000000000000000004' -CommandLine c -DependsOnTaskIdRange '4-4' }; Path = '$.dependsOn.taskIdRanges[0]' }
        ) {
            param($Name, $Task, $Path)
            & $Task | Test-BatchTask | Should -BeFalse
            $records = @(& $Task | Test-BatchTask -Detailed)
            $records.Count | Should -Be 1
            $records[0].Rule | Should -Be 'D7'
            $records[0].Severity | Should -Be 'Error'
            $records[0].Path | Should -Be $Path
            $records[0].Scope | Should -Be 'Task'
            # -Collection agrees: the same one-task cycle is a DependencyCycle error there.
            & $Task | Test-BatchTask -Collection | Should -BeFalse
            (& $Task | Test-BatchTask -Collection -Detailed | Where-Object Scope -EQ 'Collection').Rule | Should -Contain 'DependencyCycle'
        }

        It 'gives one bool per piped task' {
            @($valid, $noCommand, $valid | Test-BatchTask) | Should -Be @($true, $false, $true)
        }
    }

    Context '-Detailed' {
        It 'gives one record per finding, with its path and rule' {
            $records = @($noCommand | Test-BatchTask -Detailed)
            $records.Count | Should -Be 1
            $r = $records[0]
            $r | Should -BeOfType ([BatchTaskPS.Commands.TaskValidationRecord])
            $r.TaskId | Should -Be 'nocmd'
            $r.Path | Should -Be '$.commandLine'
            $r.Property | Should -Be 'commandLine'
            $r.Rule | Should -Be 'T7'
            $r.Severity | Should -Be 'Error'
            $r.TypeName | Should -Be 'CloudTask'
            $r.Message | Should -Not -BeNullOrEmpty
        }

        It 'gives nothing for a valid task' {
            $valid | Test-BatchTask -Detailed | Should -BeNullOrEmpty
        }

        It 'reports warnings as records too' {
            $records = @($warnOnly | Test-BatchTask -Detailed)
            $records.Severity | Should -Be @('Warning')
            $records.Rule | Should -Be @('DuplicateEnvironmentName')
        }

        It 'reports the real-world TaskGet example breaking rule T9 (multi-instance with requiredSlots 2)' {
            $records = @($taskGet | Test-BatchTask -Detailed)
            $records.Rule | Should -Contain 'T9'
            ($records | Where-Object Rule -eq 'T9').Path | Should -Be '$.requiredSlots'
        }

        It 'with -Shape Create also reports the service-owned properties' {
            $full = @($taskGet | Test-BatchTask -Detailed)
            $create = @($taskGet | Test-BatchTask -Detailed -Shape Create)
            $create.Count | Should -BeGreaterThan $full.Count
            ($create | Where-Object Path -eq '$.eTag').Rule | Should -Be 'T12'
        }

        It 'shows records in the table view, grouped by task' {
            $text = $noCommand | Test-BatchTask -Detailed | Format-Table | Out-String -Width 200
            $text | Should -BeLike '*TaskId: nocmd*Severity*Rule*Path*Message*'
            $text | Should -BeLike '*Error*T7*$.commandLine*The command line is required*'
        }
    }

    Context 'values the service refuses' {
        It '<Name> gives False and rule <Rule> at <Path>' -TestCases @(
            @{ Name = 'an empty httpUrl'; Json = '"resourceFiles":[{"httpUrl":"","filePath":"in.txt"}]'; Rule = 'UrlFormat'; Path = '$.resourceFiles[0].httpUrl' }
            @{ Name = 'httpUrl "not a url"'; Json = '"resourceFiles":[{"httpUrl":"not a url","filePath":"in.txt"}]'; Rule = 'UrlFormat'; Path = '$.resourceFiles[0].httpUrl' }
            @{ Name = 'httpUrl "/c/in.txt"'; Json = '"resourceFiles":[{"httpUrl":"/c/in.txt","filePath":"in.txt"}]'; Rule = 'UrlFormat'; Path = '$.resourceFiles[0].httpUrl' }
            @{ Name = 'an ftp storageContainerUrl'; Json = '"resourceFiles":[{"storageContainerUrl":"ftp://a.blob.core.windows.net/in"}]'; Rule = 'UrlFormat'; Path = '$.resourceFiles[0].storageContainerUrl' }
            @{ Name = 'a storageContainerUrl without a scheme'; Json = '"resourceFiles":[{"storageContainerUrl":"a.blob.core.windows.net/in"}]'; Rule = 'UrlFormat'; Path = '$.resourceFiles[0].storageContainerUrl' }
            @{ Name = 'an ftp containerUrl'; Json = '"outputFiles":[{"filePattern":"*.log","destination":{"container":{"containerUrl":"ftp://a.blob.core.windows.net/out"}},"uploadOptions":{"uploadCondition":"taskcompletion"}}]'; Rule = 'O3'; Path = '$.outputFiles[0].destination.container.containerUrl' }
            @{ Name = 'an empty filePattern'; Json = '"outputFiles":[{"filePattern":"","destination":{"container":{"containerUrl":"https://a.blob.core.windows.net/out"}},"uploadOptions":{"uploadCondition":"taskcompletion"}}]'; Rule = 'O1'; Path = '$.outputFiles[0].filePattern' }
            @{ Name = 'an empty affinityId'; Json = '"affinityInfo":{"affinityId":""}'; Rule = 'F1'; Path = '$.affinityInfo.affinityId' }
            @{ Name = 'an empty username'; Json = '"userIdentity":{"username":""}'; Rule = 'U3'; Path = '$.userIdentity.username' }
            @{ Name = 'an empty autoStorageContainerName'; Json = '"resourceFiles":[{"autoStorageContainerName":""}]'; Rule = 'R1'; Path = '$.resourceFiles[0].autoStorageContainerName' }
            @{ Name = 'an empty environment name'; Json = '"environmentSettings":[{"name":"","value":"1"}]'; Rule = 'V1'; Path = '$.environmentSettings[0].name' }
            @{ Name = 'environment name "A=B"'; Json = '"environmentSettings":[{"name":"OK","value":"1"},{"name":"A=B","value":"1"}]'; Rule = 'V1'; Path = '$.environmentSettings[1].name' }
            @{ Name = 'an environment name holding NUL'; Json = '"environmentSettings":[{"name":"A\u0000B","value":"1"}]'; Rule = 'V1'; Path = '$.environmentSettings[0].name' }
        ) {
            param($Name, $Json, $Rule, $Path)
            $task = ('{"id":"t","commandLine":"c",' + $Json + '}') | ConvertFrom-BatchTaskJson
            $task | Test-BatchTask | Should -BeFalse
            $records = @($task | Test-BatchTask -Detailed)
            $records.Count | Should -Be 1
            $records[0].Rule | Should -Be $Rule
            $records[0].Path | Should -Be $Path
            $records[0].Severity | Should -Be 'Error'
        }

        It 'does not show a SAS signature of a refused URL' {
            $records = @('{"id":"t","commandLine":"c","resourceFiles":[{"storageContainerUrl":"ftp://a/in?sig=' + $SecretSig + '"}]}' |
                ConvertFrom-BatchTaskJson | Test-BatchTask -Detailed)
            $records.Rule | Should -Be 'UrlFormat'
            ($records | Out-String) + $records[0].ToString() | Should -Not -Match $SecretSig
        }
    }

    Context 'unknown properties' {
        It 'reports a typo as a warning with its JSON path and the key it probably means: <Json>' -TestCases @(
            @{ Json = '{"id":"a","commandLine":"c","constraints":{"maxWallClokTime":"PT1H"}}'; Path = '$.constraints.maxWallClokTime'; Meant = 'maxWallClockTime'; Type = 'TaskConstraints' }
            @{ Json = '{"id":"a","commandLine":"c","comandLine":"d"}'; Path = '$.comandLine'; Meant = 'commandLine'; Type = 'CloudTask' }
            @{ Json = '{"id":"a","commandLine":"c","resourceFiles":[{"httpUrl":"https://a/b","filePath":"b","fileMod":"0644"}]}'; Path = '$.resourceFiles[0].fileMod'; Meant = 'fileMode'; Type = 'ResourceFile' }
        ) {
            param($Json, $Path, $Meant, $Type)
            $task = $Json | ConvertFrom-BatchTaskJson
            $task | Test-BatchTask | Should -BeTrue
            $task | Test-BatchTask -Strict | Should -BeFalse
            $records = @($task | Test-BatchTask -Detailed)
            $records.Count | Should -Be 1
            $records[0].Rule | Should -Be 'UnknownProperty'
            $records[0].Severity | Should -Be 'Warning'
            $records[0].Path | Should -Be $Path
            $records[0].TypeName | Should -Be $Type
            $records[0].Message | Should -BeLike "*did you mean '$Meant'?*"
            # Still kept and written back.
            $task | ConvertTo-BatchTaskJson -Compress | Should -BeExactly $Json
        }

        It 'reports an unknown property that is close to no key without a suggestion' {
            $records = @('{"id":"a","commandLine":"c","futureFeature":true}' | ConvertFrom-BatchTaskJson | Test-BatchTask -Detailed)
            $records.Rule | Should -Be 'UnknownProperty'
            $records[0].Message | Should -Not -BeLike '*did you mean*'
        }

        It 'does not report OData annotations or properties of other service versions (odata.metadata, runElevated)' {
            $taskGet | Test-BatchTask -Detailed | Where-Object Rule -EQ 'UnknownProperty' | Should -BeNullOrEmpty
            '{"odata.metadata":"https://a.batch.azure.com/$metadata#tasks/@Element","id":"a","commandLine":"c","runElevated":false}' |
                ConvertFrom-BatchTaskJson | Test-BatchTask -Strict | Should -BeTrue
        }
    }

    Context '-Collection' {
        BeforeAll {
            function T([string] $Id, [string[]] $DependsOn, [string[]] $Ranges, [string] $CommandLine = 'c') {
                $p = @{ Id = $Id; CommandLine = $CommandLine }
                if ($DependsOn) { $p.DependsOnTaskId = $DependsOn }
                if ($Ranges) { $p.DependsOnTaskIdRange = $Ranges }
                New-BatchTask @p
            }
        }

        It 'reports <Name> as <Rule> on record <Record>' -TestCases @(
            @{ Name = 'a duplicate id (ignoring case)'; Tasks = { T a; T b; T A }; Rule = 'DuplicateTaskId'; ServiceRule = 'T4'; Severity = 'Error'; Record = 3; TaskId = 'A'; Path = '$.id'; Property = 'id' }
            @{ Name = 'a parent that is not in the set'; Tasks = { T a; T b -DependsOn zz }; Rule = 'UnknownDependency'; ServiceRule = $null; Severity = 'Warning'; Record = 2; TaskId = 'b'; Path = '$.dependsOn.taskIds'; Property = 'taskIds' }
            @{ Name = 'a cycle through task ids'; Tasks = { T a -DependsOn c; T b -DependsOn a; T c -DependsOn b }; Rule = 'DependencyCycle'; ServiceRule = $null; Severity = 'Error'; Record = 2; TaskId = 'b'; Path = '$.dependsOn.taskIds'; Property = 'taskIds' }
            @{ Name = 'a cycle through an id range'; Tasks = { T 1 -Ranges '2-5'; T 2; T 3 -Ranges '1-1' }; Rule = 'DependencyCycle'; ServiceRule = $null; Severity = 'Error'; Record = 3; TaskId = '3'; Path = '$.dependsOn.taskIdRanges[0]'; Property = 'taskIdRanges' }
            @{ Name = 'a range that selects no task'; Tasks = { T 1; T x -Ranges '5-9' }; Rule = 'EmptyDependencyRange'; ServiceRule = 'D5'; Severity = 'Warning'; Record = 2; TaskId = 'x'; Path = '$.dependsOn.taskIdRanges[0]'; Property = 'taskIdRanges' }
            @{ Name = 'a cycle through an id with 18 leading zeros (D5: it is 4)'; Tasks = { T '0000000000000000004' -DependsOn x; T x -Ranges '4-4' }; Rule = 'DependencyCycle'; ServiceRule = $null; Severity = 'Error'; Record = 2; TaskId = 'x'; Path = '$.dependsOn.taskIdRanges[0]'; Property = 'taskIdRanges' }
            @{ Name = 'a range up to 2147483647 and an id above it'; Tasks = { T '2147483648'; T x -Ranges '0-2147483647' }; Rule = 'EmptyDependencyRange'; ServiceRule = 'D5'; Severity = 'Warning'; Record = 2; TaskId = 'x'; Path = '$.dependsOn.taskIdRanges[0]'; Property = 'taskIdRanges' }
        ) {
            param($Name, $Tasks, $Rule, $ServiceRule, $Severity, $Record, $TaskId, $Path, $Property)
            $records = @(& $Tasks | Test-BatchTask -Collection -Detailed | Where-Object Scope -EQ 'Collection')
            $records.Count | Should -Be 1
            $r = $records[0]
            $r | Should -BeOfType ([BatchTaskPS.Commands.TaskValidationRecord])
            $r.Rule | Should -Be $Rule
            $r.ServiceRule | Should -Be $ServiceRule
            $r.Severity | Should -Be $Severity
            $r.RecordNumber | Should -Be $Record
            $r.TaskId | Should -BeExactly $TaskId
            $r.Path | Should -Be $Path
            $r.Property | Should -Be $Property
            $r.Message | Should -Not -BeNullOrEmpty
            # Without -Collection the tasks are only checked one by one.
            @(& $Tasks | Test-BatchTask -Detailed | Where-Object Rule -EQ $Rule) | Should -BeNullOrEmpty
        }

        It 'reports D2 once when the parent ids add up to more than 64,000 characters (the per-task rule; the collection check would repeat it)' {
            $parents = 1..1100 | ForEach-Object { 'p' * 59 + $_.ToString('00000') }
            $records = @(New-BatchTask -Id big -CommandLine c -DependsOnTaskId $parents | Test-BatchTask -Collection -Detailed | Where-Object Rule -EQ 'D2')
            $records.Count | Should -Be 1
            $records[0].ServiceRule | Should -Be 'D2'
            $records[0].Severity | Should -Be 'Error'
            $records[0].Path | Should -Be '$.dependsOn.taskIds'
            New-BatchTask -Id big -CommandLine c -DependsOnTaskId $parents | Test-BatchTask -Collection | Should -BeFalse
        }

        It 'still runs the per-task rules, with record numbers and service rules' {
            $records = @((T a), $noCommand, (T a) | Test-BatchTask -Collection -Detailed)
            $task = @($records | Where-Object Scope -EQ 'Task')
            $task.Count | Should -Be 1
            $task[0].Rule | Should -Be 'T7'
            $task[0].ServiceRule | Should -Be 'T7'
            $task[0].RecordNumber | Should -Be 2
            $task[0].TaskId | Should -Be 'nocmd'
            ($records | Where-Object Scope -EQ 'Collection').Rule | Should -Be 'DuplicateTaskId'
        }

        It 'gives one bool for <Name>: <Expected>' -TestCases @(
            @{ Name = 'a clean set'; Tasks = { T a; T b -DependsOn a; T 1; T 2 -Ranges '1-1' }; Strict = $false; Expected = $true }
            @{ Name = 'a duplicate id'; Tasks = { T a; T b; T A }; Strict = $false; Expected = $false }
            @{ Name = 'a cycle'; Tasks = { T a -DependsOn b; T b -DependsOn a }; Strict = $false; Expected = $false }
            @{ Name = 'a per-task error only'; Tasks = { T a; $noCommand }; Strict = $false; Expected = $false }
            @{ Name = 'warnings only'; Tasks = { T a -DependsOn elsewhere }; Strict = $false; Expected = $true }
            @{ Name = 'warnings only, -Strict'; Tasks = { T a -DependsOn elsewhere }; Strict = $true; Expected = $false }
            @{ Name = 'no tasks'; Tasks = { }; Strict = $false; Expected = $true }
        ) {
            param($Name, $Tasks, $Strict, $Expected)
            $out = @(& $Tasks | Test-BatchTask -Collection -Strict:$Strict)
            $out.Count | Should -Be 1
            $out[0] | Should -BeOfType ([bool])
            $out[0] | Should -Be $Expected
        }

        It 'emits per-task records as the tasks come, and the collection findings at the end' {
            $script:produced = 0
            $seen = 1..3 | ForEach-Object { $script:produced++; if ($_ -eq 2) { $noCommand } else { T "s$_" } } |
                Test-BatchTask -Collection -Detailed | ForEach-Object { '{0}:{1}' -f $_.Rule, $script:produced }
            $seen | Should -Be @('T7:2')
        }

        It 'does not keep the tasks: an early task is garbage-collected while the pipeline still runs' {
            $script:weak = $null; $script:alive = $null
            $out = 1..2000 | ForEach-Object {
                $t = New-BatchTask -Id "w$_" -CommandLine ('x' * 1000) -DependsOnTaskId 'w1'
                if ($_ -eq 1) { $script:weak = [WeakReference]::new($t) }
                if ($_ -eq 2000) { [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect(); $script:alive = $script:weak.IsAlive }
                $t
            } | Test-BatchTask -Collection
            $out | Should -BeFalse    # w1 depends on itself
            $alive | Should -BeFalse
        }

        It 'shows the record number, scope and service rule in the list view' {
            $text = (New-BatchTask -Id a -CommandLine c), (New-BatchTask -Id A -CommandLine c) |
                Test-BatchTask -Collection -Detailed | Format-List | Out-String -Width 200
            $text | Should -Match 'RecordNumber\s*:\s*2'
            $text | Should -Match 'Scope\s*:\s*Collection'
            $text | Should -Match 'ServiceRule\s*:\s*T4'
        }

        It 'checks 1,000,000 tasks whose ranges cover millions of ids' {
            $file = Join-Path $TestDrive 'million.ndjson'
            $w = [System.IO.StreamWriter]::new($file)
            try {
                # Task k depends on every task before it (range 1..k-1: ~5*10^11 ids in all); task 1 closes a cycle.
                $w.WriteLine('{"id":"1","commandLine":"c","dependsOn":{"taskIdRanges":[{"start":999999,"end":1000000}]}}')
                for ($k = 2; $k -le 1000000; $k++) {
                    $w.WriteLine('{"id":"' + $k + '","commandLine":"c","dependsOn":{"taskIdRanges":[{"start":1,"end":' + ($k - 1) + '}]}}')
                }
            }
            finally { $w.Dispose() }

            # No clock here: that the ranges are never expanded is proven by counting the core's steps
            # (TaskCollectionValidatorTests); this checks the cmdlet streams a million tasks through it.
            $records = @(ConvertFrom-BatchTaskJson -Path $file | Test-BatchTask -Collection -Detailed)
            ($records | Where-Object Rule -EQ 'DependencyCycle').Count | Should -Be 101    # 100 listed + one "more cycles" summary
            $records[0].Message | Should -BeLike '*1 -> 999999 -> 1*'
            @($records | Where-Object Scope -EQ 'Task') | Should -BeNullOrEmpty
        }
    }

    Context '-Path and -LiteralPath' {
        BeforeAll {
            $script:dir = Join-Path $TestDrive 'files'
            New-Item -ItemType Directory -Path $dir | Out-Null
            $utf8 = [System.Text.UTF8Encoding]::new($false)
            function script:Write-TaskFile([string] $Name, [string] $Text) {
                $file = Join-Path $dir $Name
                [System.IO.File]::WriteAllText($file, $Text, $utf8)
                $file
            }
            $script:good = Write-TaskFile good.json '{"id":"a","commandLine":"c"}'
            $script:good2 = Write-TaskFile good2.json '[{"id":"b","commandLine":"c"},{"id":"c","commandLine":"c"}]'
            $script:empty = Write-TaskFile empty.json ''
            $script:blank = Write-TaskFile blank.json "  `r`n`t`n"
            $script:emptyArray = Write-TaskFile emptyarray.json '[]'
            $script:broken = Write-TaskFile broken.json "{`"id`":`"a`",`n`"commandLine`":"
            $script:notTask = Write-TaskFile number.json '42'
            $script:mixed = Write-TaskFile mixed.ndjson ("{`"id`":`"a`",`"commandLine`":`"c`"}`n{`"id`":`"b`"}`n{bad`n" +
                "{`"id`":`"d`",`"commandLine`":`"c`",`"constraints`":{`"maxWallClokTime`":`"PT1H`"}}`n")
            $script:bracket = Write-TaskFile 'odd[1].json' '{"id":"a","commandLine":"c"}'
            $script:missing = Join-Path $dir 'missing.json'
        }

        It 'gives True for a file of valid tasks, and no records with -Detailed' {
            Test-BatchTask -Path $good | Should -BeTrue
            Test-BatchTask -Path $good2 | Should -BeTrue    # one bool per file
            Test-BatchTask -Path $good -Detailed | Should -BeNullOrEmpty
        }

        It 'makes <Name> a finding: <Rule> at line <Line>, <Path>' -TestCases @(
            @{ Name = 'an empty file'; File = 'empty'; Rule = 'EmptyFile'; Line = 1; Path = '$'; Record = 0 }
            @{ Name = 'a white-space file'; File = 'blank'; Rule = 'EmptyFile'; Line = 1; Path = '$'; Record = 0 }
            @{ Name = 'an empty array'; File = 'emptyArray'; Rule = 'EmptyFile'; Line = 1; Path = '$'; Record = 0 }
            @{ Name = 'broken JSON'; File = 'broken'; Rule = 'UnreadableJson'; Line = 2; Path = '$.commandLine'; Record = 1 }
            @{ Name = 'JSON that is not a task'; File = 'notTask'; Rule = 'UnreadableJson'; Line = 1; Path = '$'; Record = 1 }
            @{ Name = 'a missing file'; File = 'missing'; Rule = 'FileNotFound'; Line = 0; Path = '$'; Record = 0 }
        ) {
            param($Name, $File, $Rule, $Line, $Path, $Record)
            $f = Get-Variable -Name $File -ValueOnly
            Test-BatchTask -Path $f | Should -BeFalse
            Test-BatchTask -LiteralPath $f | Should -BeFalse
            $records = @(Test-BatchTask -Path $f -Detailed)
            $records.Count | Should -BeGreaterOrEqual 1    # the reader may find more after a syntax error
            $records.Scope | Sort-Object -Unique | Should -Be 'File'
            $r = $records[0]
            $r | Should -BeOfType ([BatchTaskPS.Commands.TaskValidationRecord])
            $r.File | Should -Be $f
            $r.Line | Should -Be $Line
            $r.Path | Should -Be $Path
            $r.RecordNumber | Should -Be $Record
            $r.Rule | Should -Be $Rule
            $r.Severity | Should -Be 'Error'
            $r.Scope | Should -Be 'File'
            $r.Message | Should -Not -BeNullOrEmpty
            # The Pester pattern of the README can no longer pass such a file.
            { Test-BatchTask -Path $f -Detailed | Should -BeNullOrEmpty } | Should -Throw
        }

        It 'checks every record of a file, giving each finding the file and the line of its record' {
            Test-BatchTask -Path $mixed | Should -BeFalse
            $records = @(Test-BatchTask -Path $mixed -Detailed)
            ($records | ForEach-Object { '{0}:{1}:{2}:{3}:{4}' -f $_.Line, $_.RecordNumber, $_.Scope, $_.Rule, $_.TaskId }) |
                Should -Be @('2:2:Task:T7:b', '3:3:File:UnreadableJson:', '4:4:Task:UnknownProperty:d')
            $records.File | Sort-Object -Unique | Should -Be $mixed
            $records[0].ToString() | Should -BeLike "$mixed`:2: b: Error*"
        }

        It 'expands wildcards (one bool per file, in name order) and reports a pattern that matches nothing' {
            Test-BatchTask -Path (Join-Path $dir 'good*.json') | Should -Be @($true, $true)
            $r = @(Test-BatchTask -Path (Join-Path $dir 'nothing*.json') -Detailed)
            $r.Rule | Should -Be 'FileNotFound'
            Test-BatchTask -Path (Join-Path $dir 'nothing*.json') | Should -BeFalse
        }

        It 'takes -LiteralPath names with wildcard characters, and files piped from Get-ChildItem' {
            Test-BatchTask -LiteralPath $bracket | Should -BeTrue
            Get-ChildItem -LiteralPath $dir -Filter 'good*.json' | Test-BatchTask | Should -Be @($true, $true)
            @(Get-ChildItem -LiteralPath $dir -Filter '*.json' | Test-BatchTask -Detailed).Rule | Should -Contain 'EmptyFile'
        }

        It 'reports a folder as FileReadFailed' {
            (Test-BatchTask -LiteralPath $dir -Detailed).Rule | Should -Be 'FileReadFailed'
        }

        It 'with -Collection, checks the tasks of all files together and names the file and line of each collection finding' {
            $a = Write-TaskFile ca.ndjson ("{`"id`":`"x`",`"commandLine`":`"c`"}`n{`"id`":`"y`",`"commandLine`":`"c`",`"dependsOn`":{`"taskIds`":[`"z`"]}}")
            $b = Write-TaskFile cb.ndjson ("{broken`n{`"id`":`"z`",`"commandLine`":`"c`",`"dependsOn`":{`"taskIds`":[`"y`"]}}`n{`"id`":`"X`",`"commandLine`":`"c`"}")
            Test-BatchTask -LiteralPath $a, $b -Collection | Should -Be $false
            $records = @(Test-BatchTask -LiteralPath $a, $b -Collection -Detailed)
            ($records | ForEach-Object { '{0}:{1}:{2}:{3}' -f (Split-Path -Leaf $_.File), $_.Line, $_.Scope, $_.Rule }) |
                Should -Be @('cb.ndjson:1:File:UnreadableJson', 'cb.ndjson:3:Collection:DuplicateTaskId', 'cb.ndjson:2:Collection:DependencyCycle')
            ($records | Where-Object Rule -EQ 'DuplicateTaskId').RecordNumber | Should -Be 5
            Test-BatchTask -LiteralPath $good, $good2 -Collection | Should -Be $true
        }

        It 'shows File and Line in the list view of a record from a file' {
            $text = Test-BatchTask -Path $broken -Detailed | Format-List | Out-String -Width 200
            $text | Should -Match 'File\s*:\s*.*broken\.json'
            $text | Should -Match 'Line\s*:\s*2'
            ($noCommand | Test-BatchTask -Detailed | Format-List | Out-String) | Should -Not -Match 'File\s*:'
        }
    }

    Context '-Severity' {
        It 'keeps only the findings of <Severity>' -TestCases @(
            @{ Severity = @('Error'); Expected = @('T7') }
            @{ Severity = @('Warning'); Expected = @('DuplicateEnvironmentName') }
            @{ Severity = @('Error', 'Warning'); Expected = @('DuplicateEnvironmentName', 'T7') }
            @{ Severity = @('Info'); Expected = @() }
        ) {
            param($Severity, $Expected)
            $records = @($warnOnly, $noCommand | Test-BatchTask -Detailed -Severity $Severity)
            @($records.Rule | Sort-Object) | Should -Be $Expected
            $records | Where-Object { $_.Severity -notin $Severity } | Should -BeNullOrEmpty
        }

        It 'filters the collection findings and the file findings too' {
            $tasks = { New-BatchTask -Id a -CommandLine c -DependsOnTaskId b, elsewhere; New-BatchTask -Id b -CommandLine c -DependsOnTaskId a }
            @(& $tasks | Test-BatchTask -Collection -Detailed).Rule | Sort-Object | Should -Be @('DependencyCycle', 'UnknownDependency')
            (& $tasks | Test-BatchTask -Collection -Detailed -Severity Warning).Rule | Should -Be 'UnknownDependency'
            (& $tasks | Test-BatchTask -Collection -Detailed -Severity Error).Rule | Should -Be 'DependencyCycle'
            $empty = Join-Path $TestDrive 'severity-empty.json'
            Set-Content -LiteralPath $empty -Value ''
            Test-BatchTask -Path $empty -Detailed -Severity Warning | Should -BeNullOrEmpty
            (Test-BatchTask -Path $empty -Detailed -Severity Error).Rule | Should -Be 'EmptyFile'
        }

        It 'takes only Error, Warning and Info' {
            { $valid | Test-BatchTask -Detailed -Severity Fatal } |
                Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,BatchTaskPS.Commands.TestBatchTaskCommand'
        }

        It 'needs -Detailed (SeverityNeedsDetailed)' {
            { $valid | Test-BatchTask -Severity Error } |
                Should -Throw -ErrorId 'SeverityNeedsDetailed,BatchTaskPS.Commands.TestBatchTaskCommand'
        }
    }

    Context 'parameters' {
        It '-Shape takes only Full and Create' {
            { $valid | Test-BatchTask -Shape Update } |
                Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,BatchTaskPS.Commands.TestBatchTaskCommand'
        }
    }

    Context 'input' {
        It 'takes tasks from ConvertFrom-BatchTaskJson' {
            '{"id":"a","commandLine":"c"}' | ConvertFrom-BatchTaskJson | Test-BatchTask | Should -BeTrue
        }
    }

    Context '5 MB hostile files through the cmdlet and its views (work counted by the core, never timed)' {
        BeforeAll {
            # Characters the core's masking looked at on this thread (the pipeline's): what the records and their views cost.
            $script:maskingWork = [BatchTaskPS.Serialization.Redaction].GetField('t_work', [Reflection.BindingFlags]'NonPublic,Static')
            $big = [string]::new([char]'x', 5MB)
            $script:hostile = [ordered]@{
                'a single-line document broken 5 MB in' = '{"id":"a","commandLine":"' + $big
                'a 5 MB command line full of signatures' = '{"id":"a","commandLine":"' + ('get https://h/f?sv=1&sig=s ' * 200000) + '","requiredSlots":0}'
                'a 5 MB enum value' = '{"id":"a","commandLine":"c","containerSettings":{"imageName":"i","workingDirectory":"' + $big + '"}}'
                'a 5 MB property name' = '{"id":"a","commandLine":"c","' + $big + '":1}'
            }
        }

        It '<_> costs masking work linear in the file, in the records and in the views of the records and of the task' -ForEach @(
            'a single-line document broken 5 MB in', 'a 5 MB command line full of signatures', 'a 5 MB enum value', 'a 5 MB property name'
        ) {
            $file = Join-Path $TestDrive 'hostile.json'
            [IO.File]::WriteAllText($file, $hostile[$_])
            $bytes = (Get-Item -LiteralPath $file).Length
            $before = $maskingWork.GetValue($null)
            $records = @(Test-BatchTask -LiteralPath $file -Detailed)
            $text = ($records | Format-Table | Out-String -Width 200) + ($records | Format-List | Out-String -Width 200)
            # The task's own default views (command line, URLs and settings shown masked), when the file holds one.
            $task = ConvertFrom-BatchTaskJson -LiteralPath $file -ErrorAction SilentlyContinue
            $text += ($task | Format-Table | Out-String -Width 200) + ($task | Format-List | Out-String -Width 200)
            $work = $maskingWork.GetValue($null) - $before
            $records.Count | Should -BeGreaterThan 0
            $work | Should -BeGreaterThan 0 -Because 'the counter sees the work of this pipeline'
            $text | Should -Not -Match 'sig=s'
            $work | Should -BeLessOrEqual (8 * ($bytes + $text.Length)) -Because "$work characters were masked for a $bytes-byte file and $($text.Length) characters shown"
            Test-BatchTask -LiteralPath $file | Should -BeFalse
        }
    }
}
