BeforeAll {
    . (Join-Path $PSScriptRoot common.ps1)
}

Describe 'New-BatchTask' {
    Context 'parameters become task properties' {
        It 'sets id and command line' {
            $t = New-BatchTask -Id t1 -CommandLine 'echo hi'
            $t | Should -BeOfType ([BatchTaskPS.Model.CloudTask])
            $t.Id | Should -Be 't1'
            $t.CommandLine | Should -Be 'echo hi'
            $t.Constraints | Should -BeNullOrEmpty
            ($t | ConvertTo-BatchTaskJson -Compress) | Should -Be '{"id":"t1","commandLine":"echo hi"}'
        }

        It 'accepts the TaskId alias' {
            (New-BatchTask -TaskId t2 -CommandLine x).Id | Should -Be 't2'
        }

        It '<Name>' -TestCases @(
            @{ Name = 'display name'; Params = @{ DisplayName = 'Display' }; Json = '"displayName":"Display"' }
            @{ Name = 'affinity id'; Params = @{ AffinityId = 'node-1' }; Json = '"affinityInfo":{"affinityId":"node-1"}' }
            @{ Name = 'required slots'; Params = @{ RequiredSlots = 2 }; Json = '"requiredSlots":2' }
            @{ Name = 'max retry count'; Params = @{ MaxTaskRetryCount = 3 }; Json = '"constraints":{"maxTaskRetryCount":3}' }
            @{ Name = 'named user'; Params = @{ UserName = 'alice' }; Json = '"userIdentity":{"username":"alice"}' }
            @{ Name = 'auto-user'; Params = @{ AutoUserScope = 'Pool'; ElevationLevel = 'ADMIN' }; Json = '"userIdentity":{"autoUser":{"scope":"pool","elevationLevel":"admin"}}' }
            @{ Name = 'unknown auto-user scope given in a dictionary is kept'; Params = @{ Property = @{ userIdentity = @{ autoUser = @{ scope = 'galaxy' } } } }; Json = '"userIdentity":{"autoUser":{"scope":"galaxy"}}' }
            @{ Name = 'depends on ids'; Params = @{ DependsOnTaskId = 'a', 'b' }; Json = '"dependsOn":{"taskIds":["a","b"]}' }
            @{ Name = 'depends on range text'; Params = @{ DependsOnTaskIdRange = '1-10' }; Json = '"dependsOn":{"taskIdRanges":[{"start":1,"end":10}]}' }
            @{ Name = 'depends on range dictionary'; Params = @{ DependsOnTaskIdRange = @{ start = 3; end = 4 } }; Json = '"dependsOn":{"taskIdRanges":[{"start":3,"end":4}]}' }
            @{ Name = 'container image shorthand'; Params = @{ ContainerImage = 'ubuntu:22.04' }; Json = '"containerSettings":{"imageName":"ubuntu:22.04"}' }
            @{ Name = 'registry server'; Params = @{ ContainerImage = 'img'; RegistryServer = 'r.azurecr.io' }; Json = '"containerSettings":{"imageName":"img","registry":{"registryServer":"r.azurecr.io"}}' }
            @{ Name = 'resource file from a hashtable with REST keys'; Params = @{ ResourceFiles = @{ httpUrl = 'https://h/f'; filePath = 'f' } }; Json = '"resourceFiles":[{"httpUrl":"https://h/f","filePath":"f"}]' }
            @{ Name = 'resource file from attribute names'; Params = @{ ResourceFiles = @(@{ http_url = 'https://h/f'; file_path = 'f' }) }; Json = '"resourceFiles":[{"httpUrl":"https://h/f","filePath":"f"}]' }
            @{ Name = 'resource file from a PSCustomObject with property names'; Params = @{ ResourceFiles = [pscustomobject]@{ HttpUrl = 'https://h/f'; FilePath = 'f' } }; Json = '"resourceFiles":[{"httpUrl":"https://h/f","filePath":"f"}]' }
            @{ Name = 'environment from a NAME=value hashtable'; Params = @{ EnvironmentSettings = [ordered]@{ A = 1; B = 'two' } }; Json = '"environmentSettings":[{"name":"A","value":"1"},{"name":"B","value":"two"}]' }
            @{ Name = 'environment from a list of settings'; Params = @{ EnvironmentSettings = @(@{ name = 'A'; value = 'x' }, [pscustomobject]@{ name = 'B' }) }; Json = '"environmentSettings":[{"name":"A","value":"x"},{"name":"B"}]' }
            @{ Name = 'application packages'; Params = @{ ApplicationPackageReferences = @{ applicationId = 'app'; version = '1' } }; Json = '"applicationPackageReferences":[{"applicationId":"app","version":"1"}]' }
            @{ Name = 'authentication token settings'; Params = @{ AuthenticationTokenSettings = @{ access = @('job') } }; Json = '"authenticationTokenSettings":{"access":["job"]}' }
            @{ Name = 'multi-instance settings'; Params = @{ MultiInstanceSettings = @{ numberOfInstances = 2; coordinationCommandLine = 'c' } }; Json = '"multiInstanceSettings":{"numberOfInstances":2,"coordinationCommandLine":"c"}' }
            @{ Name = 'exit conditions'; Params = @{ ExitConditions = @{ default = @{ jobAction = 'none' } } }; Json = '"exitConditions":{"default":{"jobAction":"none"}}' }
        ) {
            param($Name, $Params, $Json)
            $json = New-BatchTask -Id t -CommandLine x @Params | ConvertTo-BatchTaskJson -Compress
            $json | Should -Match ([regex]::Escape($Json))
        }
    }

    Context 'ISO 8601 durations' {
        It 'turns <Text> into <Expected>' -TestCases @(
            @{ Text = 'PT1H'; Expected = [timespan]'01:00:00' }
            @{ Text = 'PT1H30M'; Expected = [timespan]'01:30:00' }
            @{ Text = 'P7D'; Expected = [timespan]'7.00:00:00' }
            @{ Text = 'pt90s'; Expected = [timespan]'00:01:30' }
            @{ Text = 'PT0.5S'; Expected = [timespan]::FromMilliseconds(500) }
            @{ Text = '02:00:00'; Expected = [timespan]'02:00:00' }
        ) {
            param($Text, $Expected)
            $t = New-BatchTask -Id t -CommandLine x -MaxWallClockTime $Text -RetentionTime $Text
            $t.Constraints.MaxWallClockTime | Should -Be $Expected
            $t.Constraints.RetentionTime | Should -Be $Expected
        }

        It 'accepts a TimeSpan' {
            (New-BatchTask -Id t -CommandLine x -MaxWallClockTime ([timespan]::FromMinutes(5))).Constraints.MaxWallClockTime | Should -Be ([timespan]::FromMinutes(5))
        }

        It 'refuses <Given> with the forms it would accept (a number is not a duration)' -TestCases @(
            @{ Given = '2h'; Value = '2h' }
            @{ Given = "'2' (a spreadsheet cell)"; Value = '2' }
            @{ Given = '2 (a number)'; Value = 2 }
            @{ Given = 'two'; Value = 'two' }
        ) {
            param($Given, $Value)
            { New-BatchTask -Id t -CommandLine x -MaxWallClockTime $Value } |
                Should -Throw -ErrorId 'ParameterArgumentTransformationError,BatchTaskPS.Commands.NewBatchTaskCommand' -ExpectedMessage '*ISO 8601*PT2H*02:00:00*'
        }

        It 'gives a row with a bad duration an error instead of dropping the value' {
            $rows = @(
                [pscustomobject]@{ Id = 'r1'; CommandLine = 'x'; MaxWallClockTime = '2h' }
                [pscustomobject]@{ Id = 'r2'; CommandLine = 'x'; MaxWallClockTime = 'PT2H' }
            )
            $tasks = @($rows | New-BatchTask -ErrorVariable err -ErrorAction SilentlyContinue)
            $tasks.Id | Should -Be @('r2')
            $err.Count | Should -Be 1
            $err[0].Exception.Message | Should -BeLike "*'2h' is not a duration*"
        }

        It 'rejects a bad duration at binding' {
            { New-BatchTask -Id t -CommandLine x -MaxWallClockTime 'P1X' } |
                Should -Throw -ErrorId 'ParameterArgumentTransformationError,BatchTaskPS.Commands.NewBatchTaskCommand'
        }
    }

    Context 'pipeline input by property name' {
        It 'makes one task per Import-Csv row' {
            $rows = @'
id,commandLine,maxTaskRetryCount,maxWallClockTime,requiredSlots
a1,echo 1,2,PT5M,1
a2,echo 2,3,PT10M,2
'@ | ConvertFrom-Csv
            $tasks = @($rows | New-BatchTask)
            $tasks.Count | Should -Be 2
            $tasks[1].Id | Should -Be 'a2'
            $tasks[1].Constraints.MaxTaskRetryCount | Should -Be 3
            $tasks[1].Constraints.MaxWallClockTime | Should -Be ([timespan]'00:10:00')
            $tasks[0].RequiredSlots | Should -Be 1
        }

        It 'takes an empty CSV cell as "not given", not as 0 or empty text' {
            $rows = @'
id,commandLine,maxTaskRetryCount,maxWallClockTime,requiredSlots,displayName,affinityId
a1,echo 1,,,,,
a2,echo 2,1,PT1M,2,dn,node
'@ | ConvertFrom-Csv
            $json = @($rows | New-BatchTask -ErrorVariable err | ConvertTo-BatchTaskJson -Compress)
            $err.Count | Should -Be 0
            $json[0] | Should -Be '{"id":"a1","commandLine":"echo 1"}'
            $json[1] | Should -Be '{"id":"a2","displayName":"dn","commandLine":"echo 2","affinityInfo":{"affinityId":"node"},"constraints":{"maxWallClockTime":"PT1M","maxTaskRetryCount":1},"requiredSlots":2}'
        }

        It 'reads -EnvironmentSettings text <Name>' -TestCases @(
            @{ Name = 'with two settings'; Text = 'A=1;B=two'; Json = '"environmentSettings":[{"name":"A","value":"1"},{"name":"B","value":"two"}]' }
            @{ Name = 'with one setting'; Text = 'MODEL=resnet18'; Json = '"environmentSettings":[{"name":"MODEL","value":"resnet18"}]' }
            @{ Name = 'with = inside a value'; Text = 'ARGS=--lr=0.1 --bs=128'; Json = '"environmentSettings":[{"name":"ARGS","value":"--lr=0.1 --bs=128"}]' }
            @{ Name = 'with ;; for a ; inside a value'; Text = 'PATH=C:\a;;C:\b;X=1'; Json = '"environmentSettings":[{"name":"PATH","value":"C:\\a;C:\\b"},{"name":"X","value":"1"}]' }
            @{ Name = 'with spaces around names, an empty value and a trailing ;'; Text = ' A=1 ; B=;'; Json = '"environmentSettings":[{"name":"A","value":"1 "},{"name":"B","value":""}]' }
            @{ Name = 'in a list of texts'; Text = @('A=1', 'B=2;C=3'); Json = '"environmentSettings":[{"name":"A","value":"1"},{"name":"B","value":"2"},{"name":"C","value":"3"}]' }
        ) {
            param($Name, $Text, $Json)
            New-BatchTask -Id t -CommandLine x -EnvironmentSettings $Text | ConvertTo-BatchTaskJson -Compress | Should -Match ([regex]::Escape($Json))
        }

        It 'reads -EnvironmentSettings from one CSV cell, and an empty cell as "not given"' {
            $rows = @'
id,commandLine,environmentSettings
e1,train.py,"MODEL=resnet18;LR=0.1"
e2,train.py,
'@ | ConvertFrom-Csv
            $json = @($rows | New-BatchTask | ConvertTo-BatchTaskJson -Compress)
            $json[0] | Should -Be '{"id":"e1","commandLine":"train.py","environmentSettings":[{"name":"MODEL","value":"resnet18"},{"name":"LR","value":"0.1"}]}'
            $json[1] | Should -Be '{"id":"e2","commandLine":"train.py"}'
        }

        It 'refuses -EnvironmentSettings text <Name> with InvalidTaskProperty, without quoting it' -TestCases @(
            @{ Name = 'without a NAME='; Text = 'A=1;s3cretvalue' }
            @{ Name = 'with an empty name'; Text = '=s3cretvalue' }
        ) {
            param($Name, $Text)
            $out = New-BatchTask -Id t -CommandLine x -EnvironmentSettings $Text -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidTaskProperty,BatchTaskPS.Commands.NewBatchTaskCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].TargetObject | Should -Be $Text
            $err[0].Exception.Message | Should -BeLike '*NAME=value*'
            $err[0].Exception.Message | Should -Not -BeLike '*s3cretvalue*'
        }

        It 'takes a null property of a piped object as "not given"' {
            [pscustomobject]@{ Id = 'n'; CommandLine = 'c'; ContainerImage = $null; DisplayName = $null; ResourceFiles = $null } |
                New-BatchTask | ConvertTo-BatchTaskJson -Compress | Should -Be '{"id":"n","commandLine":"c"}'
        }

        It 'refuses empty text typed for a number' {
            { New-BatchTask -Id t -CommandLine c -MaxTaskRetryCount '' } |
                Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,BatchTaskPS.Commands.NewBatchTaskCommand'
        }

        It 'binds PSCustomObject properties' {
            $t = [pscustomobject]@{ TaskId = 'p'; CommandLine = 'c'; DisplayName = 'd' } | New-BatchTask
            $t.Id | Should -Be 'p'
            $t.DisplayName | Should -Be 'd'
        }
    }

    Context 'Property parameter set' {
        It 'reads a whole task from <Name>' -TestCases @(
            @{ Name = 'a hashtable with REST keys'; Value = @{ id = 'p'; commandLine = 'c'; constraints = @{ maxTaskRetryCount = 4 } } }
            @{ Name = 'attribute names'; Value = @{ id = 'p'; command_line = 'c'; constraints = @{ max_task_retry_count = 4 } } }
            @{ Name = 'a PSCustomObject with property names'; Value = [pscustomobject]@{ Id = 'p'; CommandLine = 'c'; Constraints = [pscustomobject]@{ MaxTaskRetryCount = '4' } } }
        ) {
            param($Name, $Value)
            $t = New-BatchTask -Property $Value
            $t.Id | Should -Be 'p'
            $t.CommandLine | Should -Be 'c'
            $t.Constraints.MaxTaskRetryCount | Should -Be 4
        }

        It 'lets parameters override the property bag' {
            $t = New-BatchTask -Property @{ id = 'p'; commandLine = 'c'; displayName = 'old' } -DisplayName 'new' -Id 'q'
            $t.Id | Should -Be 'q'
            $t.DisplayName | Should -Be 'new'
        }

        It 'keeps unknown properties' {
            $t = New-BatchTask -Property @{ id = 'p'; commandLine = 'c'; futureField = @{ a = 1 } }
            $t.AdditionalProperties.Contains('futureField') | Should -BeTrue
        }

        It 'does not change a CloudTask given as -Property' {
            $given = New-BatchTask -Id g -CommandLine c
            $t = New-BatchTask -Property $given -DisplayName changed
            $given.DisplayName | Should -BeNullOrEmpty
            $t.DisplayName | Should -Be 'changed'
        }
    }

    Context 'errors' {
        It 'writes InvalidTaskProperty for a nested value of the wrong type, with the value as target' {
            $bad = @{ httpUrl = @(1, 2) }
            $out = New-BatchTask -Id e -CommandLine x -ResourceFiles $bad -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'InvalidTaskProperty,BatchTaskPS.Commands.NewBatchTaskCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].TargetObject | Should -Be $bad
            $err[0].Exception.Message | Should -BeLike '*-ResourceFiles*$.httpUrl*'
            $err[0].Exception.InnerException | Should -BeOfType ([BatchTaskPS.Serialization.BatchTaskReadException])
        }

        It 'writes InvalidTaskProperty for bad range text' {
            { New-BatchTask -Id e -CommandLine x -DependsOnTaskIdRange 'one-two' -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidTaskProperty,BatchTaskPS.Commands.NewBatchTaskCommand'
        }

        It 'writes InvalidTaskProperty for a -Property that is not a task' {
            { New-BatchTask -Property @{ id = @{ nested = 1 }; commandLine = 'c' } -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidTaskProperty,BatchTaskPS.Commands.NewBatchTaskCommand'
        }

        It 'writes ConflictingUserIdentity for -UserName with <Other>' -TestCases @(
            @{ Other = 'AutoUserScope'; Value = 'task' }
            @{ Other = 'ElevationLevel'; Value = 'admin' }
        ) {
            param($Other, $Value)
            $p = @{ $Other = $Value }
            { New-BatchTask -Id e -CommandLine x -UserName u @p -ErrorAction Stop } |
                Should -Throw -ErrorId 'ConflictingUserIdentity,BatchTaskPS.Commands.NewBatchTaskCommand'
        }

        It 'goes on with the next pipeline record after a bad one' {
            $rows = @(
                [pscustomobject]@{ Id = 'ok1'; CommandLine = 'c' }
                [pscustomobject]@{ Id = 'bad'; CommandLine = 'c'; DependsOnTaskIdRange = 'x' }
                [pscustomobject]@{ Id = 'ok2'; CommandLine = 'c' }
            )
            $tasks = @($rows | New-BatchTask -ErrorVariable err -ErrorAction SilentlyContinue)
            $tasks.Id | Should -Be @('ok1', 'ok2')
            $err.Count | Should -Be 1
        }
    }

    Context 'registry credential' {
        It 'puts the credential into the registry' {
            $t = New-BatchTask -Id s -CommandLine x -ContainerImage img -RegistryServer r.io -RegistryCredential (New-TestCredential)
            $t.ContainerSettings.Registry.UserName | Should -Be 'registryuser'
            # PowerShell shows the password as a SecureString (types file); the model holds its text.
            $t.ContainerSettings.Registry.Password | Should -BeOfType [securestring]
            [System.Net.NetworkCredential]::new('', $t.ContainerSettings.Registry.Password).Password | Should -Be $SecretPassword
            $t.ContainerSettings.Registry.psbase.Password | Should -Be $SecretPassword
        }

        It 'never shows the password or a SAS signature in any stream, view or error' {
            $url = "https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&sp=r&sig=$SecretSig"
            $everything = & {
                $t = New-BatchTask -Id s -CommandLine 'curl -o f.txt' -ContainerImage img -RegistryServer r.io -RegistryCredential (New-TestCredential) `
                    -ResourceFiles @{ httpUrl = $url; filePath = 'f.txt' } -Verbose -Debug
                $t | Format-Table | Out-String
                $t | Format-List | Out-String
                $t | Out-String
                $t.ToString()
                $t.ContainerSettings | Format-List | Out-String
                $t.ContainerSettings.Registry | Out-String
                $t.ContainerSettings.Registry.ToString()
                $t.ResourceFiles | Format-Table | Out-String
                $t | ConvertTo-BatchTaskJson -RedactSecrets -Verbose -Debug
                $t | ConvertTo-BatchTaskJson -RedactSecrets -Compress -AsArray
                $t | Test-BatchTask -Verbose
                $t | Test-BatchTask -Detailed | Format-Table | Out-String
                New-BatchTask -Id e -CommandLine x -ContainerSettings @{ imageName = 'i'; registry = @{ password = @($SecretPassword) } } -ErrorAction Continue -Verbose
            } *>&1 | Out-String
            $everything | Should -Not -BeNullOrEmpty
            $everything | Should -BeLike '*f.txt*'
            $everything | Should -Not -BeLike "*$SecretPassword*"
            $everything | Should -Not -BeLike "*$SecretSig*"
        }

        It 'masks a SAS signature inside a command line in table, list and validation views' {
            $t = New-BatchTask -Id s -CommandLine "azcopy copy 'https://a.blob.core.windows.net/c?sv=1&sig=$SecretSig' ."
            $shown = @(
                $t | Format-Table | Out-String -Width 300
                $t | Format-List | Out-String -Width 300
            ) -join "`n"
            $shown | Should -BeLike '*sig=`*`*`**'
            $shown | Should -Not -BeLike "*$SecretSig*"
        }
    }
}
