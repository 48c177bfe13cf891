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
