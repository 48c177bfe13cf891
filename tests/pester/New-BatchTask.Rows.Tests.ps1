BeforeAll {
    . (Join-Path $PSScriptRoot common.ps1)
}

# Spreadsheet rows: one mapping (the core's TaskInput) from a row to a task; every value used or refused, never dropped.
Describe 'New-BatchTask from rows' {
    Context 'binding' {
        It 'takes piped objects whole through -InputObject, so the binder visits one parameter per row' {
            $piped = @((Get-Command New-BatchTask).Parameters.Values | Where-Object {
                    $_.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName } })
            $piped.Name | Should -Be @('InputObject')
        }

        It 'copies a piped CloudTask, with the parameters given beside the pipeline applied' {
            $given = New-BatchTask -Id a -CommandLine c -MaxTaskRetryCount 1
            $copy = $given | New-BatchTask -DisplayName copied
            [object]::ReferenceEquals($given, $copy) | Should -BeFalse
            $copy | ConvertTo-BatchTaskJson -Compress | Should -BeExactly '{"id":"a","displayName":"copied","commandLine":"c","constraints":{"maxTaskRetryCount":1}}'
            $given.DisplayName | Should -BeNullOrEmpty
        }

        It 'reads hashtable rows too' {
            @{ Id = 'h'; CommandLine = 'c'; MaxWallClockTime = 'PT5M' } | New-BatchTask | ConvertTo-BatchTaskJson -Compress |
                Should -BeExactly '{"id":"h","commandLine":"c","constraints":{"maxWallClockTime":"PT5M"}}'
        }

        It 'reads a .NET object''s properties as a row the same way as a PSCustomObject''s note properties' {
            if (-not ('BatchTaskRowsTest.Row' -as [type])) {
                Add-Type -TypeDefinition 'namespace BatchTaskRowsTest { public sealed class Row { public string Id { get; set; } public string CommandLine { get; set; } public string MaxWallClockTime { get; set; } } }'
            }
            $typed = [BatchTaskRowsTest.Row]@{ Id = 'n'; CommandLine = 'c'; MaxWallClockTime = 'PT5M' } | New-BatchTask | ConvertTo-BatchTaskJson -Compress
            $custom = [pscustomobject]@{ Id = 'n'; CommandLine = 'c'; MaxWallClockTime = 'PT5M' } |
                Add-Member -MemberType ScriptProperty -Name DisplayName -Value { 'not data' } -PassThru | New-BatchTask | ConvertTo-BatchTaskJson -Compress
            $typed | Should -BeExactly '{"id":"n","commandLine":"c","constraints":{"maxWallClockTime":"PT5M"}}'
            $custom | Should -BeExactly $typed
        }

        It 'takes REST keys and attribute names as column names' {
            [pscustomobject]@{ id = 'r'; command_line = 'c'; constraints = '{"maxTaskRetryCount":2}'; userIdentity = @{ userName = 'u' } } |
                New-BatchTask | ConvertTo-BatchTaskJson -Compress |
                Should -BeExactly '{"id":"r","commandLine":"c","constraints":{"maxTaskRetryCount":2},"userIdentity":{"username":"u"}}'
        }
    }

    Context 'an empty cell is "not given" in every column' {
        It 'makes a task with only id and command line from a row whose other cells are all empty, without a prompt or warning' {
            $columns = (Get-Command New-BatchTask).Parameters.Keys | Where-Object {
                $_ -notin 'Id', 'CommandLine', 'Property', 'InputObject' -and $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters -and
                $_ -notin [System.Management.Automation.PSCmdlet]::OptionalCommonParameters }
            @($columns).Count | Should -Be 22
            $row = [ordered]@{ Id = 'e'; CommandLine = 'c' }
            foreach ($c in $columns) { $row[$c] = '' }
            $csv = ([pscustomobject]$row | ConvertTo-Csv) | ConvertFrom-Csv
            $json = $csv | New-BatchTask -ErrorVariable err -WarningVariable warn | ConvertTo-BatchTaskJson -Compress
            $err.Count | Should -Be 0
            $warn.Count | Should -Be 0
            $json | Should -BeExactly '{"id":"e","commandLine":"c"}'
        }

        It 'never writes an empty dependency id (<Cell>)' -TestCases @(
            @{ Cell = ' ' }, @{ Cell = ';' }, @{ Cell = ' ; ;' }
        ) {
            param($Cell)
            [pscustomobject]@{ Id = 'd'; CommandLine = 'c'; DependsOnTaskId = $Cell } | New-BatchTask | ConvertTo-BatchTaskJson -Compress |
                Should -BeExactly '{"id":"d","commandLine":"c"}'
        }
    }

    Context 'one vocabulary for cells and parameters' {
        It 'reads <Column> = <Cell>' -TestCases @(
            @{ Column = 'ResourceFiles'; Cell = 'https://acct.blob.core.windows.net/in/data/x%20y.csv?sv=2022-11-02&sig=FAKE'
                Json = '"resourceFiles":[{"httpUrl":"https://acct.blob.core.windows.net/in/data/x%20y.csv?sv=2022-11-02&sig=FAKE","filePath":"x y.csv"}]' }
            @{ Column = 'ResourceFiles'; Cell = 'https://h/a.txt; https://h/b/c.bin'
                Json = '"resourceFiles":[{"httpUrl":"https://h/a.txt","filePath":"a.txt"},{"httpUrl":"https://h/b/c.bin","filePath":"c.bin"}]' }
            @{ Column = 'ResourceFiles'; Cell = '[{"autoStorageContainerName":"in","filePath":"data"}]'
                Json = '"resourceFiles":[{"autoStorageContainerName":"in","filePath":"data"}]' }
            @{ Column = 'OutputFiles'; Cell = 'out/*.log>https://acct.blob.core.windows.net/logs?sig=FAKE'
                Json = '"outputFiles":[{"filePattern":"out/*.log","destination":{"container":{"containerUrl":"https://acct.blob.core.windows.net/logs?sig=FAKE"}},"uploadOptions":{"uploadCondition":"taskcompletion"}}]' }
            @{ Column = 'ApplicationPackageReferences'; Cell = 'blender#4.1;ffmpeg'
                Json = '"applicationPackageReferences":[{"applicationId":"blender","version":"4.1"},{"applicationId":"ffmpeg"}]' }
            @{ Column = 'DependsOnTaskId'; Cell = 'prep; fetch'; Json = '"dependsOn":{"taskIds":["prep","fetch"]}' }
            @{ Column = 'DependsOnTaskIdRange'; Cell = '1-3;10-20'; Json = '"dependsOn":{"taskIdRanges":[{"start":1,"end":3},{"start":10,"end":20}]}' }
            @{ Column = 'EnvironmentSettings'; Cell = 'A=1;B=2'; Json = '"environmentSettings":[{"name":"A","value":"1"},{"name":"B","value":"2"}]' }
            @{ Column = 'EnvironmentSettings'; Cell = '{"A":"1"}'; Json = '"environmentSettings":[{"name":"A","value":"1"}]' }
            @{ Column = 'ContainerSettings'; Cell = '{"imageName":"ubuntu"}'; Json = '"containerSettings":{"imageName":"ubuntu"}' }
            @{ Column = 'MaxWallClockTime'; Cell = '02:00:00'; Json = '"constraints":{"maxWallClockTime":"PT2H"}' }
            @{ Column = 'ElevationLevel'; Cell = 'ADMIN'; Json = '"userIdentity":{"autoUser":{"elevationLevel":"admin"}}' }
        ) {
            param($Column, $Cell, $Json)
            $fromRow = [pscustomobject]@{ Id = 'v'; CommandLine = 'c'; $Column = $Cell } | New-BatchTask | ConvertTo-BatchTaskJson -Compress
            $fromRow | Should -BeLike ('*' + [WildcardPattern]::Escape($Json) + '*')
            # The same text typed for the parameter gives the same task.
            $p = @{ $Column = $Cell }
            New-BatchTask -Id v -CommandLine c @p | ConvertTo-BatchTaskJson -Compress | Should -BeExactly $fromRow
        }

        It 'uses parameters given beside the pipeline as defaults for the cells a row leaves empty' {
            $rows = @'
Id,CommandLine,MaxTaskRetryCount
a,c,
b,c,5
'@ | ConvertFrom-Csv
            $json = @($rows | New-BatchTask -MaxTaskRetryCount 1 -DisplayName all | ConvertTo-BatchTaskJson -Compress)
            $json[0] | Should -BeExactly '{"id":"a","displayName":"all","commandLine":"c","constraints":{"maxTaskRetryCount":1}}'
            $json[1] | Should -BeExactly '{"id":"b","displayName":"all","commandLine":"c","constraints":{"maxTaskRetryCount":5}}'
        }
    }

    Context 'a value that cannot be used is an error for its row, never dropped' {
        It 'refuses <Column> = <Cell> naming the row, the column, the value and the accepted forms' -TestCases @(
            @{ Column = 'MaxWallClockTime'; Cell = '2'; Accepted = '*PT2H*' }
            @{ Column = 'RetentionTime'; Cell = '2h'; Accepted = '*ISO 8601*' }
            @{ Column = 'MaxTaskRetryCount'; Cell = 'two'; Accepted = '*whole number*' }
            @{ Column = 'ElevationLevel'; Cell = 'Admn'; Accepted = "*the closest is 'admin'*" }
            @{ Column = 'ResourceFiles'; Cell = 'in.txt'; Accepted = "*URL*" }
            @{ Column = 'ResourceFiles'; Cell = 'https://h/dir/'; Accepted = "*names no file*" }
            @{ Column = 'OutputFiles'; Cell = '*.log'; Accepted = "*filePattern>containerUrl*" }
            @{ Column = 'DependsOnTaskIdRange'; Cell = '1-x'; Accepted = "*start-end*" }
            @{ Column = 'ApplicationPackageReferences'; Cell = 'app#'; Accepted = "*applicationId#version*" }
            @{ Column = 'ContainerSettings'; Cell = 'ubuntu'; Accepted = "*JSON*" }
            @{ Column = 'RegistryCredential'; Cell = 'user:pass'; Accepted = "*-RegistryCredential*PSCredential*" }
        ) {
            param($Column, $Cell, $Accepted)
            $rows = @(
                [pscustomobject]@{ Id = 'ok1'; CommandLine = 'c'; $Column = '' }
                [pscustomobject]@{ Id = 'bad'; CommandLine = 'c'; $Column = $Cell }
                [pscustomobject]@{ Id = 'ok2'; CommandLine = 'c'; $Column = '' }
            )
            $tasks = @($rows | New-BatchTask -ErrorVariable err -ErrorAction SilentlyContinue)
            $tasks.Id | Should -Be @('ok1', 'ok2')
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidTaskProperty,BatchTaskPS.Commands.NewBatchTaskCommand'
            $err[0].Exception.Message | Should -BeLike "Row 2, column '$Column'*"
            $err[0].Exception.Message | Should -BeLike $Accepted
            $err[0].TargetObject | Should -BeOfType ([BatchTaskPS.Factories.TaskRowFault])
            $err[0].TargetObject.Row | Should -Be 2
            $err[0].TargetObject.Column | Should -BeExactly $Column
            if ($Column -ne 'RegistryCredential') { $err[0].TargetObject.Value | Should -BeExactly $Cell }
        }

        It 'gives a row with several bad cells one error per bad cell' {
            $null = [pscustomobject]@{ Id = 'b'; CommandLine = 'c'; MaxWallClockTime = '2h'; ElevationLevel = 'Admn'; RequiredSlots = 'two' } |
                New-BatchTask -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 3
            @($err.TargetObject.Column | Sort-Object) | Should -Be @('ElevationLevel', 'MaxWallClockTime', 'RequiredSlots')
            $err.TargetObject.Row | Should -Be @(1, 1, 1)
        }

        It 'masks a SAS signature in the error and its target' {
            $row = [pscustomobject]@{ Id = 'm'; CommandLine = 'c'; ResourceFiles = "ftp://h/x.txt?sig=$SecretSig" }
            $null = $row | New-BatchTask -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $shown = $err[0].Exception.Message + ($err | Out-String -Width 500) + ($err[0].TargetObject | Format-List | Out-String -Width 500) + $err[0].CategoryInfo.GetMessage()
            $shown | Should -BeLike '*not an http(s) URL*'
            $shown | Should -Not -BeLike "*$SecretSig*"
        }

        It 'refuses a row without <Missing>, naming the row' -TestCases @(
            @{ Missing = 'Id'; Row = @{ CommandLine = 'c' } }
            @{ Missing = 'CommandLine'; Row = @{ Id = 'x' } }
        ) {
            param($Missing, $Row)
            $null = [pscustomobject]@{ Id = 'first'; CommandLine = 'c' }, [pscustomobject]$Row | New-BatchTask -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $err[0].Exception.Message | Should -BeLike "Row 2*has no $Missing*"
        }

        It 'refuses a row that gives the id twice (Id and TaskId)' {
            $null = [pscustomobject]@{ Id = 'a'; TaskId = 'b'; CommandLine = 'c' } | New-BatchTask -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $err[0].Exception.Message | Should -BeLike "*gives Id twice*'Id'*'TaskId'*"
        }

        It 'refuses a piped value that is not a row' {
            $null = 'just text' | New-BatchTask -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $err[0].Exception.Message | Should -BeLike '*String, not a row*'
        }

        It 'names a column that is not a task field once, with the closest field name, and still makes the tasks' {
            $rows = 1..3 | ForEach-Object { [pscustomobject]@{ Id = "t$_"; CommandLine = 'c'; MaxWallClokTime = 'PT1H'; Notes = 'x' } }
            $tasks = @($rows | New-BatchTask -WarningVariable warn -WarningAction SilentlyContinue)
            $tasks.Count | Should -Be 3
            $warn.Count | Should -Be 2
            "$($warn[0])" | Should -BeLike "*'MaxWallClokTime'*did you mean 'MaxWallClockTime'*"
            "$($warn[1])" | Should -BeLike "*'Notes'*"
        }
    }

    Context 'a new user''s 500-row spreadsheet' {
        It 'goes CSV file -> tasks -> JSON file -> tasks with every cell kept and every empty cell absent' {
            $dir = Join-Path ([IO.Path]::GetTempPath()) ("rows-" + [guid]::NewGuid())
            $null = New-Item -ItemType Directory -Path $dir
            try {
                $rows = foreach ($i in 1..500) {
                    [pscustomobject][ordered]@{
                        Id                = 'job-{0:D3}' -f $i
                        CommandLine       = "python train.py --seed $i"
                        DisplayName       = if ($i % 3) { "run $i" } else { '' }
                        MaxWallClockTime  = if ($i % 4) { "PT$($i % 24 + 1)H" } else { '' }
                        MaxTaskRetryCount = if ($i % 5) { [string]($i % 4) } else { '' }
                        RequiredSlots     = if ($i % 2) { '2' } else { '' }
                        ElevationLevel    = @('admin', 'NonAdmin', '')[$i % 3]
                        DependsOnTaskId   = if ($i -gt 1 -and $i % 7 -eq 0) { 'job-{0:D3};job-{1:D3}' -f ($i - 1), ($i - 2) } else { '' }
                        ResourceFiles     = if ($i % 6) { "https://acct.blob.core.windows.net/in/cfg-$i.yaml?sv=2022-11-02&sig=FAKE$i" } else { '' }
                        EnvironmentSettings = if ($i % 8) { "SEED=$i;MODE=train" } else { '' }
                    }
                }
                $csv = Join-Path $dir 'runs.csv'
                $json = Join-Path $dir 'runs.ndjson'
                $rows | Export-Csv -LiteralPath $csv -NoTypeInformation
                Import-Csv -LiteralPath $csv | New-BatchTask -ErrorVariable err -WarningVariable warn | ConvertTo-BatchTaskJson -Path $json
                $err.Count | Should -Be 0
                $warn.Count | Should -Be 0
                $tasks = @(ConvertFrom-BatchTaskJson -LiteralPath $json)
                $tasks.Count | Should -Be 500
                for ($k = 0; $k -lt 500; $k++) {
                    $r = $rows[$k]; $t = $tasks[$k]
                    $t.Id | Should -BeExactly $r.Id
                    $t.CommandLine | Should -BeExactly $r.CommandLine
                    if ($r.DisplayName) { $t.DisplayName | Should -BeExactly $r.DisplayName } else { $t.DisplayName | Should -BeNullOrEmpty }
                    if ($r.MaxWallClockTime) { $t.Constraints.MaxWallClockTime | Should -Be ([System.Xml.XmlConvert]::ToTimeSpan($r.MaxWallClockTime)) }
                    elseif ($t.Constraints) { $t.Constraints.MaxWallClockTime | Should -BeNullOrEmpty }
                    if ($r.MaxTaskRetryCount) { $t.Constraints.MaxTaskRetryCount | Should -Be ([int]$r.MaxTaskRetryCount) }
                    elseif ($t.Constraints) { $t.Constraints.MaxTaskRetryCount | Should -BeNullOrEmpty }
                    if ($r.RequiredSlots) { $t.RequiredSlots | Should -Be 2 } else { $t.RequiredSlots | Should -BeNullOrEmpty }
                    if ($r.ElevationLevel) { $t.UserIdentity.AutoUser.ElevationLevel.Value | Should -BeExactly $r.ElevationLevel.ToLowerInvariant() }
                    else { $t.UserIdentity | Should -BeNullOrEmpty }
                    if ($r.DependsOnTaskId) { $t.DependsOn.TaskIds -join ';' | Should -BeExactly $r.DependsOnTaskId } else { $t.DependsOn | Should -BeNullOrEmpty }
                    if ($r.ResourceFiles) {
                        $t.ResourceFiles.Count | Should -Be 1
                        $t.ResourceFiles[0].HttpUrl | Should -BeExactly $r.ResourceFiles
                        $t.ResourceFiles[0].FilePath | Should -BeExactly "cfg-$($k + 1).yaml"
                    }
                    else { $t.ResourceFiles | Should -BeNullOrEmpty }
                    if ($r.EnvironmentSettings) { ($t.EnvironmentSettings | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ';' | Should -BeExactly $r.EnvironmentSettings }
                    else { $t.EnvironmentSettings | Should -BeNullOrEmpty }
                }
                # The tasks are valid Create bodies as a job (dependencies point at earlier rows).
                $tasks | Test-BatchTask -Collection -Shape Create | Should -BeTrue
            }
            finally {
                Remove-Item -LiteralPath $dir -Recurse -Force
            }
        }
    }
}
