#Requires -Version 7.0
# The service cmdlets against the stand-in (tests/standin, a child process on 127.0.0.1).

BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:standIn = Start-StandIn
    $script:key = [pscredential]::new('standin', (ConvertTo-SecureString 'U2VjcmV0S2V5RG9Ob3RTaG93' -AsPlainText -Force))
    $script:context = New-BatchContext -Endpoint $standIn.Url -SharedKeyCredential $key
}

AfterAll {
    Stop-StandIn $standIn
}

Describe 'New-BatchContext' {
    It 'never shows the key' {
        $text = ($context | Format-List * | Out-String) + $context.ToString() + ($context | ConvertTo-Json -Depth 3)
        $text | Should -Not -Match 'U2VjcmV0S2V5RG9Ob3RTaG93'
        $context.Authentication | Should -Be 'SharedKey (account standin)'
        $context.ApiVersion | Should -Be '2025-06-01'
    }

    It 'refuses plain http except to a loopback address' {
        { New-BatchContext -Endpoint http://contoso.westeurope.batch.azure.com -SharedKeyCredential $key } | Should -Throw -ErrorId 'InvalidBatchContext*'
    }

    It 'loads the Azure assemblies outside the default AssemblyLoadContext' {
        $azure = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Azure.Core' -and $_.Location -like '*BatchTask*' }
        $azure | Should -Not -BeNullOrEmpty
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($azure[0]) | Should -Not -Be ([System.Runtime.Loader.AssemblyLoadContext]::Default)
    }
}

Describe 'Add-BatchTask, Get-BatchTask and Update-BatchTask' {
    It '-WhatIf sends nothing' {
        $before = (Get-StandInStats $standIn).Requests
        1..5 | ForEach-Object { New-BatchTask -Id "w$_" -CommandLine 'x' } | Add-BatchTask -BatchContext $context -JobId whatif -WhatIf
        (Get-StandInStats $standIn).Requests | Should -Be $before
    }

    It 'adds tasks, one result each, and refuses invalid ones before sending them' {
        $tasks = @(1..150 | ForEach-Object { New-BatchTask -Id "t$_" -CommandLine "echo $_" }) + @(New-BatchTask -Id 'bad id' -CommandLine 'x')
        $results = $tasks | Add-BatchTask -BatchContext $context -JobId add1 -ErrorAction SilentlyContinue -ErrorVariable errors
        @($results | Where-Object Status -EQ Success).Count | Should -Be 150
        ($results | Where-Object TaskId -EQ 'bad id').Status | Should -Be 'NotSent'
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'TaskValidationFailed,*'
        (Invoke-RestMethod ($standIn.Url + '_standin/tasks?job=add1')).Count | Should -Be 150
    }

    It 'reports a refused task as an error whose ErrorId is the service code' {
        $result = New-BatchTask -Id t1 -CommandLine x | Add-BatchTask -BatchContext $context -JobId add1 -ErrorAction SilentlyContinue -ErrorVariable errors
        $result.Status | Should -Be 'ClientError'
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'TaskExists,*'
    }

    It 'Get-BatchTask | ConvertTo-BatchTaskJson is what the service sent' {
        '{"id":"lossless","commandLine":"x","futureProperty":{"a":[1,"b"]}}' | ConvertFrom-BatchTaskJson | Add-BatchTask -BatchContext $context -JobId get1 | Out-Null
        function Sorted($node) {
            # JSON as data: key order does not matter; times compare as instants (the core writes 49.859089Z for the 49.8590890Z it read).
            if ($node -is [System.Collections.IDictionary]) {
                $o = [ordered]@{}; foreach ($k in @($node.Keys) | Sort-Object) { $o[$k] = Sorted $node[$k] }; return $o
            }
            if ($node -is [System.Collections.IList]) { return , @($node | ForEach-Object { Sorted $_ }) }
            $node
        }
        $sent = (Invoke-WebRequest -Uri ($standIn.Url + 'jobs/get1/tasks/lossless?api-version=2025-06-01') -Headers @{ Authorization = 'SharedKey standin:x' }).Content
        $mine = Get-BatchTask -BatchContext $context -JobId get1 -Id lossless | ConvertTo-BatchTaskJson -Compress
        (Sorted ($mine | ConvertFrom-Json -AsHashtable -DateKind Utc) | ConvertTo-Json -Depth 20 -Compress) |
            Should -Be (Sorted ($sent | ConvertFrom-Json -AsHashtable -DateKind Utc) | ConvertTo-Json -Depth 20 -Compress)
        # All 7 digits kept (100 ns): the same instant to the tick. (Its text may be shorter: trailing zeros are trimmed, FIDELITY row 15.)
        (($mine | ConvertFrom-Json -DateKind Utc).lastModified).Ticks | Should -Be (($sent | ConvertFrom-Json -DateKind Utc).lastModified).Ticks
        @(Get-BatchTask -BatchContext $context -JobId add1).Count | Should -Be 150
    }

    It 'updates with If-Match and reports a 412 race as ConditionNotMet' {
        $task = Get-BatchTask -BatchContext $context -JobId add1 -Id t7
        $updated = $task | Update-BatchTask -BatchContext $context -MaxTaskRetryCount 3
        $updated.ETag | Should -Not -Be $task.ETag
        $updated.Constraints.MaxTaskRetryCount | Should -Be 3
        $task | Update-BatchTask -BatchContext $context -MaxTaskRetryCount 4 -ErrorAction SilentlyContinue -ErrorVariable failed | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ConditionNotMet,*'
        $task | Update-BatchTask -BatchContext $context -MaxTaskRetryCount 5 -Force | Should -Not -BeNullOrEmpty
    }

    It '-ResultPath resumes without adding a task twice' {
        $file = Join-Path $TestDrive 'added.ndjson'
        $tasks = 1..120 | ForEach-Object { New-BatchTask -Id "r$_" -CommandLine 'x' }
        $tasks | Select-Object -First 50 | Add-BatchTask -BatchContext $context -JobId resume -ResultPath $file | Out-Null
        $before = (Get-StandInStats $standIn).AddCollectionRequests
        $second = $tasks | Add-BatchTask -BatchContext $context -JobId resume -ResultPath $file
        @($second).Count | Should -Be 70
        (Get-StandInStats $standIn).AddCollectionRequests - $before | Should -Be 1
        @(Get-Content $file).Count | Should -Be 120
        (Invoke-RestMethod ($standIn.Url + '_standin/tasks?job=resume')).Count | Should -Be 120
    }
}

Describe 'Add-BatchTask -ResultPath after the run was killed' {
    BeforeAll {
        # A child pwsh that can be killed hard: this PowerShell's own launcher (a dotnet tool runs as "dotnet pwsh.dll").
        function Start-ChildPwsh([string] $File, [string[]] $Arguments) {
            $exe = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
            $psi = [System.Diagnostics.ProcessStartInfo]::new($exe)
            if ([System.IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $psi.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
            foreach ($a in @('-NoProfile', '-NonInteractive', '-File', $File) + $Arguments) { $psi.ArgumentList.Add($a) }
            $psi.UseShellExecute = $false
            [System.Diagnostics.Process]::Start($psi)
        }

        # 1,000 tasks in requests of 100, at most 2 in flight: the stand-in answers the first 3 requests and holds the
        # answers of the next ones, so the child adds no more once 2 are held (Add-BatchTask waits for a free slot).
        $script:child = Join-Path $TestDrive 'add.ps1'
        Set-Content -LiteralPath $child -Value @'
param($ModulePath, $Url, $JobId, $ResultPath, $Log)
$ErrorActionPreference = 'Stop'
try {
    Import-Module $ModulePath
    $key = [pscredential]::new('standin', (ConvertTo-SecureString 'U2VjcmV0S2V5RG9Ob3RTaG93' -AsPlainText -Force))
    $context = New-BatchContext -Endpoint $Url -SharedKeyCredential $key
    1..1000 | ForEach-Object { New-BatchTask -Id "k$_" -CommandLine "render $_" } |
        Add-BatchTask -BatchContext $context -JobId $JobId -ResultPath $ResultPath -ThrottleLimit 2 | Out-Null
    'finished' | Set-Content -LiteralPath $Log
}
catch { $_ | Out-String | Set-Content -LiteralPath $Log }
'@
        function Set-Faults($Faults) {
            Invoke-RestMethod -Method Post -Uri ($standIn.Url + '_standin/faults') -ContentType 'application/json' -Body ($Faults | ConvertTo-Json) | Out-Null
        }
    }

    AfterEach {
        Set-Faults @{}
    }

    It 'adds every task exactly once on the rerun (held requests <Applied>)' -ForEach @(
        @{ Applied = 'applied'; HoldBeforeApplying = $false; JobId = 'killed1' }
        @{ Applied = 'not applied'; HoldBeforeApplying = $true; JobId = 'killed2' }
    ) {
        $file = Join-Path $TestDrive "$JobId.ndjson"
        $log = Join-Path $TestDrive "$JobId.log"
        $before = Get-StandInStats $standIn
        Set-Faults @{ HoldAddRequestsAfter = $before.AddCollectionRequests + 3; HoldBeforeApplying = $HoldBeforeApplying }

        $process = Start-ChildPwsh $child @($env:BATCHTASK_MODULE_PATH, $standIn.Url, $JobId, $file, $log)
        try {
            # Wait (by counting held requests, not by time) until the child can send nothing more; give up only if it
            # never gets there (it died, or it hangs elsewhere), so a broken run fails rather than waits for ever.
            $deadline = [DateTime]::UtcNow.AddMinutes(3)
            while (((Get-StandInStats $standIn).HeldRequests - $before.HeldRequests) -lt 2 -and -not $process.HasExited -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 50
            }
            $process.HasExited | Should -BeFalse -Because "the child should still be waiting for its held requests ($(if (Test-Path $log) { Get-Content $log -Raw }))"
            ((Get-StandInStats $standIn).HeldRequests - $before.HeldRequests) | Should -Be 2
            $process.Kill($true)
            $process.WaitForExit()
        }
        finally {
            if (-not $process.HasExited) { $process.Kill($true) }
            $process.Dispose()
        }
        Test-Path -LiteralPath $log | Should -BeFalse -Because 'the child was killed before it finished'

        # Killed: 3 requests answered, 2 more sent (their tasks added or not), the 6th never sent.
        $killed = Get-StandInStats $standIn
        $killed.AddCollectionRequests - $before.AddCollectionRequests | Should -Be 5
        $addedByKilledRun = $HoldBeforeApplying ? 300 : 500
        $killed.TasksAdded - $before.TasksAdded | Should -Be $addedByKilledRun
        # What the file shows: some or all of the answered tasks (results are written as the cmdlet takes them), never more.
        $recorded = @(Get-Content -LiteralPath $file | Where-Object { $_ } | ForEach-Object { $_ | ConvertFrom-Json })
        $recorded.Count | Should -BeLessOrEqual 300
        @($recorded | Where-Object status -NE 'Success').Count | Should -Be 0

        # The rerun with the same file: the recorded tasks are skipped; the ones the killed run added without recording
        # come back TaskExists, are read back, found to be the tasks sent, and count as added (no error).
        Set-Faults @{}
        $tasks = 1..1000 | ForEach-Object { New-BatchTask -Id "k$_" -CommandLine "render $_" }
        $rerun = @($tasks | Add-BatchTask -BatchContext $context -JobId $JobId -ResultPath $file -ErrorVariable rerunErrors)
        $rerunErrors.Count | Should -Be 0
        $rerun.Count | Should -Be (1000 - $recorded.Count)
        @($rerun | Where-Object Status -NE 'Success').Count | Should -Be 0
        @($rerun | Where-Object AddedEarlier).Count | Should -Be ($addedByKilledRun - $recorded.Count)

        # Each task added exactly once: the stand-in holds each id once, created 1,000 tasks in all for the job, and
        # refused as TaskExists only the tasks the killed run added without recording them.
        $after = Get-StandInStats $standIn
        $after.TasksAdded - $before.TasksAdded | Should -Be 1000
        $after.DuplicateAdds - $before.DuplicateAdds | Should -Be ($addedByKilledRun - $recorded.Count)
        $ids = [string[]] (Invoke-RestMethod ($standIn.Url + "_standin/tasks?job=$JobId"))
        $ids.Count | Should -Be 1000
        @($ids | Sort-Object -Unique).Count | Should -Be 1000
        @(Compare-Object @($ids) @(1..1000 | ForEach-Object { "k$_" })).Count | Should -Be 0
        # The file now shows every task once, as added.
        $lines = @(Get-Content -LiteralPath $file | Where-Object { $_ } | ForEach-Object { $_ | ConvertFrom-Json })
        $lines.Count | Should -Be 1000
        @($lines.taskId | Sort-Object -Unique).Count | Should -Be 1000
        @($lines | Where-Object status -NE 'Success').Count | Should -Be 0
        @($lines | Where-Object { $_.PSObject.Properties['addedEarlier'] }).Count | Should -Be ($addedByKilledRun - $recorded.Count)
    }

    It 'adds each of 100,000 tasks exactly once when the run is killed at a random request and rerun' {
        # The killing moment is random (the seed is in every failure message, to replay it): after h answered
        # requests the stand-in holds the next ones, the child fills its 2 slots and is killed there.
        $seed = [Environment]::TickCount
        $random = [System.Random]::new($seed)
        $h = $random.Next(1, 998)
        $holdBeforeApplying = $random.Next(2) -eq 1
        $because = "seed ${seed}: killed after $h answered requests, held requests $(if ($holdBeforeApplying) { 'not ' })applied"
        $n = 100000
        $jobId = 'killed-random'
        $in = Join-Path $TestDrive 'random.ndjson'
        $text = [System.Text.StringBuilder]::new()
        for ($i = 1; $i -le $n; $i++) { $null = $text.Append('{"id":"r').Append($i).Append('","commandLine":"render ').Append($i).Append("`"}`n") }
        [System.IO.File]::WriteAllText($in, $text.ToString())
        $randomChild = Join-Path $TestDrive 'add-random.ps1'
        Set-Content -LiteralPath $randomChild -Value (
            (Get-Content -LiteralPath $child -Raw).Replace('param($ModulePath, $Url, $JobId, $ResultPath, $Log)', 'param($ModulePath, $Url, $JobId, $ResultPath, $Log, $In)').
            Replace('1..1000 | ForEach-Object { New-BatchTask -Id "k$_" -CommandLine "render $_" }', 'ConvertFrom-BatchTaskJson -LiteralPath $In'))
        $file = Join-Path $TestDrive "$jobId.ndjson"
        $log = Join-Path $TestDrive "$jobId.log"
        $before = Get-StandInStats $standIn
        Set-Faults @{ HoldAddRequestsAfter = $before.AddCollectionRequests + $h; HoldBeforeApplying = $holdBeforeApplying }

        $process = Start-ChildPwsh $randomChild @($env:BATCHTASK_MODULE_PATH, $standIn.Url, $jobId, $file, $log, $in)
        try {
            $deadline = [DateTime]::UtcNow.AddMinutes(10)
            while (((Get-StandInStats $standIn).HeldRequests - $before.HeldRequests) -lt 2 -and -not $process.HasExited -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 50
            }
            $process.HasExited | Should -BeFalse -Because "$because; the child should still be waiting for its held requests"
            $process.Kill($true)
            $process.WaitForExit()
        }
        finally {
            if (-not $process.HasExited) { $process.Kill($true) }
            $process.Dispose()
        }

        $killed = Get-StandInStats $standIn
        $killed.AddCollectionRequests - $before.AddCollectionRequests | Should -Be ($h + 2) -Because $because
        $addedByKilledRun = 100 * ($holdBeforeApplying ? $h : $h + 2)
        $killed.TasksAdded - $before.TasksAdded | Should -Be $addedByKilledRun -Because $because
        $recorded = @([System.IO.File]::ReadLines($file) | Where-Object { $_ }).Count
        $recorded | Should -BeLessOrEqual (100 * $h) -Because $because

        Set-Faults @{}
        $rerun = @(ConvertFrom-BatchTaskJson -LiteralPath $in | Add-BatchTask -BatchContext $context -JobId $jobId -ResultPath $file -ErrorVariable rerunErrors)
        $rerunErrors.Count | Should -Be 0 -Because $because
        $rerun.Count | Should -Be ($n - $recorded) -Because $because
        @($rerun | Where-Object Status -NE 'Success').Count | Should -Be 0 -Because $because
        @($rerun | Where-Object AddedEarlier).Count | Should -Be ($addedByKilledRun - $recorded) -Because $because

        # Each task once: n created for the job, duplicates refused only for the tasks added but not recorded.
        $after = Get-StandInStats $standIn
        $after.TasksAdded - $before.TasksAdded | Should -Be $n -Because $because
        $after.DuplicateAdds - $before.DuplicateAdds | Should -Be ($addedByKilledRun - $recorded) -Because $because
        $ids = [string[]] (Invoke-RestMethod ($standIn.Url + "_standin/tasks?job=$jobId"))
        $unique = [System.Collections.Generic.HashSet[string]]::new($ids)
        $ids.Count | Should -Be $n -Because $because
        $unique.Count | Should -Be $n -Because $because
        $missing = 0
        for ($i = 1; $i -le $n; $i++) { if (-not $unique.Contains("r$i")) { $missing++ } }
        $missing | Should -Be 0 -Because $because
        # The result file: every task once, all Success.
        $seen = [System.Collections.Generic.HashSet[string]]::new()
        $notSuccess = 0
        $lineCount = 0
        foreach ($line in [System.IO.File]::ReadLines($file)) {
            if (-not $line) { continue }
            $lineCount++
            $result = [System.Text.Json.JsonDocument]::Parse($line)
            try {
                $null = $seen.Add($result.RootElement.GetProperty('taskId').GetString())
                if ($result.RootElement.GetProperty('status').GetString() -ne 'Success') { $notSuccess++ }
            }
            finally { $result.Dispose() }
        }
        $lineCount | Should -Be $n -Because $because
        $seen.Count | Should -Be $n -Because $because
        $notSuccess | Should -Be 0 -Because $because
    }

    It 'still reports TaskExists when the task the service holds is not the one sent' {
        New-BatchTask -Id clash -CommandLine 'first' | Add-BatchTask -BatchContext $context -JobId clash | Out-Null
        $file = Join-Path $TestDrive 'clash.ndjson'
        $result = New-BatchTask -Id clash -CommandLine 'second' |
            Add-BatchTask -BatchContext $context -JobId clash -ResultPath $file -ErrorAction SilentlyContinue -ErrorVariable clashErrors
        $result.Status | Should -Be 'ClientError'
        $result.AddedEarlier | Should -BeFalse
        $clashErrors[0].FullyQualifiedErrorId | Should -BeLike 'TaskExists,*'
        # The same definition again is the task already there: added earlier, no error (the TaskExists line in the file
        # does not count as added: that was another task under the same id).
        $same = New-BatchTask -Id clash -CommandLine 'first' | Add-BatchTask -BatchContext $context -JobId clash -ResultPath $file -ErrorVariable sameErrors
        $same.Status | Should -Be 'Success'
        $same.AddedEarlier | Should -BeTrue
        $sameErrors.Count | Should -Be 0
    }
}
