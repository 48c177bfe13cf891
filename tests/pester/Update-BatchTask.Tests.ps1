BeforeDiscovery {
    # Test cases are built at discovery: the task read below was last modified at 2016-09-06T06:59:15.1161429Z.
    function Utc([int] $second, [int] $ms = 0) { [datetime]::new(2016, 9, 6, 6, 59, $second, $ms, [DateTimeKind]::Utc) }
}

BeforeAll {
    . (Join-Path $PSScriptRoot common.ps1)
    $script:taskGetFile = Join-Path $TestRealWorld TaskGet.response.json
    # eTag 0x8D3D62350711C55, lastModified 2016-09-06T06:59:15.1161429Z, state active, constraints set.
    $script:base = ConvertFrom-BatchTaskJson -Path $taskGetFile
    $script:etag = $base.ETag
    function script:Utc([int] $second, [int] $ms = 0) { [datetime]::new(2016, 9, 6, 6, 59, $second, $ms, [DateTimeKind]::Utc) }
}

Describe 'Update-BatchTask' {
    Context 'the updated copy' {
        It 'changes the constraints on a copy and leaves the input as it was' {
            $before = $base | ConvertTo-BatchTaskJson -Compress
            $u = $base | Update-BatchTask -IfMatch $etag -MaxTaskRetryCount 7
            ($base | ConvertTo-BatchTaskJson -Compress) | Should -Be $before
            [object]::ReferenceEquals($u, $base) | Should -BeFalse
            $u.Constraints.MaxTaskRetryCount | Should -Be 7
            $base.Constraints.MaxTaskRetryCount | Should -Be 0
        }

        It 'keeps the constraints that were not given (the service would reset them)' {
            $u = $base | Update-BatchTask -MaxTaskRetryCount 7
            $u.Constraints.MaxWallClockTime | Should -Be $base.Constraints.MaxWallClockTime
            $u.Constraints.RetentionTime | Should -Be $base.Constraints.RetentionTime
        }

        It 'merges the set fields of -Constraints, then the single-field parameters' {
            $u = $base | Update-BatchTask -Constraints @{ retentionTime = 'P1D'; maxTaskRetryCount = 5 } -MaxTaskRetryCount 6
            $u.Constraints.RetentionTime | Should -Be ([timespan]'1.00:00:00')
            $u.Constraints.MaxTaskRetryCount | Should -Be 6
            $u.Constraints.MaxWallClockTime | Should -Be $base.Constraints.MaxWallClockTime
        }

        It 'takes ISO 8601 durations' {
            ($base | Update-BatchTask -MaxWallClockTime PT2H).Constraints.MaxWallClockTime | Should -Be ([timespan]'02:00:00')
        }

        It 'adds constraints to a task that had none' {
            $u = New-BatchTask -Id n -CommandLine c | Update-BatchTask -RetentionTime P2D
            $u | ConvertTo-BatchTaskJson -Shape Update -Compress | Should -Be '{"constraints":{"retentionTime":"P2D"}}'
        }

        It 'gives a new service-shaped ETag and LastModified = now' {
            $start = [datetime]::UtcNow
            $u = $base | Update-BatchTask -MaxTaskRetryCount 1
            $u.ETag | Should -MatchExactly '^0x[0-9A-F]{15}$'
            $u.ETag | Should -Not -Be $etag
            $u.LastModified.Kind | Should -Be 'Utc'
            $u.LastModified | Should -BeGreaterOrEqual $start
            $u.LastModified | Should -BeLessOrEqual ([datetime]::UtcNow)
        }

        It 'never repeats an ETag across successive updates' {
            $t = $base
            $seen = [System.Collections.Generic.HashSet[string]]::new()
            $null = $seen.Add($t.ETag)
            foreach ($i in 1..300) {
                $t = $t | Update-BatchTask -IfMatch $t.ETag -MaxTaskRetryCount $i
                $seen.Add($t.ETag) | Should -BeTrue
            }
            $t.Constraints.MaxTaskRetryCount | Should -Be 300
        }

        It 'writes the update body with -Shape Update' {
            $u = $base | Update-BatchTask -MaxTaskRetryCount 3
            $u | ConvertTo-BatchTaskJson -Shape Update -Compress | Should -Be '{"constraints":{"maxWallClockTime":"P10675199DT2H48M5.4775807S","retentionTime":"P10675199DT2H48M5.4775807S","maxTaskRetryCount":3}}'
        }
    }

    Context 'conditions' {
        It '<Name>: passes = <Passes>' -TestCases @(
            @{ Name = 'IfMatch with the same ETag'; Params = @{ IfMatch = '0x8D3D62350711C55' }; Passes = $true }
            @{ Name = 'IfMatch with another ETag'; Params = @{ IfMatch = '0x8D3D62350711C56' }; Passes = $false }
            @{ Name = 'IfMatch compares ordinally (letter case)'; Params = @{ IfMatch = '0x8d3d62350711c55' }; Passes = $false }
            @{ Name = 'IfMatch never parses (quoted)'; Params = @{ IfMatch = '"0x8D3D62350711C55"' }; Passes = $false }
            @{ Name = 'IfMatch *'; Params = @{ IfMatch = '*' }; Passes = $true }
            @{ Name = 'IfNoneMatch with the same ETag'; Params = @{ IfNoneMatch = '0x8D3D62350711C55' }; Passes = $false }
            @{ Name = 'IfNoneMatch with another ETag'; Params = @{ IfNoneMatch = '0x1' }; Passes = $true }
            @{ Name = 'IfNoneMatch *'; Params = @{ IfNoneMatch = '*' }; Passes = $false }
            @{ Name = 'IfModifiedSince a second earlier'; Params = @{ IfModifiedSince = (Utc 14) }; Passes = $true }
            @{ Name = 'IfModifiedSince the same second'; Params = @{ IfModifiedSince = (Utc 15) }; Passes = $false }
            @{ Name = 'IfModifiedSince the same second, later fraction'; Params = @{ IfModifiedSince = (Utc 15 900) }; Passes = $false }
            @{ Name = 'IfModifiedSince later'; Params = @{ IfModifiedSince = (Utc 16) }; Passes = $false }
            @{ Name = 'IfUnmodifiedSince the same second (earlier fraction)'; Params = @{ IfUnmodifiedSince = (Utc 15) }; Passes = $true }
            @{ Name = 'IfUnmodifiedSince later'; Params = @{ IfUnmodifiedSince = (Utc 30) }; Passes = $true }
            @{ Name = 'IfUnmodifiedSince a second earlier'; Params = @{ IfUnmodifiedSince = (Utc 14 999) }; Passes = $false }
            @{ Name = 'IfUnmodifiedSince as local time of the same instant'; Params = @{ IfUnmodifiedSince = (Utc 15).ToLocalTime() }; Passes = $true }
            @{ Name = 'IfMatch decides over a failing IfUnmodifiedSince'; Params = @{ IfMatch = '0x8D3D62350711C55'; IfUnmodifiedSince = (Utc 1) }; Passes = $true }
            @{ Name = 'a failing IfMatch with a passing IfUnmodifiedSince'; Params = @{ IfMatch = '0x0'; IfUnmodifiedSince = (Utc 59) }; Passes = $false }
            @{ Name = 'IfNoneMatch decides over a failing IfModifiedSince'; Params = @{ IfNoneMatch = '0x0'; IfModifiedSince = (Utc 59) }; Passes = $true }
            @{ Name = 'a failing IfNoneMatch with a passing IfModifiedSince'; Params = @{ IfNoneMatch = '*'; IfModifiedSince = (Utc 1) }; Passes = $false }
        ) {
            param($Name, $Params, $Passes)
            $out = $base | Update-BatchTask @Params -MaxTaskRetryCount 9 -ErrorVariable err -ErrorAction SilentlyContinue
            if ($Passes) {
                $err.Count | Should -Be 0
                $out.Constraints.MaxTaskRetryCount | Should -Be 9
            }
            else {
                $out | Should -BeNullOrEmpty
                $err.Count | Should -Be 1
                $err[0].FullyQualifiedErrorId | Should -Be 'ConditionNotMet,BatchTaskPS.Commands.UpdateBatchTaskCommand'
                $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
                [object]::ReferenceEquals($err[0].TargetObject, $base) | Should -BeTrue
            }
        }

        It 'for a task without ETag or LastModified: <Name> passes = <Passes>' -TestCases @(
            @{ Name = 'IfMatch <etag>'; Params = @{ IfMatch = '0x1' }; Passes = $false }
            @{ Name = 'IfMatch *'; Params = @{ IfMatch = '*' }; Passes = $true }
            @{ Name = 'IfNoneMatch <etag>'; Params = @{ IfNoneMatch = '0x1' }; Passes = $true }
            @{ Name = 'IfNoneMatch *'; Params = @{ IfNoneMatch = '*' }; Passes = $false }
            @{ Name = 'IfModifiedSince (ignored)'; Params = @{ IfModifiedSince = [datetime]::UtcNow }; Passes = $true }
            @{ Name = 'IfUnmodifiedSince (ignored)'; Params = @{ IfUnmodifiedSince = [datetime]'2000-01-01' }; Passes = $true }
        ) {
            param($Name, $Params, $Passes)
            $fresh = New-BatchTask -Id fresh -CommandLine c
            $out = $fresh | Update-BatchTask @Params -MaxTaskRetryCount 1 -ErrorVariable err -ErrorAction SilentlyContinue
            [bool]$out | Should -Be $Passes
            $err.Count | Should -Be ([int](-not $Passes))
        }

        It 'throws ConditionNotMet with -ErrorAction Stop' {
            { $base | Update-BatchTask -IfMatch '0x0' -MaxTaskRetryCount 1 -ErrorAction Stop } |
                Should -Throw -ErrorId 'ConditionNotMet,BatchTaskPS.Commands.UpdateBatchTaskCommand'
        }

        It 'goes on with the next task after a failed condition' {
            $a = New-BatchTask -Id a -CommandLine c | Update-BatchTask
            $b = New-BatchTask -Id b -CommandLine c | Update-BatchTask
            $c = New-BatchTask -Id c -CommandLine c | Update-BatchTask
            $out = @($a, $b, $c | Update-BatchTask -IfNoneMatch $b.ETag -MaxTaskRetryCount 2 -ErrorVariable err -ErrorAction SilentlyContinue)
            $out.Id | Should -Be @('a', 'c')
            $err.Count | Should -Be 1
            $err[0].TargetObject.Id | Should -Be 'b'
        }

        It 'refuses <Name> with MultipleConditionHeadersNotSupported' -TestCases @(
            @{ Name = 'IfMatch + IfNoneMatch'; Params = @{ IfMatch = '*'; IfNoneMatch = '0x1' } }
            @{ Name = 'IfMatch + IfModifiedSince'; Params = @{ IfMatch = '*'; IfModifiedSince = (Utc 1) } }
            @{ Name = 'IfNoneMatch + IfUnmodifiedSince'; Params = @{ IfNoneMatch = '0x1'; IfUnmodifiedSince = (Utc 1) } }
            @{ Name = 'IfModifiedSince + IfUnmodifiedSince'; Params = @{ IfModifiedSince = (Utc 1); IfUnmodifiedSince = (Utc 2) } }
            @{ Name = 'three conditions'; Params = @{ IfMatch = '*'; IfUnmodifiedSince = (Utc 1); IfModifiedSince = (Utc 1) } }
        ) {
            param($Name, $Params)
            { $base | Update-BatchTask @Params -MaxTaskRetryCount 1 } |
                Should -Throw -ErrorId 'MultipleConditionHeadersNotSupported,BatchTaskPS.Commands.UpdateBatchTaskCommand'
        }
    }

    Context 'definition changes' {
        It 'refuses a definition change without -AllowDefinitionChange' {
            { $base | Update-BatchTask -CommandLine 'other' } |
                Should -Throw -ErrorId 'DefinitionChangeNotAllowed,BatchTaskPS.Commands.UpdateBatchTaskCommand'
        }

        It 'changes <Name> with -AllowDefinitionChange' -TestCases @(
            @{ Name = 'an active task'; Json = '{"id":"d","commandLine":"c","state":"active"}' }
            @{ Name = 'a task with no state'; Json = '{"id":"d","commandLine":"c"}' }
        ) {
            param($Name, $Json)
            $t = ConvertFrom-BatchTaskJson -InputObject $Json
            $u = $t | Update-BatchTask -AllowDefinitionChange -CommandLine 'new' -DisplayName 'dn' -EnvironmentSettings @{ X = '1' } -MaxTaskRetryCount 2
            ($t | Update-BatchTask -AllowDefinitionChange -EnvironmentSettings 'X=1;Y=a=b').EnvironmentSettings.Value | Should -Be @('1', 'a=b')
            $u.CommandLine | Should -Be 'new'
            $u.DisplayName | Should -Be 'dn'
            $u.EnvironmentSettings[0].Name | Should -Be 'X'
            $u.Constraints.MaxTaskRetryCount | Should -Be 2
            $t.CommandLine | Should -Be 'c'
        }

        It 'writes DefinitionChangeNotAllowed for a <State> task' -TestCases @(
            @{ State = 'running' }
            @{ State = 'completed' }
            @{ State = 'preparing' }
        ) {
            param($State)
            $t = ConvertFrom-BatchTaskJson -InputObject "{`"id`":`"d`",`"commandLine`":`"c`",`"state`":`"$State`"}"
            $out = $t | Update-BatchTask -AllowDefinitionChange -CommandLine 'new' -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -Be 'DefinitionChangeNotAllowed,BatchTaskPS.Commands.UpdateBatchTaskCommand'
        }

        It 'still changes the constraints of a completed task' {
            $t = ConvertFrom-BatchTaskJson -InputObject '{"id":"d","commandLine":"c","state":"completed"}'
            ($t | Update-BatchTask -MaxTaskRetryCount 4).Constraints.MaxTaskRetryCount | Should -Be 4
        }
    }

    Context 'secrets' {
        It 'never shows a new registry password in any stream or error' {
            $t = ConvertFrom-BatchTaskJson -InputObject '{"id":"s","commandLine":"c","state":"active","containerSettings":{"imageName":"i"}}'
            $all = & {
                $u = $t | Update-BatchTask -AllowDefinitionChange -RegistryServer r.io -RegistryCredential (New-TestCredential) -Verbose -Debug -WhatIf
                $u = $t | Update-BatchTask -AllowDefinitionChange -RegistryServer r.io -RegistryCredential (New-TestCredential) -Verbose -Debug -Confirm:$false
                $u | Format-List | Out-String
                $u.ContainerSettings | Format-List | Out-String
                $u | ConvertTo-BatchTaskJson -RedactSecrets
                $u | Update-BatchTask -IfMatch '0x0' -AllowDefinitionChange -RegistryCredential (New-TestCredential) -Verbose -ErrorAction Continue
                try { $u | Update-BatchTask -AllowDefinitionChange -UserName x -AutoUserScope task -RegistryCredential (New-TestCredential) } catch { $_ | Format-List * -Force | Out-String; $_.Exception | Format-List * -Force | Out-String }
            } *>&1 | Out-String
            $all | Should -BeLike '*RegistryCredential*'
            $all | Should -BeLike '*does not hold*'
            $all | Should -Not -BeLike "*$SecretPassword*"
        }

        It 'refuses -UserName with -AutoUserScope with ConflictingUserIdentity' {
            { $base | Update-BatchTask -AllowDefinitionChange -UserName x -AutoUserScope task } |
                Should -Throw -ErrorId 'ConflictingUserIdentity,BatchTaskPS.Commands.UpdateBatchTaskCommand'
        }

        It 'puts the credential into the updated copy only' {
            $t = ConvertFrom-BatchTaskJson -InputObject '{"id":"s","commandLine":"c"}'
            $u = $t | Update-BatchTask -AllowDefinitionChange -RegistryCredential (New-TestCredential)
            $u.ContainerSettings.Registry.psbase.Password | Should -Be $SecretPassword
            $t.ContainerSettings | Should -BeNullOrEmpty
        }
    }

    Context 'ShouldProcess' {
        It '-WhatIf changes and emits nothing' {
            $base | Update-BatchTask -MaxTaskRetryCount 3 -WhatIf | Should -BeNullOrEmpty
        }
    }

    Context 'task files' {
        BeforeEach {
            $script:file = Join-Path $TestDrive 'task.json'
            $indented = @'
{
  "id": "filetask",
  "eTag": "0x8D00000000000A1",
  "lastModified": "2024-01-01T00:00:00Z",
  "state": "active",
  "commandLine": "echo",
  "constraints": {
    "maxWallClockTime": "PT1H",
    "maxTaskRetryCount": 0,
    "futureConstraint": [1, 2]
  },
  "futureTopLevel": {
    "keep": true
  }
}
'@
            [System.IO.File]::WriteAllText($file, $indented.Replace("`r`n", "`n") + "`n")
            # A folder of its own holding only a copy of the task file, for tests that look at what else is there.
            $script:alone = New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('N')))
            $script:own = Join-Path $alone 'task.json'
            Copy-Item -LiteralPath $file -Destination $own
        }

        It 'updates the file under -IfMatch and keeps everything else, unknown properties included' {
            $u = Update-BatchTask -Path $file -IfMatch '0x8D00000000000A1' -MaxTaskRetryCount 5
            $u.Constraints.MaxTaskRetryCount | Should -Be 5
            $text = [System.IO.File]::ReadAllText($file)
            $text | Should -BeLike '*"futureTopLevel": {*"keep": true*'
            $text | Should -BeLike '*"futureConstraint": *'
            $text | Should -BeLike "*`"eTag`": `"$($u.ETag)`"*"
            $text | Should -Match '\n  "id": "filetask"'
            $text | Should -Match '\n$'
            $again = ConvertFrom-BatchTaskJson -Path $file
            ($again | ConvertTo-BatchTaskJson -Compress) | Should -Be ($u | ConvertTo-BatchTaskJson -Compress)
            $again.Constraints.MaxWallClockTime | Should -Be ([timespan]'01:00:00')
        }

        It 'keeps a compact file compact' {
            [System.IO.File]::WriteAllText($file, '{"id":"c","eTag":"0x1","commandLine":"x"}')
            $null = Update-BatchTask -Path $file -IfMatch '0x1' -MaxTaskRetryCount 1
            $text = [System.IO.File]::ReadAllText($file)
            $text | Should -Not -Match '\n'
            $text | Should -BeLike '{"id":"c","eTag":"0x*","commandLine":"x","constraints":{"maxTaskRetryCount":1}}'
        }

        It 'keeps the layout of the file: <Name>' -TestCases @(
            @{ Name = '4 spaces, CRLF, no final newline'; Indent = '    '; NewLine = "`r`n"; Tail = '' }
            @{ Name = 'tabs, LF, final newline'; Indent = "`t"; NewLine = "`n"; Tail = "`n" }
            @{ Name = '2 spaces, CRLF, final CRLF'; Indent = '  '; NewLine = "`r`n"; Tail = "`r`n" }
            @{ Name = '4 spaces, LF, two final newlines'; Indent = '    '; NewLine = "`n"; Tail = "`n`n" }
        ) {
            param($Name, $Indent, $NewLine, $Tail)
            $lines = @(
                '{'
                "$Indent`"id`": `"layout`","
                "$Indent`"eTag`": `"0x8D00000000000A1`","
                "$Indent`"lastModified`": `"2024-01-01T00:00:00Z`","
                "$Indent`"commandLine`": `"echo`","
                "$Indent`"constraints`": {"
                "$Indent$Indent`"maxWallClockTime`": `"PT36H`","
                "$Indent$Indent`"maxTaskRetryCount`": 0,"
                "$Indent$Indent`"futureConstraint`": [1, 2]"
                "$Indent},"
                "$Indent`"futureTopLevel`": { `"keep`": true, `"n`": [ ] }"
                '}'
            )
            $original = ($lines -join $NewLine) + $Tail
            [System.IO.File]::WriteAllText($file, $original)
            $u = Update-BatchTask -Path $file -IfMatch '0x8D00000000000A1' -MaxTaskRetryCount 5
            $lastModified = [regex]::Match(($u | ConvertTo-BatchTaskJson -Compress), '"lastModified":"([^"]+)"').Groups[1].Value
            # Only the three changed values differ; indentation, line endings, the final newline, the
            # un-normalised PT36H and the inline objects and arrays stay as they were.
            $expected = $original.Replace('0x8D00000000000A1', $u.ETag).Replace('2024-01-01T00:00:00Z', $lastModified).Replace('"maxTaskRetryCount": 0', '"maxTaskRetryCount": 5')
            [System.IO.File]::ReadAllText($file) | Should -BeExactly $expected
        }

        It 'keeps the byte order mark of a UTF-8 file' {
            $bom = [System.Text.UTF8Encoding]::new($true)
            [System.IO.File]::WriteAllText($file, "{`n    `"id`": `"bom`",`n    `"eTag`": `"0x1`",`n    `"lastModified`": `"2024-01-01T00:00:00Z`",`n    `"commandLine`": `"c`"`n}`n", $bom)
            $u = Update-BatchTask -Path $file -MaxTaskRetryCount 1
            $lastModified = [regex]::Match(($u | ConvertTo-BatchTaskJson -Compress), '"lastModified":"([^"]+)"').Groups[1].Value
            $bytes = [System.IO.File]::ReadAllBytes($file)
            $bytes[0..2] | Should -Be @(0xEF, 0xBB, 0xBF)
            # The new constraints go after commandLine, as the writer orders them, in the file's 4 spaces.
            [System.Text.Encoding]::UTF8.GetString($bytes, 3, $bytes.Length - 3) |
                Should -BeExactly ("{`n    `"id`": `"bom`",`n    `"eTag`": `"$($u.ETag)`",`n    `"lastModified`": `"$lastModified`",`n    `"commandLine`": `"c`",`n    `"constraints`": {`n        `"maxTaskRetryCount`": 1`n    }`n}`n")
        }

        It 'adds no eTag or lastModified to a definition never submitted: it stays a valid Create body' {
            [System.IO.File]::WriteAllText($file, "{`n  `"id`": `"draft`",`n  `"commandLine`": `"c`"`n}`n")
            ConvertFrom-BatchTaskJson -Path $file | Test-BatchTask -Shape Create | Should -BeTrue
            $u = Update-BatchTask -Path $file -MaxTaskRetryCount 3 -AllowDefinitionChange -CommandLine 'run.sh'
            $u.ETag | Should -BeNullOrEmpty
            $u.LastModified | Should -BeNullOrEmpty
            [System.IO.File]::ReadAllText($file) | Should -BeExactly "{`n  `"id`": `"draft`",`n  `"commandLine`": `"run.sh`",`n  `"constraints`": {`n    `"maxTaskRetryCount`": 3`n  }`n}`n"
            ConvertFrom-BatchTaskJson -Path $file | Test-BatchTask -Shape Create -Detailed | Should -BeNullOrEmpty
            ConvertFrom-BatchTaskJson -Path $file | Test-BatchTask -Shape Create | Should -BeTrue
        }

        It 'renews only the server properties a file has (eTag without lastModified)' {
            [System.IO.File]::WriteAllText($file, '{"id":"e","eTag":"0x1","commandLine":"c"}')
            $u = Update-BatchTask -Path $file -IfMatch '0x1' -MaxTaskRetryCount 1
            $u.ETag | Should -Not -Be '0x1'
            $u.LastModified | Should -BeNullOrEmpty
            [System.IO.File]::ReadAllText($file) | Should -BeExactly "{`"id`":`"e`",`"eTag`":`"$($u.ETag)`",`"commandLine`":`"c`",`"constraints`":{`"maxTaskRetryCount`":1}}"
        }

        It 'a file without eTag meets conditions as a task without ETag: <Name> passes = <Passes>' -TestCases @(
            @{ Name = 'IfMatch <etag>'; Params = @{ IfMatch = '0x1' }; Passes = $false }
            @{ Name = 'IfMatch *'; Params = @{ IfMatch = '*' }; Passes = $true }
            @{ Name = 'IfNoneMatch <etag>'; Params = @{ IfNoneMatch = '0x1' }; Passes = $true }
            @{ Name = 'IfNoneMatch *'; Params = @{ IfNoneMatch = '*' }; Passes = $false }
        ) {
            param($Name, $Params, $Passes)
            [System.IO.File]::WriteAllText($file, '{"id":"draft","commandLine":"c"}')
            $out = Update-BatchTask -Path $file @Params -MaxTaskRetryCount 2 -ErrorVariable err -ErrorAction SilentlyContinue
            [bool] $out | Should -Be $Passes
            $err.Count | Should -Be ([int] (-not $Passes))
            $expected = if ($Passes) { '{"id":"draft","commandLine":"c","constraints":{"maxTaskRetryCount":2}}' } else { '{"id":"draft","commandLine":"c"}' }
            [System.IO.File]::ReadAllText($file) | Should -BeExactly $expected
        }

        It 'does not rewrite a file without eTag that already holds the values given' {
            [System.IO.File]::WriteAllText($file, '{"id":"draft","commandLine":"c","constraints":{"maxTaskRetryCount":2}}')
            $stamp = [datetime]::new(2020, 1, 1, 0, 0, 0, [DateTimeKind]::Utc)
            [System.IO.File]::SetLastWriteTimeUtc($file, $stamp)
            (Update-BatchTask -Path $file -MaxTaskRetryCount 2).Constraints.MaxTaskRetryCount | Should -Be 2
            [System.IO.File]::GetLastWriteTimeUtc($file) | Should -Be $stamp
        }

        It 'leaves the file byte for byte as it was when <Name>' -TestCases @(
            @{ Name = 'the condition fails'; Params = @{ IfMatch = '0xOTHER'; MaxTaskRetryCount = 1 } }
            @{ Name = '-WhatIf is given'; Params = @{ IfMatch = '0x8D00000000000A1'; MaxTaskRetryCount = 1; WhatIf = $true } }
        ) {
            param($Name, $Params)
            $before = [System.IO.File]::ReadAllBytes($file)
            Update-BatchTask -Path $file @Params -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            [System.IO.File]::ReadAllBytes($file) | Should -Be $before
        }

        It 'creates no lock file under -WhatIf' {
            Remove-Item -LiteralPath "$file.lock" -ErrorAction Ignore
            Update-BatchTask -Path $file -MaxTaskRetryCount 1 -WhatIf | Should -BeNullOrEmpty
            Test-Path -LiteralPath "$file.lock" | Should -BeFalse
        }

        It 'leaves the file as it was when the conditions cannot be combined' {
            $before = [System.IO.File]::ReadAllBytes($file)
            { Update-BatchTask -Path $file -IfMatch '*' -IfNoneMatch '0x1' -MaxTaskRetryCount 1 } |
                Should -Throw -ErrorId 'MultipleConditionHeadersNotSupported,BatchTaskPS.Commands.UpdateBatchTaskCommand'
            [System.IO.File]::ReadAllBytes($file) | Should -Be $before
        }

        It 'leaves no temporary file behind' {
            $null = Update-BatchTask -Path $file -MaxTaskRetryCount 1
            @(Get-ChildItem -LiteralPath $TestDrive -Force -Filter '*.tmp').Count | Should -Be 0
        }

        It 'keeps the mode of a 0600 file (a registry password stays private)' {
            [System.IO.File]::SetUnixFileMode($own, [System.IO.UnixFileMode] 'UserRead, UserWrite')
            $null = Update-BatchTask -Path $own -AllowDefinitionChange -RegistryServer r.io -RegistryCredential (New-TestCredential)
            [System.IO.File]::GetUnixFileMode($own) | Should -Be ([System.IO.UnixFileMode] 'UserRead, UserWrite')
            (ConvertFrom-BatchTaskJson -Path $own).ContainerSettings.Registry.psbase.Password | Should -Be $SecretPassword
        }

        It 'keeps the mode <Mode>' -TestCases @(
            @{ Mode = 'UserRead, UserWrite, GroupRead, GroupWrite' }
            @{ Mode = 'UserRead, UserWrite, UserExecute, GroupRead, OtherRead' }
        ) {
            param($Mode)
            [System.IO.File]::SetUnixFileMode($own, [System.IO.UnixFileMode] $Mode)
            $null = Update-BatchTask -Path $own -MaxTaskRetryCount 2
            [System.IO.File]::GetUnixFileMode($own) | Should -Be ([System.IO.UnixFileMode] $Mode)
        }

        It 'keeps the owner and group of a file that root updates' {
            $root = (& id -u) -eq '0'
            if ($root) { & chown 1000:1000 $own; $LASTEXITCODE | Should -Be 0 }
            $before = & stat -c '%u:%g' $own
            $null = Update-BatchTask -Path $own -MaxTaskRetryCount 2 -WarningVariable warn
            & stat -c '%u:%g' $own | Should -Be $before
            if ($root) { $before | Should -Be '1000:1000' }
            $warn | Should -BeNullOrEmpty
        }

        It 'refuses a read-only file (<Name>) with TaskFileReadOnly and leaves it as it was' -TestCases @(
            @{ Name = 'mode 0444'; MakeReadOnly = { param($f) if ($IsWindows) { Set-ItemProperty -LiteralPath $f -Name IsReadOnly -Value $true } else { [System.IO.File]::SetUnixFileMode($f, [System.IO.UnixFileMode] 'UserRead, GroupRead, OtherRead') } } }
            @{ Name = 'the read-only attribute'; MakeReadOnly = { param($f) Set-ItemProperty -LiteralPath $f -Name IsReadOnly -Value $true } }
        ) {
            param($Name, $MakeReadOnly)
            & $MakeReadOnly $own
            $before = [System.IO.File]::ReadAllBytes($own)
            $mtime = (Get-Item -LiteralPath $own).LastWriteTimeUtc
            Update-BatchTask -Path $own -MaxTaskRetryCount 3 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'TaskFileReadOnly,BatchTaskPS.Commands.UpdateBatchTaskCommand'
            $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $err[0].TargetObject | Should -Be $own
            $err[0].Exception.Message | Should -BeLike '*read-only*'
            [System.IO.File]::ReadAllBytes($own) | Should -Be $before
            (Get-Item -LiteralPath $own).LastWriteTimeUtc | Should -Be $mtime
            Set-ItemProperty -LiteralPath $own -Name IsReadOnly -Value $false
        }

        It 'follows a symbolic link: the target is updated and the link stays a link' {
            $folder = New-Item -ItemType Directory -Path (Join-Path $alone 'links')
            $link = Join-Path $folder 'task-link.json'
            $null = New-Item -ItemType SymbolicLink -Path $link -Target $own
            $u = Update-BatchTask -Path $link -MaxTaskRetryCount 6
            $u.Constraints.MaxTaskRetryCount | Should -Be 6
            (Get-Item -LiteralPath $link).LinkType | Should -Be 'SymbolicLink'
            (Get-Item -LiteralPath $link).Target | Should -Be $own
            (ConvertFrom-BatchTaskJson -Path $own).Constraints.MaxTaskRetryCount | Should -Be 6
            @(Get-ChildItem -LiteralPath $folder -Force).Name | Should -Be @('task-link.json')
            @(Get-ChildItem -LiteralPath $alone -Force -File).Name | Should -Be @('task.json')
        }

        It 'removes the temporary file of an update that was killed, and no other' {
            # The pid of a process that has exited, as after kill -9.
            $gone = Start-Process -FilePath ($IsWindows ? 'cmd.exe' : '/bin/sh') -ArgumentList ($IsWindows ? '/c exit' : '-c true') -PassThru -NoNewWindow
            $gone.WaitForExit()
            $stale = Join-Path $alone ".task.json.batchtask-$($gone.Id)-0123abcd.tmp"
            $live = Join-Path $alone ".task.json.batchtask-$PID-0123abcd.tmp"
            $other = Join-Path $alone ".other.json.batchtask-$($gone.Id)-0123abcd.tmp"
            foreach ($f in $stale, $live, $other) { Set-Content -LiteralPath $f -Value '{"id":' }
            $out = Update-BatchTask -Path $own -MaxTaskRetryCount 4 -Verbose 4>&1
            @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and "$_" -like "*$($gone.Id)*did not finish*" }).Count | Should -Be 1
            $stale | Should -Not -Exist
            $live | Should -Exist
            $other | Should -Exist
            (ConvertFrom-BatchTaskJson -Path $own).Constraints.MaxTaskRetryCount | Should -Be 4
        }

        It 'leaves no lock file beside the task file' {
            $null = Update-BatchTask -Path $own -MaxTaskRetryCount 1
            $null = Get-Item -LiteralPath $own | Update-BatchTask -MaxTaskRetryCount 2
            @(Get-ChildItem -LiteralPath $alone -Force).Name | Should -Be @('task.json')
        }

        It 'refuses <Name> with InvalidTaskJson and leaves it as it was' -TestCases @(
            @{ Name = 'an array holding one task'; Json = '[{"id":"a","commandLine":"c"}]' }
            @{ Name = 'a list response'; Json = '{"value":[{"id":"a","commandLine":"c"}]}' }
            @{ Name = 'two tasks, one per line'; Json = "{`"id`":`"a`",`"commandLine`":`"c`"}`n{`"id`":`"b`",`"commandLine`":`"c`"}" }
            @{ Name = 'broken JSON'; Json = '{"id":"a",' }
        ) {
            param($Name, $Json)
            [System.IO.File]::WriteAllText($file, $Json)
            Update-BatchTask -Path $file -MaxTaskRetryCount 1 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'InvalidTaskJson,BatchTaskPS.Commands.UpdateBatchTaskCommand'
            [System.IO.File]::ReadAllText($file) | Should -Be $Json
        }

        It 'refuses a file over the 512 MiB document limit with LimitsExceeded, without reading it' {
            # A sparse file: 513 MiB long, nothing stored.
            $big = Join-Path $TestDrive 'huge.json'
            $stream = [System.IO.File]::Create($big)
            try { $stream.SetLength(513MB) } finally { $stream.Dispose() }
            # Bytes this process has read so far (Linux: rchar in /proc/self/io), to show the file is not read.
            function Get-BytesRead { [long] ((Get-Content /proc/self/io | Where-Object { $_ -like 'rchar:*' }) -replace '\D', '') }
            $before = Get-BytesRead
            Update-BatchTask -Path $big -MaxTaskRetryCount 1 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            (Get-BytesRead) - $before | Should -BeLessThan 16MB -Because 'a file over the limit is refused by its length, not read'
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidTaskJson,BatchTaskPS.Commands.UpdateBatchTaskCommand'
            $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $err[0].Exception.Message | Should -BeLike '*(MaxDocumentBytes)*'
            (Get-Item $big).Length | Should -Be 513MB
        }

        It 'writes TaskFileNotFound for a missing file' {
            Update-BatchTask -Path (Join-Path $TestDrive 'missing.json') -MaxTaskRetryCount 1 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -Be 'TaskFileNotFound,BatchTaskPS.Commands.UpdateBatchTaskCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }

        It 'takes files from Get-ChildItem' {
            $u = Get-Item -LiteralPath $file | Update-BatchTask -MaxTaskRetryCount 8
            $u.Id | Should -Be 'filetask'
            (ConvertFrom-BatchTaskJson -Path $file).Constraints.MaxTaskRetryCount | Should -Be 8
        }

        It 'binds conditions from the pipeline by property name: a stale IfMatch leaves the file untouched' {
            $before = [System.IO.File]::ReadAllBytes($file)
            $stamp = [datetime]::new(2020, 1, 1, 0, 0, 0, [DateTimeKind]::Utc)
            [System.IO.File]::SetLastWriteTimeUtc($file, $stamp)
            $out = [pscustomobject]@{ Path = $file; MaxTaskRetryCount = '9'; IfMatch = '0xSTALE' } |
                Update-BatchTask -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'ConditionNotMet,BatchTaskPS.Commands.UpdateBatchTaskCommand'
            [System.IO.File]::ReadAllBytes($file) | Should -Be $before
            [System.IO.File]::GetLastWriteTimeUtc($file) | Should -Be $stamp
        }

        It 'binds changes and conditions per record: a value of one record does not carry over to the next' {
            $second = Join-Path $alone 'second.json'
            Copy-Item -LiteralPath $file -Destination $second
            $out = @(
                [pscustomobject]@{ Path = $file; MaxTaskRetryCount = '7'; IfMatch = '0x8D00000000000A1'; MaxWallClockTime = 'PT2H' }
                [pscustomobject]@{ Path = $second; RetentionTime = 'P3D'; IfMatch = '' }
            ) | Update-BatchTask -ErrorVariable err
            $err.Count | Should -Be 0
            $out.Count | Should -Be 2
            $first = ConvertFrom-BatchTaskJson -Path $file
            $first.Constraints.MaxTaskRetryCount | Should -Be 7
            $first.Constraints.MaxWallClockTime | Should -Be ([timespan]'02:00:00')
            $next = ConvertFrom-BatchTaskJson -Path $second
            $next.Constraints.MaxTaskRetryCount | Should -Be 0
            $next.Constraints.MaxWallClockTime | Should -Be ([timespan]'01:00:00')
            $next.Constraints.RetentionTime | Should -Be ([timespan]'3.00:00:00')
        }

        It 'takes updates from Import-Csv: an empty cell means not given' {
            $csv = Join-Path $alone 'changes.csv'
            Set-Content -LiteralPath $csv -Value @('Path,MaxTaskRetryCount,IfMatch,CommandLine', "$own,3,0x8D00000000000A1,", "$file,,,new.sh")
            $out = @(Import-Csv -LiteralPath $csv | Update-BatchTask -AllowDefinitionChange -ErrorVariable err)
            $err.Count | Should -Be 0
            $out.Count | Should -Be 2
            (ConvertFrom-BatchTaskJson -Path $own).Constraints.MaxTaskRetryCount | Should -Be 3
            $t = ConvertFrom-BatchTaskJson -Path $file
            $t.CommandLine | Should -Be 'new.sh'
            $t.Constraints.MaxTaskRetryCount | Should -Be 0
        }

        It 'refuses an empty <Name> on the command line with EmptyCondition (it would make the update unconditional)' -TestCases @(
            @{ Name = 'IfMatch' }
            @{ Name = 'IfNoneMatch' }
        ) {
            param($Name)
            $before = [System.IO.File]::ReadAllBytes($file)
            $params = @{ $Name = '' }
            { Update-BatchTask -Path $file @params -MaxTaskRetryCount 1 } | Should -Throw -ErrorId 'EmptyCondition,BatchTaskPS.Commands.UpdateBatchTaskCommand'
            $params = @{ $Name = $null }
            { $base | Update-BatchTask @params -MaxTaskRetryCount 1 } | Should -Throw -ErrorId 'EmptyCondition,BatchTaskPS.Commands.UpdateBatchTaskCommand'
            [System.IO.File]::ReadAllBytes($file) | Should -Be $before
        }

        It 'refuses a bad record with a non-terminating <ErrorId> and goes on with the next' -TestCases @(
            @{ ErrorId = 'MultipleConditionHeadersNotSupported'; Bad = @{ IfMatch = '*'; IfNoneMatch = '0x1'; MaxTaskRetryCount = 1 } }
            @{ ErrorId = 'DefinitionChangeNotAllowed'; Bad = @{ CommandLine = 'other' } }
        ) {
            param($ErrorId, $Bad)
            $before = [System.IO.File]::ReadAllBytes($file)
            $bad = [pscustomobject]($Bad + @{ Path = $file })
            $out = @($bad, [pscustomobject]@{ Path = $own; MaxTaskRetryCount = 4 } | Update-BatchTask -ErrorVariable err -ErrorAction SilentlyContinue)
            $out.Count | Should -Be 1
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly "$ErrorId,BatchTaskPS.Commands.UpdateBatchTaskCommand"
            $err[0].TargetObject | Should -Be @($file)
            [System.IO.File]::ReadAllBytes($file) | Should -Be $before
            (ConvertFrom-BatchTaskJson -Path $own).Constraints.MaxTaskRetryCount | Should -Be 4
        }

        It 'never rewrites a file when no change is given (<Name>): NothingToUpdate, bytes and time unchanged' -TestCases @(
            @{ Name = 'on the command line'; Run = { param($f) Update-BatchTask -Path $f -ErrorVariable err -ErrorAction SilentlyContinue; $err } }
            @{ Name = 'with a condition only'; Run = { param($f) Update-BatchTask -Path $f -IfMatch '0x8D00000000000A1' -ErrorVariable err -ErrorAction SilentlyContinue; $err } }
            @{ Name = 'from the pipeline'; Run = { param($f) [pscustomobject]@{ Path = $f; IfMatch = '0x8D00000000000A1' } | Update-BatchTask -ErrorVariable err -ErrorAction SilentlyContinue; $err } }
            @{ Name = 'from Get-Item'; Run = { param($f) Get-Item -LiteralPath $f | Update-BatchTask -ErrorVariable err -ErrorAction SilentlyContinue; $err } }
        ) {
            param($Name, $Run)
            $before = [System.IO.File]::ReadAllBytes($file)
            $stamp = [datetime]::new(2020, 1, 1, 0, 0, 0, [DateTimeKind]::Utc)
            [System.IO.File]::SetLastWriteTimeUtc($file, $stamp)
            $result = @(& $Run $file)
            $errors = @($result | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            @($result | Where-Object { $_ -is [BatchTaskPS.Model.CloudTask] }).Count | Should -Be 0
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'NothingToUpdate,BatchTaskPS.Commands.UpdateBatchTaskCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            [System.IO.File]::ReadAllBytes($file) | Should -Be $before
            [System.IO.File]::GetLastWriteTimeUtc($file) | Should -Be $stamp
        }

        It 'loses no update when 4 processes update the same file 100 times each' {
            [System.IO.File]::WriteAllText($file, "{`n  `"id`": `"shared`",`n  `"eTag`": `"0x8D000000000000F`",`n  `"commandLine`": `"c`",`n  `"constraints`": {`n    `"maxTaskRetryCount`": 0`n  }`n}`n")
            $worker = Join-Path $TestDrive 'worker.ps1'
            Set-Content -LiteralPath $worker -Value @'
param([string] $ModulePath, [string] $File, [int] $Loops, [string] $Report)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
# Start together: say ready, then wait for the go file, so that the updates really overlap.
Set-Content -LiteralPath "$Report.ready" -Value $PID
while (-not (Test-Path -LiteralPath "$File.go")) { Start-Sleep -Milliseconds 5 }
$reads = 0; $retries = 0
for ($i = 0; $i -lt $Loops; $i++) {
    while ($true) {
        $tasks = @(ConvertFrom-BatchTaskJson -Path $File)
        if ($tasks.Count -ne 1) { throw "read $($tasks.Count) tasks" }
        $reads++
        $t = $tasks[0]
        $u = Update-BatchTask -Path $File -IfMatch $t.ETag -MaxTaskRetryCount ($t.Constraints.MaxTaskRetryCount + 1) -ErrorVariable err -ErrorAction SilentlyContinue
        if ($null -ne $u) { break }
        if ($err.Count -ne 1 -or $err[0].FullyQualifiedErrorId -ne 'ConditionNotMet,BatchTaskPS.Commands.UpdateBatchTaskCommand') { throw "unexpected: $($err | Out-String)" }
        $retries++
    }
}
Set-Content -LiteralPath $Report -Value "$reads $retries"
'@
            # The running pwsh; a dotnet-tool install runs as 'dotnet pwsh.dll', so pass the dll first then.
            $pwsh = (Get-Process -Id $PID).Path
            $hostArgs = @()
            if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { $hostArgs = @([Environment]::GetCommandLineArgs()[0]) }
            $procs = foreach ($n in 1..4) {
                Start-Process -FilePath $pwsh -PassThru -NoNewWindow `
                    -RedirectStandardError (Join-Path $TestDrive "err$n.txt") -RedirectStandardOutput (Join-Path $TestDrive "out$n.txt") `
                    -ArgumentList ($hostArgs + @('-NoProfile', '-NonInteractive', '-File', $worker, $env:BATCHTASK_MODULE_PATH, $file, 100, (Join-Path $TestDrive "report$n.txt")))
            }
            $deadline = [datetime]::UtcNow.AddSeconds(60)
            while (@(1..4 | Where-Object { Test-Path -LiteralPath (Join-Path $TestDrive "report$_.txt.ready") }).Count -lt 4 -and [datetime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 50
            }
            Set-Content -LiteralPath "$file.go" -Value go
            try {
                $procs | Wait-Process -Timeout 150
            }
            finally {
                # Never leave a worker behind (only the processes this test started, by id).
                $procs | Where-Object { -not $_.HasExited } | ForEach-Object { Stop-Process -Id $_.Id -Force }
            }
            foreach ($n in 1..4) {
                $procs[$n - 1].HasExited | Should -BeTrue
                $problem = Get-Content -Raw -LiteralPath (Join-Path $TestDrive "err$n.txt")
                $problem | Should -BeNullOrEmpty
                $procs[$n - 1].ExitCode | Should -Be 0
            }
            $counts = foreach ($n in 1..4) { , ([int[]](Get-Content -LiteralPath (Join-Path $TestDrive "report$n.txt")).Split(' ')) }
            $reads = ($counts | ForEach-Object { $_[0] } | Measure-Object -Sum).Sum
            $retries = ($counts | ForEach-Object { $_[1] } | Measure-Object -Sum).Sum
            $final = ConvertFrom-BatchTaskJson -Path $file
            $final.Constraints.MaxTaskRetryCount | Should -Be 400
            $reads | Should -Be (400 + $retries)
            Write-Host "4 processes x 100 updates: $retries retries caused by conflicts ($reads reads, all parsed)"
        }
    }
}
