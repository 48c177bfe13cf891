BeforeAll {
    . (Join-Path $PSScriptRoot common.ps1)
    $script:full = ConvertFrom-BatchTaskJson -Path (Join-Path $TestRealWorld TaskGet.response.json)
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

    Context '-Path writes whole files only' {
        BeforeEach {
            $script:dir = New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('N')))
            $script:out = Join-Path $dir 'tasks.json'
            $script:t1 = New-BatchTask -Id t1 -CommandLine c
            $script:old = [System.Text.Encoding]::UTF8.GetBytes("{`"id`":`"old`",`"commandLine`":`"c`"}`n")
            function script:Names { @(Get-ChildItem -LiteralPath $dir -Force).Name }
        }

        It 'reading and writing the same file in one pipeline keeps every task' {
            1..3 | ForEach-Object { New-BatchTask -Id "r$_" -CommandLine c } | ConvertTo-BatchTaskJson -Path $out
            ConvertFrom-BatchTaskJson -Path $out | ConvertTo-BatchTaskJson -Path $out
            @(ConvertFrom-BatchTaskJson -Path $out).Id | Should -Be @('r1', 'r2', 'r3')
            Names | Should -Be @('tasks.json')
        }

        It 'an upstream throw leaves <Name> and no temporary file' -TestCases @(
            @{ Name = 'the file as it was'; Exists = $true }
            @{ Name = 'no file where there was none'; Exists = $false }
        ) {
            param($Name, $Exists)
            if ($Exists) { [System.IO.File]::WriteAllBytes($out, $old) }
            { & { $t1; throw 'x' } | ConvertTo-BatchTaskJson -Path $out -AsArray } | Should -Throw 'x'
            if ($Exists) {
                [System.IO.File]::ReadAllBytes($out) | Should -Be $old
                Names | Should -Be @('tasks.json')
            }
            else {
                $out | Should -Not -Exist
                Names | Should -BeNullOrEmpty
            }
        }

        It 'a terminating error leaves the file as it was' {
            [System.IO.File]::WriteAllBytes($out, $old)
            { $t1, 'not a task' | ConvertTo-BatchTaskJson -Path $out -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidTaskInput,BatchTaskPS.Commands.ConvertToBatchTaskJsonCommand'
            [System.IO.File]::ReadAllBytes($out) | Should -Be $old
            Names | Should -Be @('tasks.json')
        }

        It 'Ctrl+C (StopProcessing) leaves the file as it was and deletes the temporary file' {
            [System.IO.File]::WriteAllBytes($out, $old)
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript('param($m, $f) Import-Module $m; & { New-BatchTask -Id s1 -CommandLine c; Start-Sleep -Seconds 600 } | ConvertTo-BatchTaskJson -Path $f').
                    AddArgument($env:BATCHTASK_MODULE_PATH).AddArgument($out)
                $async = $ps.BeginInvoke()
                $deadline = [datetime]::UtcNow.AddSeconds(120)
                while (@(Names).Count -lt 2 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
                @(Names | Where-Object { $_ -like '.tasks.json.batchtask-*.tmp' }).Count | Should -Be 1
                $ps.Stop()
                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            }
            finally {
                $ps.Dispose()
            }
            [System.IO.File]::ReadAllBytes($out) | Should -Be $old
            Names | Should -Be @('tasks.json')
        }

        It 'a write killed with kill -9 leaves the file as it was; the next write removes its temporary file' {
            [System.IO.File]::WriteAllBytes($out, $old)
            $pwsh = (Get-Process -Id $PID).Path
            $hostArgs = @()
            if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { $hostArgs = @([Environment]::GetCommandLineArgs()[0]) }
            $script = "Import-Module '$env:BATCHTASK_MODULE_PATH'; & { New-BatchTask -Id k1 -CommandLine c; Start-Sleep -Seconds 600 } | ConvertTo-BatchTaskJson -Path '$out'"
            $p = Start-Process -FilePath $pwsh -PassThru -NoNewWindow -ArgumentList ($hostArgs + @('-NoProfile', '-NonInteractive', '-Command', $script))
            try {
                # Generous: the machine may be busy, and a pwsh start can take long then.
                $deadline = [datetime]::UtcNow.AddSeconds(240)
                while (@(Names).Count -lt 2 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            }
            finally {
                Stop-Process -Id $p.Id -Force    # SIGKILL: no Dispose, no cleanup
                $p.WaitForExit()
            }
            $stale = @(Names | Where-Object { $_ -like ".tasks.json.batchtask-$($p.Id)-*.tmp" })
            $stale.Count | Should -Be 1
            [System.IO.File]::ReadAllBytes($out) | Should -Be $old
            $t1 | ConvertTo-BatchTaskJson -Path $out
            Names | Should -Be @('tasks.json')
            (ConvertFrom-BatchTaskJson -Path $out).Id | Should -Be 't1'
        }

        It 'two writers of the same file never mix: the last one to finish wins, whole' {
            $iss = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
            $iss.ImportPSModule([string[]] @($env:BATCHTASK_MODULE_PATH))
            $go = [System.Threading.ManualResetEventSlim]::new($false)
            $writers = foreach ($w in 'a', 'b') {
                $rs = [runspacefactory]::CreateRunspace($iss)
                $rs.Open()
                $ps = [powershell]::Create()
                $ps.Runspace = $rs
                $null = $ps.AddScript('param($w, $f, $go) $null = $go.Wait(30000); 1..3000 | ForEach-Object { New-BatchTask -Id "$w$_" -CommandLine "writer $w" } | ConvertTo-BatchTaskJson -Path $f').
                    AddArgument($w).AddArgument($out).AddArgument($go)
                [pscustomobject]@{ PS = $ps; Runspace = $rs; Async = $ps.BeginInvoke() }
            }
            $go.Set()
            try {
                foreach ($w in $writers) {
                    $null = $w.PS.EndInvoke($w.Async)
                    @($w.PS.Streams.Error) | Should -BeNullOrEmpty
                }
            }
            finally {
                foreach ($w in $writers) { $w.PS.Dispose(); $w.Runspace.Dispose() }
            }
            $tasks = @(ConvertFrom-BatchTaskJson -Path $out)
            $tasks.Count | Should -Be 3000
            @($tasks.CommandLine | Sort-Object -Unique).Count | Should -Be 1
            $w = $tasks[0].Id.Substring(0, 1)
            $tasks.Id | Should -Be @(1..3000 | ForEach-Object { "$w$_" })
            Names | Should -Be @('tasks.json')
        }

        It '-WhatIf writes nothing' {
            $t1 | ConvertTo-BatchTaskJson -Path $out -WhatIf | Should -BeNullOrEmpty
            $out | Should -Not -Exist
            [System.IO.File]::WriteAllBytes($out, $old)
            $t1 | ConvertTo-BatchTaskJson -Path $out -WhatIf
            [System.IO.File]::ReadAllBytes($out) | Should -Be $old
            Names | Should -Be @('tasks.json')
        }

        It '-NoClobber refuses an existing file with OutputFileExists and writes a new one' {
            [System.IO.File]::WriteAllBytes($out, $old)
            $e = { $t1 | ConvertTo-BatchTaskJson -Path $out -NoClobber } | Should -Throw -ErrorId 'OutputFileExists,BatchTaskPS.Commands.ConvertToBatchTaskJsonCommand' -PassThru
            $e.CategoryInfo.Category | Should -Be 'ResourceExists'
            [System.IO.File]::ReadAllBytes($out) | Should -Be $old
            $new = Join-Path $dir 'new.json'
            $t1 | ConvertTo-BatchTaskJson -Path $new -NoClobber
            (ConvertFrom-BatchTaskJson -Path $new).Id | Should -Be 't1'
        }

        It 'keeps the mode of the file it replaces (0600)' {
            [System.IO.File]::WriteAllBytes($out, $old)
            [System.IO.File]::SetUnixFileMode($out, [System.IO.UnixFileMode] 'UserRead, UserWrite')
            New-BatchTask -Id s -CommandLine c -ContainerImage i -RegistryCredential (New-TestCredential) | ConvertTo-BatchTaskJson -Path $out
            [System.IO.File]::GetUnixFileMode($out) | Should -Be ([System.IO.UnixFileMode] 'UserRead, UserWrite')
        }

        It 'refuses a read-only file with TaskFileReadOnly' {
            [System.IO.File]::WriteAllBytes($out, $old)
            [System.IO.File]::SetUnixFileMode($out, [System.IO.UnixFileMode] 'UserRead, GroupRead, OtherRead')
            { $t1 | ConvertTo-BatchTaskJson -Path $out } | Should -Throw -ErrorId 'TaskFileReadOnly,BatchTaskPS.Commands.ConvertToBatchTaskJsonCommand'
            [System.IO.File]::ReadAllBytes($out) | Should -Be $old
            Names | Should -Be @('tasks.json')
        }

        It 'writes through a symbolic link to its target; the link stays a link' {
            [System.IO.File]::WriteAllBytes($out, $old)
            $link = Join-Path $dir 'link.json'
            $null = New-Item -ItemType SymbolicLink -Path $link -Target $out
            $t1 | ConvertTo-BatchTaskJson -Path $link
            (Get-Item -LiteralPath $link).LinkType | Should -Be 'SymbolicLink'
            (ConvertFrom-BatchTaskJson -Path $out).Id | Should -Be 't1'
            Names | Sort-Object | Should -Be @('link.json', 'tasks.json')
        }

        It 'is disposable (PowerShell disposes it however the pipeline ends)' {
            [System.IDisposable].IsAssignableFrom([BatchTaskPS.Commands.ConvertToBatchTaskJsonCommand]) | Should -BeTrue
            (Get-Command ConvertTo-BatchTaskJson).Parameters.Keys | Should -Contain 'WhatIf'
        }
    }

    Context '-Shape AddCollection' {
        BeforeAll {
            function script:New-Tasks([int] $Count, [string] $Prefix = 't') {
                1..$Count | ForEach-Object { New-BatchTask -Id "$Prefix$_" -CommandLine "echo $_" }
            }
            $script:fqid = ',BatchTaskPS.Commands.ConvertToBatchTaskJsonCommand'
        }

        It 'groups <Count> tasks into <Bodies> bodies of at most 100' -TestCases @(
            @{ Count = 1; Bodies = 1; Last = 1 }
            @{ Count = 100; Bodies = 1; Last = 100 }
            @{ Count = 101; Bodies = 2; Last = 1 }
            @{ Count = 250; Bodies = 3; Last = 50 }
        ) {
            param($Count, $Bodies, $Last)
            $out = @(New-Tasks $Count | ConvertTo-BatchTaskJson -Shape AddCollection)
            $out.Count | Should -Be $Bodies
            $out | ForEach-Object { $_ | Should -BeOfType ([string]) }
            $ids = foreach ($body in $out) { (ConvertFrom-Json $body).value.id }
            $ids | Should -Be @(1..$Count | ForEach-Object { "t$_" })
            @((ConvertFrom-Json $out[-1]).value).Count | Should -Be $Last
        }

        It 'writes the compact Create shape of each task inside {"value":[...]}' {
            $tasks = @($full, (New-BatchTask -Id b -CommandLine c -MaxTaskRetryCount 2))
            $body = $tasks | ConvertTo-BatchTaskJson -Shape AddCollection
            $body | Should -Be ('{"value":[' + (($tasks | ConvertTo-BatchTaskJson -Shape Create -Compress) -join ',') + ']}')
            $body | Should -Not -BeLike '*"eTag"*'
        }

        It 'writes nothing for no input' {
            @() | ConvertTo-BatchTaskJson -Shape AddCollection | Should -BeNullOrEmpty
        }

        It 'emits a body as soon as it is full, before the rest of the input is read' {
            $script:produced = 0
            $seen = 1..150 | ForEach-Object { $script:produced++; New-BatchTask -Id "s$_" -CommandLine c } |
                ConvertTo-BatchTaskJson -Shape AddCollection | ForEach-Object { $script:produced }
            # The first body is complete when task 101 arrives; the last one at the end of input.
            $seen | Should -Be @(101, 150)
        }

        It 'starts a new body before the 1,000,000-byte limit' {
            $big = 'x' * 300000
            $out = @(1..5 | ForEach-Object { New-BatchTask -Id "b$_" -CommandLine $big } | ConvertTo-BatchTaskJson -Shape AddCollection)
            $out.Count | Should -Be 2
            foreach ($body in $out) { [System.Text.Encoding]::UTF8.GetByteCount($body) | Should -BeLessThan 1000000 }
            @((ConvertFrom-Json $out[0]).value.id) | Should -Be @('b1', 'b2', 'b3')
            @((ConvertFrom-Json $out[1]).value.id) | Should -Be @('b4', 'b5')
        }

        It '-AsHashtable gives one ordered dictionary per body' {
            $out = @(New-Tasks 120 | ConvertTo-BatchTaskJson -Shape AddCollection -AsHashtable)
            $out.Count | Should -Be 2
            $out[0] | Should -BeOfType ([System.Collections.Specialized.OrderedDictionary])
            @($out[0].Keys) | Should -Be @('value')
            $out[0]['value'].Count | Should -Be 100
            $out[1]['value'].Count | Should -Be 20
            $out[1]['value'][0] | Should -BeOfType ([System.Collections.Specialized.OrderedDictionary])
            $out[1]['value'][0]['id'] | Should -Be 't101'
            $out[0] | ConvertTo-Json -Depth 10 -Compress | Should -Be (New-Tasks 100 | ConvertTo-BatchTaskJson -Shape AddCollection)
        }

        It '-ExcludeAdditionalProperties leaves unknown properties out of the bodies' {
            $in = [ordered]@{ id = 'h'; commandLine = 'c'; future = 'x' }
            $in | ConvertTo-BatchTaskJson -Shape AddCollection | Should -Be '{"value":[{"id":"h","commandLine":"c","future":"x"}]}'
            $in | ConvertTo-BatchTaskJson -Shape AddCollection -ExcludeAdditionalProperties | Should -Be '{"value":[{"id":"h","commandLine":"c"}]}'
        }

        It '-OutDirectory writes numbered files (UTF-8, no BOM, exactly the body) and emits FileInfo objects' {
            $dir = Join-Path $TestDrive 'bodies/new'
            $expected = @(New-Tasks 205 | ConvertTo-BatchTaskJson -Shape AddCollection)
            $files = @(New-Tasks 205 | ConvertTo-BatchTaskJson -Shape AddCollection -OutDirectory $dir)
            $files.Count | Should -Be 3
            $files | ForEach-Object { $_ | Should -BeOfType ([System.IO.FileInfo]) }
            $files.Name | Should -Be @('addcollection-0001.json', 'addcollection-0002.json', 'addcollection-0003.json')
            # Provider items, as Get-Item gives them: they pipe into the file cmdlets.
            $files[0].PSPath | Should -BeLike 'Microsoft.PowerShell.Core\FileSystem::*addcollection-0001.json'
            $files[1] | Get-Content -Raw | Should -BeExactly $expected[1]
            @(Get-ChildItem $dir).Count | Should -Be 3
            for ($k = 0; $k -lt 3; $k++) {
                $bytes = [System.IO.File]::ReadAllBytes($files[$k].FullName)
                $bytes[0] | Should -Be ([byte][char]'{')
                [System.Text.Encoding]::UTF8.GetString($bytes) | Should -BeExactly $expected[$k]
            }
        }

        It '-OutDirectory throws TaskFileWriteFailed when the folder cannot be made' {
            $blocker = Join-Path $TestDrive 'afile'
            Set-Content -Path $blocker -Value x
            { New-Tasks 1 | ConvertTo-BatchTaskJson -Shape AddCollection -OutDirectory (Join-Path $blocker 'sub') } |
                Should -Throw -ErrorId "TaskFileWriteFailed$fqid"
        }

        It '-OutDirectory refuses a folder that holds bodies of an earlier run (OutDirectoryNotEmpty) and changes nothing' {
            $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            $first = @(New-Tasks 500 | ConvertTo-BatchTaskJson -Shape AddCollection -OutDirectory $dir)
            $first.Name | Should -Be @(1..5 | ForEach-Object { 'addcollection-{0:D4}.json' -f $_ })
            $before = Get-ChildItem -LiteralPath $dir -Force | ForEach-Object { "$($_.Name) $((Get-FileHash -LiteralPath $_.FullName).Hash)" }
            $e = { New-Tasks 150 'second' | ConvertTo-BatchTaskJson -Shape AddCollection -OutDirectory $dir } |
                Should -Throw -ErrorId "OutDirectoryNotEmpty$fqid" -PassThru
            $e.CategoryInfo.Category | Should -Be 'ResourceExists'
            Get-ChildItem -LiteralPath $dir -Force | ForEach-Object { "$($_.Name) $((Get-FileHash -LiteralPath $_.FullName).Hash)" } | Should -Be $before
        }

        It '-OutDirectory -Force: 500 tasks then 150 leaves exactly the second run''s two bodies' {
            $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            $null = New-Item -ItemType Directory -Path $dir
            Set-Content -LiteralPath (Join-Path $dir 'notes.txt') -Value 'not a body'
            $null = New-Tasks 500 | ConvertTo-BatchTaskJson -Shape AddCollection -OutDirectory $dir
            $expected = @(New-Tasks 150 'second' | ConvertTo-BatchTaskJson -Shape AddCollection)
            $files = @(New-Tasks 150 'second' | ConvertTo-BatchTaskJson -Shape AddCollection -OutDirectory $dir -Force)
            $files.Name | Should -Be @('addcollection-0001.json', 'addcollection-0002.json')
            @(Get-ChildItem -LiteralPath $dir -Force).Name | Sort-Object | Should -Be @('addcollection-0001.json', 'addcollection-0002.json', 'notes.txt')
            for ($k = 0; $k -lt 2; $k++) { [System.IO.File]::ReadAllText($files[$k].FullName) | Should -BeExactly $expected[$k] }
        }

        It '-OutDirectory -Force removes the old bodies only after the new ones are complete: an upstream throw changes nothing' {
            $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            $null = New-Tasks 300 | ConvertTo-BatchTaskJson -Shape AddCollection -OutDirectory $dir
            $before = Get-ChildItem -LiteralPath $dir -Force | ForEach-Object { "$($_.Name) $((Get-FileHash -LiteralPath $_.FullName).Hash)" }
            # 250 tasks make two full bodies before the throw.
            { & { New-Tasks 250 'new'; throw 'upstream failed' } | ConvertTo-BatchTaskJson -Shape AddCollection -OutDirectory $dir -Force } | Should -Throw 'upstream failed'
            Get-ChildItem -LiteralPath $dir -Force | ForEach-Object { "$($_.Name) $((Get-FileHash -LiteralPath $_.FullName).Hash)" } | Should -Be $before
        }

        It '-OutDirectory -Force with no input leaves no body (exactly this run''s: none)' {
            $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            $null = New-Tasks 120 | ConvertTo-BatchTaskJson -Shape AddCollection -OutDirectory $dir
            @() | ConvertTo-BatchTaskJson -Shape AddCollection -OutDirectory $dir -Force | Should -BeNullOrEmpty
            @(Get-ChildItem -LiteralPath $dir -Force).Count | Should -Be 0
        }

        It '-OutDirectory -WhatIf writes nothing, not even the folder' {
            $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            New-Tasks 150 | ConvertTo-BatchTaskJson -Shape AddCollection -OutDirectory $dir -WhatIf | Should -BeNullOrEmpty
            $dir | Should -Not -Exist
        }

        It '-OutDirectory: two runs at once never mix, the folder holds one run''s bodies' {
            $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            $iss = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
            $iss.ImportPSModule([string[]] @($env:BATCHTASK_MODULE_PATH))
            $go = [System.Threading.ManualResetEventSlim]::new($false)
            $runs = foreach ($r in @(@{ P = 'a'; N = 450 }, @{ P = 'b'; N = 250 })) {
                $rs = [runspacefactory]::CreateRunspace($iss)
                $rs.Open()
                $ps = [powershell]::Create()
                $ps.Runspace = $rs
                $null = $ps.AddScript('param($p, $n, $d, $go) $null = $go.Wait(30000); 1..$n | ForEach-Object { New-BatchTask -Id "$p$_" -CommandLine c } | ConvertTo-BatchTaskJson -Shape AddCollection -OutDirectory $d -Force').
                    AddArgument($r.P).AddArgument($r.N).AddArgument($dir).AddArgument($go)
                [pscustomobject]@{ PS = $ps; Runspace = $rs; Async = $ps.BeginInvoke() }
            }
            $go.Set()
            try {
                foreach ($r in $runs) { $null = $r.PS.EndInvoke($r.Async); @($r.PS.Streams.Error) | Should -BeNullOrEmpty }
            }
            finally {
                foreach ($r in $runs) { $r.PS.Dispose(); $r.Runspace.Dispose() }
            }
            $ids = @(Get-ChildItem -LiteralPath $dir -Force | Sort-Object Name | ForEach-Object { (Get-Content -Raw -LiteralPath $_.FullName | ConvertFrom-Json).value.id })
            $p = $ids[0].Substring(0, 1)
            $ids | Should -Be @(1..$ids.Count | ForEach-Object { "$p$_" })
            $ids.Count | Should -Be ($p -eq 'a' ? 450 : 250)
        }

        It '-Path writes one body per line' {
            $file = Join-Path $TestDrive 'bodies.ndjson'
            New-Tasks 150 | ConvertTo-BatchTaskJson -Shape AddCollection -Path $file | Should -BeNullOrEmpty
            $lines = @(Get-Content $file)
            $lines.Count | Should -Be 2
            $lines | Should -Be @(New-Tasks 150 | ConvertTo-BatchTaskJson -Shape AddCollection)
        }

        It '<Name> is a non-terminating <ErrorId> error and the other tasks go on' -TestCases @(
            @{ Name = 'a task too large for any body'; ErrorId = 'TaskTooLargeForCollection'; Bad = { New-BatchTask -Id big -CommandLine ('x' * 1000000) }; BadId = 'big' }
            @{ Name = 'a duplicate id in a body (ignoring case)'; ErrorId = 'DuplicateTaskIdInCollection'; Bad = { New-BatchTask -Id T1 -CommandLine other }; BadId = 'T1' }
            @{ Name = 'a task without id'; ErrorId = 'MissingTaskId'; Bad = { [BatchTaskPS.Model.CloudTask]@{ CommandLine = 'no id' } }; BadId = $null }
        ) {
            param($Name, $ErrorId, $Bad, $BadId)
            $bad = & $Bad
            $in = @((New-BatchTask -Id t1 -CommandLine c), $bad, (New-BatchTask -Id t2 -CommandLine c))
            $out = @($in | ConvertTo-BatchTaskJson -Shape AddCollection -ErrorVariable err -ErrorAction SilentlyContinue)
            $out | Should -Be '{"value":[{"id":"t1","commandLine":"c"},{"id":"t2","commandLine":"c"}]}'
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly "$ErrorId$fqid"
            $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $err[0].TargetObject | Should -BeOfType ([BatchTaskPS.Model.CloudTask])
            $err[0].TargetObject.Id | Should -Be $BadId
            $err[0].TargetObject.CommandLine | Should -Be $bad.CommandLine
        }

        It 'a duplicate id in a later body is not an error (ids are unique per body; Test-BatchTask -Collection checks the job)' {
            $in = @(New-Tasks 100) + @(New-BatchTask -Id t1 -CommandLine again)
            $out = @($in | ConvertTo-BatchTaskJson -Shape AddCollection -ErrorVariable err -ErrorAction SilentlyContinue)
            $err.Count | Should -Be 0
            $out.Count | Should -Be 2
            $out[1] | Should -Be '{"value":[{"id":"t1","commandLine":"again"}]}'
        }

        It 'refuses <Name> with <ErrorId>' -TestCases @(
            @{ Name = '-KeyStyle Attribute'; ErrorId = 'AddCollectionNeedsRestKeys'; Params = @{ Shape = 'AddCollection'; KeyStyle = 'Attribute' } }
            @{ Name = '-KeyStyle Property'; ErrorId = 'AddCollectionNeedsRestKeys'; Params = @{ Shape = 'AddCollection'; KeyStyle = 'Property' } }
            @{ Name = '-AsArray'; ErrorId = 'AddCollectionNotWithAsArray'; Params = @{ Shape = 'AddCollection'; AsArray = $true } }
            @{ Name = '-OutDirectory without AddCollection'; ErrorId = 'OutDirectoryNeedsAddCollection'; Params = @{ Shape = 'Create'; OutDirectory = 'TestDrive:/x' } }
            @{ Name = '-OutDirectory with -Path'; ErrorId = 'PathAndOutDirectoryConflict'; Params = @{ Shape = 'AddCollection'; OutDirectory = 'TestDrive:/x'; Path = 'TestDrive:/y.json' } }
        ) {
            param($Name, $ErrorId, $Params)
            { New-Tasks 1 | ConvertTo-BatchTaskJson @Params } | Should -Throw -ErrorId "$ErrorId$fqid"
            'TestDrive:/x' | Should -Not -Exist
            'TestDrive:/y.json' | Should -Not -Exist
        }

        It 'accepts -KeyStyle Rest and -Compress (bodies are always compact)' {
            New-Tasks 1 | ConvertTo-BatchTaskJson -Shape AddCollection -KeyStyle Rest | Should -Be '{"value":[{"id":"t1","commandLine":"echo 1"}]}'
            New-Tasks 1 | ConvertTo-BatchTaskJson -Shape AddCollection -Compress | Should -Be '{"value":[{"id":"t1","commandLine":"echo 1"}]}'
        }

        It '-Shape completes and lists AddCollection' {
            (Get-Command ConvertTo-BatchTaskJson).Parameters['Shape'].ParameterType | Should -Be ([BatchTaskPS.Commands.TaskJsonShape])
            [enum]::GetNames([BatchTaskPS.Commands.TaskJsonShape]) | Should -Be @('Full', 'Create', 'Update', 'AddCollection')
            $r = TabExpansion2 -inputScript 'ConvertTo-BatchTaskJson -Shape Add' -cursorColumn 34
            $r.CompletionMatches.CompletionText | Should -Be @('AddCollection')
            # The core's TaskShape values still bind (by name).
            New-BatchTask -Id a -CommandLine c -MaxTaskRetryCount 1 | ConvertTo-BatchTaskJson -Shape ([BatchTaskPS.Serialization.TaskShape]::Update) -Compress |
                Should -Be '{"constraints":{"maxTaskRetryCount":1}}'
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

        It '-Shape AddCollection -RedactSecrets masks secrets but groups the bodies by the real sizes' {
            # A 300,000-character SAS signature: three tasks fill a body with the real values, not with *** in their place.
            $long = $SecretSig + ('p' * 300000)
            $tasks = 1..5 | ForEach-Object {
                New-BatchTask -Id "r$_" -CommandLine "azcopy 'https://a.blob.core.windows.net/c?sv=1&sig=$SecretSig' ." -ContainerImage img -RegistryCredential (New-TestCredential) `
                    -ResourceFiles @{ httpUrl = "https://a.blob.core.windows.net/c/f?sv=1&sig=$long"; filePath = 'f' }
            }
            $real = @($tasks | ConvertTo-BatchTaskJson -Shape AddCollection)
            $real.Count | Should -Be 2
            $real[0] | Should -BeLike "*$long*"
            $dir = Join-Path $TestDrive 'redacted'
            $redacted = & {
                $tasks | ConvertTo-BatchTaskJson -Shape AddCollection -RedactSecrets -Verbose
                $tasks | ConvertTo-BatchTaskJson -Shape AddCollection -RedactSecrets -AsHashtable | ConvertTo-Json -Depth 20
                $tasks | ConvertTo-BatchTaskJson -Shape AddCollection -RedactSecrets -OutDirectory $dir | Get-Content
            } *>&1 | ForEach-Object { "$_" }
            @(Get-ChildItem $dir).Count | Should -Be 2
            $bodies = @($tasks | ConvertTo-BatchTaskJson -Shape AddCollection -RedactSecrets)
            $bodies.Count | Should -Be 2
            @((ConvertFrom-Json $bodies[0]).value.id) | Should -Be @('r1', 'r2', 'r3')
            @((ConvertFrom-Json $bodies[1]).value.id) | Should -Be @('r4', 'r5')
            $all = $redacted | Out-String
            $all | Should -BeLike '*"password":"`*`*`*"*'
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
