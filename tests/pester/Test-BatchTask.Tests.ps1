BeforeAll {
    . (Join-Path $PSScriptRoot common.ps1)
    $script:valid = New-BatchTask -Id ok -CommandLine 'echo ok'
    $script:noCommand = [BatchTaskPS.Model.CloudTask]@{ Id = 'nocmd' }
    $script:warnOnly = New-BatchTask -Id dup -CommandLine c -EnvironmentSettings @(@{ name = 'A'; value = '1' }, @{ name = 'A'; value = '2' })
    $script:taskGet = ConvertFrom-BatchTaskJson -Path (Join-Path $SharedRealWorld TaskGet.response.json)
}

Describe 'Test-BatchTask' {
    Context 'default bool output' {
        It '<Name> gives <Expected>' -TestCases @(
            @{ Name = 'a valid task'; Task = 'valid'; Strict = $false; Expected = $true }
            @{ Name = 'a task without a command line'; Task = 'noCommand'; Strict = $false; Expected = $false }
            @{ Name = 'a task with only a warning'; Task = 'warnOnly'; Strict = $false; Expected = $true }
            @{ Name = 'a task with only a warning, -Strict'; Task = 'warnOnly'; Strict = $true; Expected = $false }
            @{ Name = 'a valid task, -Strict'; Task = 'valid'; Strict = $true; Expected = $true }
        ) {
            param($Name, $Task, $Strict, $Expected)
            $result = Get-Variable -Name $Task -ValueOnly | Test-BatchTask -Strict:$Strict
            $result | Should -BeOfType ([bool])
            $result | Should -Be $Expected
        }

        It 'gives one bool per piped task' {
            @($valid, $noCommand, $valid | Test-BatchTask) | Should -Be @($true, $false, $true)
        }
    }

    Context '-Detailed' {
        It 'gives one record per finding, with its path and rule' {
            $records = @($noCommand | Test-BatchTask -Detailed)
            $records.Count | Should -Be 1
            $r = $records[0]
            $r | Should -BeOfType ([BatchTaskPS.Commands.TaskValidationRecord])
            $r.TaskId | Should -Be 'nocmd'
            $r.Path | Should -Be '$.commandLine'
            $r.Property | Should -Be 'commandLine'
            $r.Rule | Should -Be 'T7'
            $r.Severity | Should -Be 'Error'
            $r.TypeName | Should -Be 'CloudTask'
            $r.Message | Should -Not -BeNullOrEmpty
        }

        It 'gives nothing for a valid task' {
            $valid | Test-BatchTask -Detailed | Should -BeNullOrEmpty
        }

        It 'reports warnings as records too' {
            $records = @($warnOnly | Test-BatchTask -Detailed)
            $records.Severity | Should -Be @('Warning')
            $records.Rule | Should -Be @('DuplicateEnvironmentName')
        }

        It 'reports the real-world TaskGet example breaking rule T9 (multi-instance with requiredSlots 2)' {
            $records = @($taskGet | Test-BatchTask -Detailed)
            $records.Rule | Should -Contain 'T9'
            ($records | Where-Object Rule -eq 'T9').Path | Should -Be '$.requiredSlots'
        }

        It 'with -Shape Create also reports the service-owned properties' {
            $full = @($taskGet | Test-BatchTask -Detailed)
            $create = @($taskGet | Test-BatchTask -Detailed -Shape Create)
            $create.Count | Should -BeGreaterThan $full.Count
            ($create | Where-Object Path -eq '$.eTag').Rule | Should -Be 'T12'
        }

        It 'shows records in the table view' {
            $text = $noCommand | Test-BatchTask -Detailed | Format-Table | Out-String -Width 200
            $text | Should -BeLike '*TaskId*Severity*Path*Rule*Message*'
            $text | Should -BeLike '*nocmd*Error*$.commandLine*T7*'
        }
    }

    Context 'parameters' {
        It '-Shape takes only Full and Create' {
            { $valid | Test-BatchTask -Shape Update } |
                Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,BatchTaskPS.Commands.TestBatchTaskCommand'
        }
    }

    Context 'input' {
        It 'takes tasks from ConvertFrom-BatchTaskJson' {
            '{"id":"a","commandLine":"c"}' | ConvertFrom-BatchTaskJson | Test-BatchTask | Should -BeTrue
        }
    }
}
