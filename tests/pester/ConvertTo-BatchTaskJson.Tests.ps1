BeforeAll {
    . (Join-Path $PSScriptRoot common.ps1)
    $script:full = ConvertFrom-BatchTaskJson -Path (Join-Path $SharedRealWorld TaskGet.response.json)
}

Describe 'ConvertTo-BatchTaskJson' {
    Context 'shapes and key styles' {
        It 'Full keeps the service-owned properties' {
            $json = $full | ConvertTo-BatchTaskJson -Compress
            $json | Should -BeLike '*"eTag":"0x8D3D62350711C55"*'
            $json | Should -BeLike '*"state":"active"*'
        }

        It 'Create leaves out the service-owned properties' {
            $json = $full | ConvertTo-BatchTaskJson -Shape Create -Compress
            $json | Should -Not -BeLike '*"eTag"*'
            $json | Should -Not -BeLike '*"state"*'
            $json | Should -Not -BeLike '*"url"*'
            $json | Should -BeLike '*"commandLine"*'
        }

        It 'Update is the body of the service update call: the constraints only' {
            $t = New-BatchTask -Id u -CommandLine c -MaxTaskRetryCount 3 -MaxWallClockTime PT1H -DisplayName d
            $t | ConvertTo-BatchTaskJson -Shape Update -Compress | Should -Be '{"constraints":{"maxWallClockTime":"PT1H","maxTaskRetryCount":3}}'
        }

        It 'writes <KeyStyle> keys' -TestCases @(
            @{ KeyStyle = 'Rest'; Expected = '{"id":"k","commandLine":"c","constraints":{"maxTaskRetryCount":1}}' }
            @{ KeyStyle = 'Attribute'; Expected = '{"id":"k","command_line":"c","constraints":{"max_task_retry_count":1}}' }
            @{ KeyStyle = 'Property'; Expected = '{"Id":"k","CommandLine":"c","Constraints":{"MaxTaskRetryCount":1}}' }
        ) {
            param($KeyStyle, $Expected)
            New-BatchTask -Id k -CommandLine c -MaxTaskRetryCount 1 | ConvertTo-BatchTaskJson -KeyStyle $KeyStyle -Compress | Should -Be $Expected
        }

        It 'indents unless -Compress' {
            $json = New-BatchTask -Id k -CommandLine c | ConvertTo-BatchTaskJson
            $json | Should -Match '\n  "id": "k"'
        }
    }

    Context 'input' {
        It 'reads <Name> by the from_dict rules' -TestCases @(
            @{ Name = 'a hashtable'; Value = @{ id = 'h'; commandLine = 'c' } }
            @{ Name = 'an ordered dictionary with attribute names'; Value = [ordered]@{ id = 'h'; command_line = 'c' } }
            @{ Name = 'a PSCustomObject'; Value = [pscustomobject]@{ id = 'h'; commandLine = 'c' } }
        ) {
            param($Name, $Value)
            $Value | ConvertTo-BatchTaskJson -Compress | Should -Be '{"id":"h","commandLine":"c"}'
        }

        It 'keeps unknown properties unless -ExcludeAdditionalProperties' {
            $in = [ordered]@{ id = 'h'; commandLine = 'c'; future = 'x' }
            $in | ConvertTo-BatchTaskJson -Compress | Should -Be '{"id":"h","commandLine":"c","future":"x"}'
            $in | ConvertTo-BatchTaskJson -Compress -ExcludeAdditionalProperties | Should -Be '{"id":"h","commandLine":"c"}'
        }

        It 'writes InvalidTaskInput for input that is not a task and goes on' {
            $out = @(@{ id = 'a'; commandLine = 'c' }, 'not a task', @{ id = 'b'; commandLine = 'c' } |
                ConvertTo-BatchTaskJson -Compress -ErrorVariable err -ErrorAction SilentlyContinue)
            $out.Count | Should -Be 2
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'InvalidTaskInput,BatchTaskPS.Commands.ConvertToBatchTaskJsonCommand'
            $err[0].TargetObject | Should -Be 'not a task'
        }
    }

    Context 'collections' {
        It '-AsArray writes one array for all input' {
            $json = @(New-BatchTask -Id a -CommandLine c), @(New-BatchTask -Id b -CommandLine c) | ForEach-Object { $_ } | ConvertTo-BatchTaskJson -AsArray -Compress
            @($json).Count | Should -Be 1
            $json | Should -Be '[{"id":"a","commandLine":"c"},{"id":"b","commandLine":"c"}]'
        }

        It '-AsHashtable writes ordered dictionaries' {
            $d = New-BatchTask -Id a -CommandLine c -MaxTaskRetryCount 2 | ConvertTo-BatchTaskJson -AsHashtable
            $d | Should -BeOfType ([System.Collections.Specialized.OrderedDictionary])
            @($d.Keys) | Should -Be @('id', 'commandLine', 'constraints')
            $d['constraints']['maxTaskRetryCount'] | Should -Be 2
        }
    }

    Context '-Path' {
        It 'writes one compact task per line, UTF-8 without BOM' {
            $file = Join-Path $TestDrive 'tasks.ndjson'
            $out = 'a', 'b' | ForEach-Object { New-BatchTask -Id $_ -CommandLine 'é' } | ConvertTo-BatchTaskJson -Path $file
            $out | Should -BeNullOrEmpty
            $bytes = [System.IO.File]::ReadAllBytes($file)
            $bytes[0] | Should -Be ([byte][char]'{')
            [System.Text.Encoding]::UTF8.GetString($bytes) | Should -Be ("{`"id`":`"a`",`"commandLine`":`"é`"}`n{`"id`":`"b`",`"commandLine`":`"é`"}`n")
            @(ConvertFrom-BatchTaskJson -Path $file).Id | Should -Be @('a', 'b')
        }

        It 'writes one array with -AsArray' {
            $file = Join-Path $TestDrive 'tasks.json'
            'a', 'b' | ForEach-Object { New-BatchTask -Id $_ -CommandLine c } | ConvertTo-BatchTaskJson -Path $file -AsArray
            (Get-Content -Raw $file).Trim() | Should -Be '[{"id":"a","commandLine":"c"},{"id":"b","commandLine":"c"}]'
        }

        It 'throws TaskFileWriteFailed when the file cannot be created' {
            $file = Join-Path $TestDrive 'no/such/folder/tasks.json'
            { New-BatchTask -Id a -CommandLine c | ConvertTo-BatchTaskJson -Path $file } |
                Should -Throw -ErrorId 'TaskFileWriteFailed,BatchTaskPS.Commands.ConvertToBatchTaskJsonCommand'
        }
    }

    Context 'secrets' {
        It '-RedactSecrets masks the registry password and SAS values in every form' {
            $url = "https://acct.blob.core.windows.net/c?sv=2022-11-02&sr=c&sig=$SecretSig"
            $t = New-BatchTask -Id s -CommandLine c -ContainerImage img -RegistryCredential (New-TestCredential) `
                -ResourceFiles @{ storageContainerUrl = $url } -OutputFiles @{ filePattern = '*.txt'; destination = @{ container = @{ containerUrl = $url } }; uploadOptions = @{ uploadCondition = 'taskcompletion' } }
            $all = & {
                $t | ConvertTo-BatchTaskJson -RedactSecrets -Verbose -Debug
                $t | ConvertTo-BatchTaskJson -RedactSecrets -Compress -KeyStyle Attribute
                $t | ConvertTo-BatchTaskJson -RedactSecrets -AsArray
                $t | ConvertTo-BatchTaskJson -RedactSecrets -AsHashtable | ConvertTo-Json -Depth 20
                $t | ConvertTo-BatchTaskJson -RedactSecrets -Path (Join-Path $TestDrive 'r.ndjson'); Get-Content (Join-Path $TestDrive 'r.ndjson')
                $t.OutputFiles[0].Destination.Container | Format-List | Out-String
                $t | Format-List | Out-String
            } *>&1 | Out-String
            $all | Should -BeLike '*"password": "`*`*`*"*'
            $all | Should -BeLike '*sig=`*`*`**'
            $all | Should -Not -BeLike "*$SecretPassword*"
            $all | Should -Not -BeLike "*$SecretSig*"
        }

        It 'without -RedactSecrets writes the real values (the service needs them)' {
            $t = New-BatchTask -Id s -CommandLine c -ContainerImage img -RegistryCredential (New-TestCredential)
            $t | ConvertTo-BatchTaskJson -Compress | Should -BeLike "*`"password`":`"$SecretPassword`"*"
        }
    }
}
