#Requires -Version 7.0
# Test-BatchTask -ApiVersion: fields a REST API version lacks or removed (rule ApiVersion), from the core's version facts.

BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:mounts = '{"id":"iso","commandLine":"run","containerSettings":{"imageName":"ubuntu","workingDirectory":"containerImageDefault","containerHostBatchBindMounts":[{"source":"Task"}]}}' |
        ConvertFrom-BatchTaskJson
    $script:token = New-BatchTask -Id tok -CommandLine run -AuthenticationTokenSettings @{ access = @('job') }
}

Describe 'Test-BatchTask -ApiVersion' {
    It 'defaults to 2025-06-01, the newest version the model fully supports; 2026-10-01 refuses authenticationTokenSettings when asked for' {
        @($token | Test-BatchTask -Detailed | Where-Object Rule -EQ 'ApiVersion') | Should -BeNullOrEmpty
        Test-BatchTask $token | Should -BeTrue
        $found = @($token | Test-BatchTask -ApiVersion 2026-10-01 -Detailed | Where-Object Rule -EQ 'ApiVersion')
        $found.Count | Should -Be 1
        $found[0].Path | Should -Be '$.authenticationTokenSettings'
        $found[0].Severity | Should -Be 'Error'
        $found[0].Message | Should -Match 'removed in REST API version 2026-10-01'
        Test-BatchTask $token -ApiVersion 2026-10-01 | Should -BeFalse
        [BatchTaskPS.Model.BatchApiVersions]::Default | Should -Be '2025-06-01'
    }

    It 'reports <Version> as <Count> finding(s) for the bind mounts' -ForEach @(
        @{ Version = '2022-10-01.16.0'; Count = 1 }
        @{ Version = '2024-02-01.19.0'; Count = 1 }
        @{ Version = '2024-07-01.20.0'; Count = 0 }
        @{ Version = '2026-10-01'; Count = 0 }
    ) {
        $found = @($mounts | Test-BatchTask -ApiVersion $Version -Detailed | Where-Object Rule -EQ 'ApiVersion')
        $found.Count | Should -Be $Count
        if ($Count) {
            $found[0].Path | Should -Be '$.containerSettings.containerHostBatchBindMounts'
            $found[0].Message | Should -Match ([regex]::Escape('needs REST API version 2024-07-01.20.0'))
        }
    }

    It 'refuses a version it does not know, listing the known ones' {
        { Test-BatchTask $mounts -ApiVersion 2019-06-01.9.0 -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*Known versions: 2022-10-01.16.0*2026-10-01*' -ErrorId 'ParameterArgumentValidationError,BatchTaskPS.Commands.TestBatchTaskCommand'
    }

    It 'takes the version in any letter case' {
        Test-BatchTask $mounts -ApiVersion ' 2024-07-01.20.0 ' | Should -BeTrue
    }

    It 'completes the known versions with Tab' {
        $line = 'Test-BatchTask -ApiVersion 2024'
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Should -Be @('2024-02-01.19.0', '2024-07-01.20.0')
        $line = 'Test-BatchTask -ApiVersion '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.Count | Should -Be 7
    }
}
