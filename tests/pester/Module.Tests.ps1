BeforeAll {
    . (Join-Path $PSScriptRoot common.ps1)
    $script:manifestPath = $env:BATCHTASK_MODULE_PATH
}

Describe 'BatchTask module' {
    Context 'manifest' {
        It 'passes Test-ModuleManifest' {
            $m = Test-ModuleManifest -Path $manifestPath
            $m.Version | Should -Be ([version]'0.1.0')
            $m.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        }

        It 'exports exactly the five cmdlets, no functions, variables or aliases' {
            $m = Get-Module -Name BatchTask
            @($m.ExportedCmdlets.Keys | Sort-Object) | Should -Be @('ConvertFrom-BatchTaskJson', 'ConvertTo-BatchTaskJson', 'New-BatchTask', 'Test-BatchTask', 'Update-BatchTask')
            $m.ExportedFunctions.Count | Should -Be 0
            $m.ExportedAliases.Count | Should -Be 0
            $m.ExportedVariables.Count | Should -Be 0
        }

        It 'is loaded from the built folder, not the source tree' {
            (Get-Module -Name BatchTask).ModuleBase | Should -Be (Split-Path -Parent (Resolve-Path $manifestPath).ProviderPath)
        }
    }

    Context 'tab completion' {
        It 'completes <Command> -<Parameter> <Word>' -TestCases @(
            @{ Command = 'New-BatchTask'; Parameter = 'AutoUserScope'; Word = ''; Expected = @('task', 'pool') }
            @{ Command = 'New-BatchTask'; Parameter = 'AutoUserScope'; Word = 'p'; Expected = @('pool') }
            @{ Command = 'New-BatchTask'; Parameter = 'ElevationLevel'; Word = ''; Expected = @('nonadmin', 'admin') }
            @{ Command = 'Update-BatchTask'; Parameter = 'ElevationLevel'; Word = 'a'; Expected = @('admin') }
            @{ Command = 'Update-BatchTask'; Parameter = 'AutoUserScope'; Word = 't'; Expected = @('task') }
            @{ Command = 'ConvertTo-BatchTaskJson'; Parameter = 'Shape'; Word = 'C'; Expected = @('Create') }
            @{ Command = 'ConvertTo-BatchTaskJson'; Parameter = 'KeyStyle'; Word = 'A'; Expected = @('Attribute') }
        ) {
            param($Command, $Parameter, $Word, $Expected)
            $line = "$Command -$Parameter $Word"
            $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            @($r.CompletionMatches.CompletionText) | Should -Be $Expected
        }
    }

    Context 'views' {
        It 'shows a task as a table with the command line shortened' {
            $t = New-BatchTask -Id view1 -CommandLine ('x' * 100) -RequiredSlots 2 -MaxTaskRetryCount 4 -DisplayName shown
            $text = $t | Format-Table | Out-String -Width 250
            $text | Should -Match 'Id\s+State\s+DisplayName\s+CommandLine\s+RequiredSlots\s+MaxTaskRetryCount'
            $text | Should -Match ('view1\s+shown\s+' + ('x' * 37) + '\.\.\.\s+2\s+4')
        }

        It 'shows a task as a list' {
            $text = New-BatchTask -Id view2 -CommandLine c -MaxWallClockTime PT1H | Format-List | Out-String -Width 250
            $text | Should -Match 'Id\s+: view2'
            $text | Should -Match 'Constraints\s+: MaxWallClockTime=01:00:00'
        }

        It 'shows a set registry password only as ***' {
            $t = New-BatchTask -Id r -CommandLine c -ContainerImage i -RegistryServer r.io -RegistryCredential (New-TestCredential)
            $text = $t.ContainerSettings.Registry | Format-List | Out-String
            $text | Should -Match 'Password\s+: \*\*\*'
            $text | Should -Not -BeLike "*$SecretPassword*"
        }
    }
}
