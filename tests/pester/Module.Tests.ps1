BeforeDiscovery {
    . (Join-Path $PSScriptRoot common.ps1)
    $faultKinds = @(Get-FaultyInput | Group-Object { $_.Kind } | ForEach-Object { @{ Kind = $_.Name; Count = $_.Count } })
}

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

    Context 'bad input never escapes as an unhandled exception' {
        BeforeAll {
            $script:faulty = @(Get-FaultyInput)
            $script:utf8 = [System.Text.UTF8Encoding]::new($false)

            function Invoke-Checked([string] $What, [scriptblock] $Script) {
                # Runs $Script; every error it raises (written or thrown) must carry one of the module's
                # ErrorIds and the module's exception type. Returns the output; counts the errors.
                $ErrorActionPreference = 'Continue'
                try { $items = @(& $Script 2>&1) } catch { $items = @($_) }
                foreach ($item in $items) {
                    if ($item -is [System.Management.Automation.ErrorRecord]) {
                        $script:errorCount++
                        if ($item.FullyQualifiedErrorId -notmatch $ModuleErrorIdPattern -or $item.Exception -isnot [BatchTaskPS.Commands.Support.BatchTaskCommandException]) {
                            $script:problems.Add("${What}: $($item.FullyQualifiedErrorId) [$($item.Exception.GetType().FullName)] $($item.Exception.Message)")
                        }
                    }
                    else { $item }
                }
            }
        }

        It '<Count> <Kind> inputs through ConvertFrom (text and -Path), New-BatchTask -Property, ConvertTo and Test-BatchTask' -ForEach $faultKinds {
            $script:problems = [System.Collections.Generic.List[string]]::new()
            $script:errorCount = 0
            $file = Join-Path $TestDrive 'fault.json'
            foreach ($case in $faulty | Where-Object Kind -EQ $Kind) {
                $name = $case.Name
                $text = $utf8.GetString($case.Bytes)
                [System.IO.File]::WriteAllBytes($file, $case.Bytes)
                $tasks = @(
                    Invoke-Checked "$name | ConvertFrom-BatchTaskJson" { ConvertFrom-BatchTaskJson -InputObject $text }
                    Invoke-Checked "$name | ConvertFrom-BatchTaskJson -Path" { ConvertFrom-BatchTaskJson -LiteralPath $file -MaxDepth 16 }
                )
                if ($tasks.Count -gt 0) {
                    $null = Invoke-Checked "$name | Test-BatchTask" { $tasks | Test-BatchTask -Collection -Detailed -Shape Create }
                    $null = Invoke-Checked "$name | Test-BatchTask -Strict" { $tasks | Test-BatchTask -Strict }
                    $null = Invoke-Checked "$name | ConvertTo-BatchTaskJson" { $tasks | ConvertTo-BatchTaskJson -RedactSecrets -KeyStyle Attribute }
                    $null = Invoke-Checked "$name | ConvertTo-BatchTaskJson -Shape AddCollection" { $tasks | ConvertTo-BatchTaskJson -Shape AddCollection }
                    $null = Invoke-Checked "$name | ConvertTo-BatchTaskJson -Shape Update" { $tasks | ConvertTo-BatchTaskJson -Shape Update -AsHashtable }
                }

                # The dictionary readers: what PowerShell's own JSON parser makes of the same text.
                $trees = @(
                    try { ConvertFrom-Json -InputObject $text -AsHashtable -Depth 100 -ErrorAction Stop } catch { }
                    try { ConvertFrom-Json -InputObject $text -Depth 100 -ErrorAction Stop } catch { }
                )
                foreach ($tree in $trees | Where-Object { $_ -is [System.Collections.IDictionary] -or $_ -is [System.Management.Automation.PSCustomObject] }) {
                    $null = Invoke-Checked "$name | New-BatchTask -Property" { New-BatchTask -Property $tree }
                    $null = Invoke-Checked "$name | dictionary | ConvertTo-BatchTaskJson" { $tree | ConvertTo-BatchTaskJson -Shape Create }
                }
            }

            $problems | Should -BeNullOrEmpty
            $errorCount | Should -BeGreaterThan 0 -Because 'the inputs are bad: some of them must be reported'
        }

        It 'a dictionary that contains itself, or nests 10,000 deep, is InvalidTaskProperty/InvalidTaskInput' {
            $self = @{ a = 1 }; $self['self'] = $self
            $deep = @{ leaf = 1 }; for ($k = 0; $k -lt 10000; $k++) { $deep = @{ d = $deep } }
            foreach ($bad in $self, $deep) {
                { New-BatchTask -Property @{ id = 'x'; commandLine = 'c'; future = $bad } -ErrorAction Stop } |
                    Should -Throw -ErrorId 'InvalidTaskProperty,BatchTaskPS.Commands.NewBatchTaskCommand'
                { New-BatchTask -Id x -CommandLine c -ExitConditions @{ default = $bad } -ErrorAction Stop } |
                    Should -Throw -ErrorId 'InvalidTaskProperty,BatchTaskPS.Commands.NewBatchTaskCommand'
                { @{ id = 'x'; commandLine = 'c'; future = $bad } | ConvertTo-BatchTaskJson -ErrorAction Stop } |
                    Should -Throw -ErrorId 'InvalidTaskInput,BatchTaskPS.Commands.ConvertToBatchTaskJsonCommand'
            }
        }
    }
}
