BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $golden = $TestGolden
    $realWorld = $TestRealWorld
    $goldenCases = @(
        foreach ($folder in 'minimal', 'typical', 'full') {
            Get-ChildItem -LiteralPath (Join-Path $golden $folder) -Filter *.json |
                Where-Object Name -notlike '*.expected.json' |
                ForEach-Object { @{ Name = "$folder/$($_.Name)"; File = $_.FullName } }
        }
        Get-ChildItem -LiteralPath $realWorld -Filter *.json | ForEach-Object { @{ Name = "realworld/$($_.Name)"; File = $_.FullName } }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot common.ps1)
}

Describe 'ConvertFrom-BatchTaskJson' {
    Context 'layouts' {
        It 'reads <Name>' -TestCases @(
            @{ Name = 'one object'; Json = '{"id":"a","commandLine":"c"}'; Ids = @('a') }
            @{ Name = 'an array'; Json = '[{"id":"a","commandLine":"c"},{"id":"b","commandLine":"c"}]'; Ids = @('a', 'b') }
            @{ Name = 'newline-delimited objects'; Json = "{`"id`":`"a`",`"commandLine`":`"c`"}`n{`"id`":`"b`",`"commandLine`":`"c`"}"; Ids = @('a', 'b') }
            @{ Name = 'a list response'; Json = '{"value":[{"id":"a","commandLine":"c"},{"id":"b","commandLine":"c"}],"odata.nextLink":"x"}'; Ids = @('a', 'b') }
        ) {
            param($Name, $Json, $Ids)
            $tasks = @(ConvertFrom-BatchTaskJson -InputObject $Json)
            $tasks | ForEach-Object { $_ | Should -BeOfType ([BatchTaskPS.Model.CloudTask]) }
            $tasks.Id | Should -Be $Ids
        }

        It 'joins piped lines (Get-Content) before reading' {
            $file = Join-Path $TestDrive 'pretty.json'
            Set-Content -LiteralPath $file -Value "{`n  `"id`": `"p`",`n  `"commandLine`": `"c`"`n}"
            (Get-Content -LiteralPath $file | ConvertFrom-BatchTaskJson).Id | Should -Be 'p'
        }

        It 'emits nothing for empty input' {
            '' | ConvertFrom-BatchTaskJson | Should -BeNullOrEmpty
        }
    }

    Context 'files' {
        BeforeAll {
            Set-Content -LiteralPath (Join-Path $TestDrive 'one.json') -Value '{"id":"one","commandLine":"c"}'
            Set-Content -LiteralPath (Join-Path $TestDrive 'two.json') -Value '[{"id":"two","commandLine":"c"}]'
            Set-Content -LiteralPath (Join-Path $TestDrive 'br[a]cket.json') -Value '{"id":"bracket","commandLine":"c"}'
        }

        It '-Path expands wildcards' {
            @(ConvertFrom-BatchTaskJson -Path (Join-Path $TestDrive '*o.json'), (Join-Path $TestDrive 'one.json')).Id | Should -Be @('two', 'one')
        }

        It '-LiteralPath takes the name as it is' {
            (ConvertFrom-BatchTaskJson -LiteralPath (Join-Path $TestDrive 'br[a]cket.json')).Id | Should -Be 'bracket'
        }

        It 'takes files from Get-ChildItem by PSPath' {
            @(Get-ChildItem -LiteralPath $TestDrive -Filter 't*.json' | ConvertFrom-BatchTaskJson).Id | Should -Be @('two')
        }

        It 'writes TaskFileNotFound for <Name>' -TestCases @(
            @{ Name = 'a missing -Path'; Params = @{ Path = 'TestDrive:/missing.json' } }
            @{ Name = 'a wildcard matching nothing'; Params = @{ Path = 'TestDrive:/missing*.json' } }
            @{ Name = 'a missing -LiteralPath'; Params = @{ LiteralPath = 'TestDrive:/missing.json' } }
        ) {
            param($Name, $Params)
            ConvertFrom-BatchTaskJson @Params -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'TaskFileNotFound,BatchTaskPS.Commands.ConvertFromBatchTaskJsonCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }
    }

    Context 'bad records' {
        It 'reports <Name> as <Category> and still emits the good records' -TestCases @(
            @{ Name = 'a syntax error'; Lines = @('{"id":"a","commandLine":"c"}', '{"id":"b",,}', '{"id":"c","commandLine":"c"}'); Category = 'ParserError'; Line = 2; JsonPath = '$'; Record = 2 }
            @{ Name = 'a wrong type'; Lines = @('{"id":"a","commandLine":"c"}', '{"id":"b","requiredSlots":"many"}', '{"id":"c","commandLine":"c"}'); Category = 'InvalidData'; Line = 2; JsonPath = '$.requiredSlots'; Record = 2 }
            @{ Name = 'a bad duration'; Lines = @('{"id":"a","commandLine":"c"}', '{"id":"b","constraints":{"maxWallClockTime":"1 hour"}}', '{"id":"c","commandLine":"c"}'); Category = 'InvalidData'; Line = 2; JsonPath = '$.constraints.maxWallClockTime'; Record = 2 }
        ) {
            param($Name, $Lines, $Category, $Line, $JsonPath, $Record)
            $file = Join-Path $TestDrive 'bad.ndjson'
            Set-Content -LiteralPath $file -Value $Lines
            $tasks = @(ConvertFrom-BatchTaskJson -Path $file -ErrorVariable err -ErrorAction SilentlyContinue)
            $tasks.Id | Should -Be @('a', 'c')
            $err.Count | Should -Be 1
            $e = $err[0]
            $e.FullyQualifiedErrorId | Should -Be 'InvalidTaskJson,BatchTaskPS.Commands.ConvertFromBatchTaskJsonCommand'
            $e.CategoryInfo.Category | Should -Be $Category
            $e.TargetObject.Path | Should -Be (Resolve-Path -LiteralPath $file).ProviderPath
            $e.TargetObject.Line | Should -Be $Line
            $e.TargetObject.JsonPath | Should -Be $JsonPath
            $e.TargetObject.RecordNumber | Should -Be $Record
            $e.TargetObject.LineText | Should -Be $Lines[1]
            $e.TargetObject.BytePositionInLine | Should -BeGreaterThan 0
            $e.ErrorDetails.Message | Should -BeLike ("{0}:{1}:{2}: {3}: *" -f $e.TargetObject.Path, $Line, $e.TargetObject.BytePositionInLine, $JsonPath)
            $e.Exception.InnerException | Should -BeOfType ([BatchTaskPS.Serialization.BatchTaskReadException])
        }

        It 'never reads a document with task keys after "value" as a list: <Name>' -TestCases @(
            @{ Name = 'an empty value'; Json = '{"value":[],"id":"a","commandLine":"x"}'; Ids = @() }
            @{ Name = 'a task in value'; Json = '{"value":[{"id":"inner","commandLine":"c"}],"id":"outer","commandLine":"c"}'; Ids = @('inner') }
        ) {
            param($Name, $Json, $Ids)
            $tasks = @($Json | ConvertFrom-BatchTaskJson -ErrorVariable err -ErrorAction SilentlyContinue)
            @($tasks.Id) | Should -Be $Ids
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'InvalidTaskJson,BatchTaskPS.Commands.ConvertFromBatchTaskJsonCommand'
            $err[0].Exception.Message | Should -BeLike "*also has 'id'*"
        }

        It 'reports nesting deeper than -MaxDepth as LimitsExceeded' {
            ConvertFrom-BatchTaskJson -InputObject '{"id":"d","exitConditions":{"default":{"jobAction":"none"}}}' -MaxDepth 2 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -Be 'InvalidTaskJson,BatchTaskPS.Commands.ConvertFromBatchTaskJsonCommand'
            $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
            # The core itself calls it a limit (the module no longer guesses from the message).
            $err[0].Exception.InnerException.Kind | Should -Be 'LimitExceeded'
        }
    }

    Context 'limits' {
        BeforeDiscovery {
            $limitCases = foreach ($from in 'text', 'file') {
                @{ From = $from; Limit = 'MaxStringBytes'; Value = 50; Bad = '{"id":"b","commandLine":"' + ('x' * 51) + '"}'; JsonPath = '$.commandLine' }
                @{ From = $from; Limit = 'MaxRecordBytes'; Value = 100000; Bad = '{"id":"b","commandLine":"' + ('x' * 200000) + '"}'; JsonPath = '$' }
                @{ From = $from; Limit = 'MaxDepth'; Value = 2; Bad = '{"id":"b","exitConditions":{"default":{"jobAction":"none"}}}'; JsonPath = '$.exitConditions.default' }
            }
        }

        It '-<Limit> <Value> (<From>): a line over the limit is one LimitsExceeded error naming it, the next line is read normally' -TestCases $limitCases {
            param($From, $Limit, $Value, $Bad, $JsonPath)
            $lines = @('{"id":"a","commandLine":"c"}', $Bad, '{"id":"c","commandLine":"c"}')
            $given = @{ $Limit = $Value }
            if ($From -eq 'file') {
                $file = Join-Path $TestDrive 'limits.ndjson'
                Set-Content -LiteralPath $file -Value $lines
                $tasks = @(ConvertFrom-BatchTaskJson -Path $file @given -ErrorVariable err -ErrorAction SilentlyContinue)
            }
            else {
                $tasks = @($lines | ConvertFrom-BatchTaskJson @given -ErrorVariable err -ErrorAction SilentlyContinue)
            }
            $tasks.Id | Should -Be @('a', 'c')
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidTaskJson,BatchTaskPS.Commands.ConvertFromBatchTaskJsonCommand'
            $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $err[0].ErrorDetails.Message | Should -BeLike "*: $JsonPath`: *($Limit)"
            $err[0].TargetObject.Line | Should -Be 2
            $err[0].TargetObject.RecordNumber | Should -Be 2
            # The same input reads whole with the default limits.
            @($lines | ConvertFrom-BatchTaskJson).Id | Should -Be @('a', 'b', 'c')
        }

        It '-<Name> refuses <Value>' -TestCases @(
            @{ Name = 'MaxStringBytes'; Value = 0 }
            @{ Name = 'MaxRecordBytes'; Value = 0 }
            @{ Name = 'MaxRecordBytes'; Value = 1073741825 }
            @{ Name = 'MaxDepth'; Value = 1001 }
        ) {
            param($Name, $Value)
            $p = @{ $Name = $Value }
            { '{"id":"a","commandLine":"c"}' | ConvertFrom-BatchTaskJson @p } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,BatchTaskPS.Commands.ConvertFromBatchTaskJsonCommand'
        }

        It 'gives one bounded, masked excerpt for a broken token followed by a 5 MB line of letters (file and text)' {
            $bad = '{"id":"a","fa"' + ('A' * 5MB) + '"}'
            $file = Join-Path $TestDrive 'hostile.json'
            [System.IO.File]::WriteAllText($file, $bad)
            ConvertFrom-BatchTaskJson -Path $file -ErrorVariable fromFile -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $bad | ConvertFrom-BatchTaskJson -ErrorVariable fromText -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            foreach ($err in $fromFile, $fromText) {
                $err.Count | Should -Be 1
                $err[0].CategoryInfo.Category | Should -Be 'ParserError'
                $err[0].TargetObject.LineText | Should -BeLike '{"id":"a","fa"AAAA*...'
                $err[0].TargetObject.LineText.Length | Should -BeLessOrEqual 406
                ($err[0] | Out-String).Length | Should -BeLessThan 4000
            }
        }

        It 'reports each of 3,000 bad lines between good 8 KB lines, with its own line and excerpt' {
            $good = '{"id":"g","commandLine":"' + ('x' * 8000) + '"}'
            $file = Join-Path $TestDrive 'many-bad.ndjson'
            $w = [System.IO.StreamWriter]::new($file)
            try { for ($i = 0; $i -lt 3000; $i++) { $w.WriteLine($good); $w.WriteLine('{"id":"b' + $i + '","requiredSlots":"bad"}') } } finally { $w.Dispose() }
            $tasks = @(ConvertFrom-BatchTaskJson -Path $file -ErrorVariable err -ErrorAction SilentlyContinue)
            $tasks.Count | Should -Be 3000
            $err.Count | Should -Be 3000
            $err[2999].TargetObject.Line | Should -Be 6000
            $err[2999].TargetObject.LineText | Should -BeExactly '{"id":"b2999","requiredSlots":"bad"}'
        }

        It 'masks a registry password in the line text of a bad record' {
            $line = "{`"id`":`"x`",`"requiredSlots`":`"bad`",`"containerSettings`":{`"imageName`":`"i`",`"registry`":{`"password`":`"$SecretPassword`"}}}"
            ConvertFrom-BatchTaskJson -InputObject $line -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].TargetObject.LineText | Should -BeLike '*"password":"`*`*`*"*'
            ($err | Out-String) + ($err[0].TargetObject | Out-String) | Should -Not -BeLike "*$SecretPassword*"
        }
    }

    Context 'golden and real-world files agree with the core' {
        It '<Name>' -TestCases $goldenCases {
            param($Name, $File)
            $expected = @(Get-CoreJson -Path $File)
            $actual = @(ConvertFrom-BatchTaskJson -Path $File | ConvertTo-BatchTaskJson -Compress)
            $expected.Count | Should -BeGreaterThan 0
            $actual | Should -Be $expected
        }
    }

    Context 'enum spelling (FIDELITY row 28)' {
        It 'writes an enum value back as it was read, and still compares it equal to the wire value' {
            $json = '{"id":"a","commandLine":"c","outputFiles":[{"filePattern":"*","destination":{"container":{"containerUrl":"https://a.blob.core.windows.net/c"}},"uploadOptions":{"uploadCondition":"TaskSuccess"}}],"userIdentity":{"autoUser":{"scope":"Pool","elevationLevel":"Admin"}}}'
            $task = $json | ConvertFrom-BatchTaskJson
            $task | ConvertTo-BatchTaskJson -Compress | Should -BeExactly $json
            $task.OutputFiles[0].UploadOptions.UploadCondition -eq 'tasksuccess' | Should -BeTrue
            $task.UserIdentity.AutoUser.ElevationLevel.IsKnown | Should -BeTrue
            $task | Test-BatchTask -Strict | Should -BeTrue
        }

        It 'gives values made by a cmdlet the wire spelling' {
            New-BatchTask -Id a -CommandLine c -ElevationLevel Admin -AutoUserScope Pool | ConvertTo-BatchTaskJson -Compress |
                Should -BeExactly '{"id":"a","commandLine":"c","userIdentity":{"autoUser":{"scope":"pool","elevationLevel":"admin"}}}'
        }
    }

    Context 'object identity' {
        It 'compares task objects by reference (-eq, HashSet), and by value only when asked' {
            $a = '{"id":"a","commandLine":"c"}' | ConvertFrom-BatchTaskJson
            $b = '{"id":"a","commandLine":"c"}' | ConvertFrom-BatchTaskJson
            $a -eq $b | Should -BeFalse
            $a.ValueEquals($b) | Should -BeTrue
            [BatchTaskPS.Model.BatchModelComparer]::Instance.Equals($a, $b) | Should -BeTrue
            $set = [System.Collections.Generic.HashSet[object]]::new()
            $set.Add($a) | Should -BeTrue
            $a.CommandLine = 'changed'
            $set.Contains($a) | Should -BeTrue
        }
    }
}
