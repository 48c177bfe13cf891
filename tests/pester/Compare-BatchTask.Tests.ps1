#Requires -Version 7.0
# Compare-BatchTask: the core's TaskComparer (TaskComparerTests check the rules in depth).

BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'Compare-BatchTask' {
    It 'returns one object per difference with path, change and both values' {
        $old = New-BatchTask -Id r1 -CommandLine 'render.sh 1' -MaxWallClockTime PT2H -RequiredSlots 2
        $new = New-BatchTask -Id r1 -CommandLine 'render.sh 1 --hq' -MaxWallClockTime PT120M -MaxTaskRetryCount 3
        $d = @(Compare-BatchTask $old $new)
        $d | ForEach-Object { $_ | Should -BeOfType ([BatchTaskPS.Comparison.TaskDifference]) }
        ($d | ForEach-Object { "$($_.Path)|$($_.Change)|$($_.OldValue)|$($_.NewValue)" }) | Should -Be @(
            '$.commandLine|Changed|render.sh 1|render.sh 1 --hq'
            '$.constraints.maxTaskRetryCount|Added||3'
            '$.requiredSlots|Removed|2|')
    }

    It 'knows the service defaults and compares enums ignoring case' {
        $a = '{"id":"t","commandLine":"c","userIdentity":{"autoUser":{"elevationLevel":"admin"}}}' | ConvertFrom-BatchTaskJson
        $b = '{"id":"t","commandLine":"c","userIdentity":{"autoUser":{"elevationLevel":"ADMIN","scope":"pool"}},"constraints":{"maxWallClockTime":"P10675199DT2H48M5.4775807S","retentionTime":"P7D","maxTaskRetryCount":0}}' |
            ConvertFrom-BatchTaskJson
        Compare-BatchTask $a $b | Should -BeNullOrEmpty
        $a -eq $b | Should -BeFalse     # model objects compare by reference
    }

    It 'leaves out the service-owned properties with -IgnoreServerProperties' {
        $got = ConvertFrom-BatchTaskJson -Path (Join-Path $TestRealWorld 'TaskGet.response.json')
        $sent = $got | ConvertTo-BatchTaskJson -Shape Create | ConvertFrom-BatchTaskJson
        @(Compare-BatchTask $sent $got).Path | Should -Contain '$.eTag'
        Compare-BatchTask $sent $got -IgnoreServerProperties | Should -BeNullOrEmpty
    }

    It 'compares every piped task with the reference' {
        $template = New-BatchTask -Id base -CommandLine run -MaxTaskRetryCount 1
        $d = 1..3 | ForEach-Object { New-BatchTask -Id "t$_" -CommandLine run -MaxTaskRetryCount $_ } | Compare-BatchTask -ReferenceObject $template
        @($d | Where-Object Path -EQ '$.id').Count | Should -Be 3
        @($d | Where-Object Path -EQ '$.constraints.maxTaskRetryCount').NewValue | Should -Be @('2', '3')
    }

    It 'never shows a secret' {
        $a = New-BatchTask -Id s -CommandLine c -ContainerImage img -RegistryCredential (New-TestCredential -Password 'old-secret-1') -EnvironmentSettings @{ DB_PASSWORD = 'hunter2' }
        $b = New-BatchTask -Id s -CommandLine c -ContainerImage img -RegistryCredential (New-TestCredential) -EnvironmentSettings @{ DB_PASSWORD = 'hunter3' } -ResourceFiles @{
            httpUrl = "https://s.blob.core.windows.net/c/a?sv=1&sig=$SecretSig"; filePath = 'a' }
        $text = Compare-BatchTask $a $b | Out-String -Width 400
        $text | Should -Match 'registry.password'
        $text | Should -Not -Match 'old-secret-1|hunter|Pa55'
        $text | Should -Not -Match $SecretSig
    }

    It 'shows the differences in the -WhatIf message of Update-BatchTask' {
        # -WhatIf writes to the host; a transcript records it.
        $log = Join-Path $TestDrive 'whatif.txt'
        Start-Transcript -LiteralPath $log | Out-Null
        try {
            New-BatchTask -Id w1 -CommandLine c -MaxTaskRetryCount 2 | Update-BatchTask -MaxTaskRetryCount 4 -WhatIf
        }
        finally {
            Stop-Transcript | Out-Null
        }
        $out = Get-Content -LiteralPath $log -Raw
        $out | Should -Match ([regex]::Escape('$.constraints.maxTaskRetryCount: 2 -> 4'))
    }
}
