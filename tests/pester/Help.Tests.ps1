#Requires -Version 7.0
# Help coverage for every exported cmdlet of the BUILT module, and every help example is run.
# build.sh (via Invoke-PesterTests.ps1) sets BATCHTASK_MODULE_PATH to out/BatchTask/<v>/BatchTask.psd1.

BeforeDiscovery {
    # Imports the built module (common.ps1 is shared by every Pester file).
    . $PSScriptRoot/common.ps1

    $script:cmdletCases = @(Get-Command -Module BatchTask -CommandType Cmdlet | Sort-Object Name | ForEach-Object {
        @{ Name = $_.Name }
    })

    # One case per (cmdlet, example), so a failing example is named in the test result.
    $script:exampleCases = foreach ($c in $cmdletCases) {
        $help = Get-Help -Name $c.Name -Full
        $n = 0
        foreach ($example in @($help.examples.example)) {
            $n++
            @{ Name = $c.Name; Number = $n; Title = ($example.title -replace '-{2,}', '').Trim(); Code = [string] $example.code }
        }
    }
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:expectedCmdlets = @(
        'ConvertFrom-BatchTaskJson', 'ConvertTo-BatchTaskJson', 'New-BatchTask', 'Test-BatchTask', 'Update-BatchTask',
        'New-BatchContext', 'Add-BatchTask', 'Get-BatchTask', 'Export-BatchTaskSchema', 'Compare-BatchTask', 'New-BatchTaskSweep')
    $script:commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters +
        [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

    function Get-ParagraphText($Node) {
        # Help text comes as one or more paragraphs; join them into one string.
        (@($Node) | ForEach-Object { if ($_ -is [string]) { $_ } else { $_.Text } }) -join "`n"
    }
}

Describe 'Module help' {
    It 'exports exactly the documented cmdlets' {
        (Get-Command -Module BatchTask).Name | Sort-Object | Should -Be ($expectedCmdlets | Sort-Object)
    }

    It 'has the about_BatchTask topic in the built module folder' {
        # PowerShell looks for about_ topics (and cmdlet MAML) in <ModuleBase>/<culture>, not in bin/.
        $base = (Get-Module BatchTask).ModuleBase
        Join-Path $base 'en-US/about_BatchTask.help.txt' | Should -Exist
        (Get-Help about_BatchTask | Out-String) | Should -Match 'P10675199DT2H48M5\.4775807S'
    }

    It 'about_BatchTask covers the model, the shapes, the key styles, the input layouts and the promises' {
        $text = Get-Help about_BatchTask | Out-String
        foreach ($name in $expectedCmdlets) { $text | Should -Match ([regex]::Escape($name)) }
        foreach ($word in 'CloudTask', 'AdditionalProperties', 'KnownValues', 'IsKnown', 'Full', 'Create', 'Update',
            'Rest', 'Attribute', 'Property', 'NDJSON', 'odata.nextLink', '-Compress', '7 fractional digits', 'ConditionNotMet',
            'Windows PowerShell 5.1') {
            $text | Should -Match ([regex]::Escape($word))
        }
    }
}

Describe 'Help for <Name>' -ForEach $cmdletCases {
    BeforeAll {
        $command = Get-Command -Name $Name
        $help = Get-Help -Name $Name -Full
        $parameters = @($command.Parameters.Values | Where-Object { $_.Name -notin $commonParameters })
        $helpParameters = @($help.parameters.parameter)
    }

    It 'comes from the MAML file, not from the generated syntax' {
        # Without a help file, Get-Help makes up a help object with no description.
        $help.description | Should -Not -BeNullOrEmpty
        $help.ModuleName | Should -Be 'BatchTask'
    }

    It 'has a synopsis' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match 'CommonParameters'    # a generated synopsis is the syntax line
    }

    It 'has a description of more than one sentence' {
        (Get-ParagraphText $help.description).Length | Should -BeGreaterThan 80
    }

    It 'has at least two examples, each with code and remarks' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($e in $examples) {
            [string] $e.code | Should -Not -BeNullOrEmpty
            (Get-ParagraphText $e.remarks).Trim() | Should -Not -BeNullOrEmpty
        }
    }

    It 'documents every parameter, with a description' {
        foreach ($p in $parameters) {
            $doc = $helpParameters | Where-Object name -EQ $p.Name
            $doc | Should -Not -BeNullOrEmpty -Because "-$($p.Name) must be documented"
            (Get-ParagraphText $doc.description).Trim() | Should -Not -BeNullOrEmpty -Because "-$($p.Name) needs a description"
        }
    }

    It 'documents no parameter the cmdlet does not have' {
        foreach ($doc in $helpParameters) {
            $doc.name | Should -BeIn @($parameters.Name) -Because 'help must not describe parameters that do not exist'
        }
    }

    It 'gives each parameter its real type' {
        foreach ($p in $parameters) {
            $doc = $helpParameters | Where-Object name -EQ $p.Name
            $type = $p.ParameterType
            $names = @($type.Name, $type.FullName)
            if ($type.IsGenericType -and $type.GetGenericTypeDefinition() -eq [Nullable`1]) {
                $inner = $type.GetGenericArguments()[0]
                $names += @($inner.Name, $inner.FullName)
            }
            [string] $doc.type.name | Should -BeIn $names -Because "-$($p.Name) is a [$($type.FullName)]"
        }
    }

    It 'marks a parameter as required exactly when it is mandatory in some parameter set' {
        foreach ($p in $parameters) {
            $doc = $helpParameters | Where-Object name -EQ $p.Name
            $mandatory = @($p.ParameterSets.Values | Where-Object IsMandatory).Count -gt 0
            [string] $doc.required | Should -Be ([string] $mandatory).ToLowerInvariant() -Because "-$($p.Name)"
        }
    }

    It 'lists the aliases of each parameter' {
        foreach ($p in $parameters | Where-Object { $_.Aliases.Count -gt 0 }) {
            $doc = $helpParameters | Where-Object name -EQ $p.Name
            foreach ($a in $p.Aliases) {
                [string] $doc.aliases | Should -Match ([regex]::Escape($a)) -Because "-$($p.Name) has alias $a"
            }
        }
    }

    It 'has one syntax item per parameter set' {
        @($help.syntax.syntaxItem).Count | Should -Be @($command.ParameterSets).Count
    }

    It 'names its input and output types' {
        [string] ($help.inputTypes.inputType.type.name) | Should -Not -BeNullOrEmpty
        [string] ($help.returnValues.returnValue.type.name) | Should -Not -BeNullOrEmpty
    }
}

Describe 'Help example <Number> of <Name> runs' -ForEach $exampleCases {
    BeforeAll {
        # The service examples talk to the stand-in (tests/standin) through $env:BATCHTASK_STANDIN_URL.
        $script:standIn = Start-StandIn
        $env:BATCHTASK_STANDIN_URL = $standIn.Url
    }

    AfterAll {
        Stop-StandIn $standIn
        Remove-Item Env:BATCHTASK_STANDIN_URL -ErrorAction SilentlyContinue
    }

    It 'runs without error in a fresh runspace: <Title>' {
        $work = Join-Path $TestDrive "$Name-$Number"
        New-Item -ItemType Directory -Path $work | Out-Null

        $iss = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
        $iss.ImportPSModule([string[]] @($env:BATCHTASK_MODULE_PATH))
        $runspace = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace($iss)
        $runspace.Open()
        try {
            $runspace.SessionStateProxy.Path.SetLocation($work) | Out-Null
            $ps = [powershell]::Create()
            $ps.Runspace = $runspace
            # Confirm prompts cannot be answered here; examples that use -Confirm:$false or -WhatIf are fine.
            [void] $ps.AddScript('$ErrorActionPreference = "Stop"; $ConfirmPreference = "None"').AddStatement()
            [void] $ps.AddScript($Code)
            $output = $ps.Invoke()
            $errors = @($ps.Streams.Error | ForEach-Object { "$_ ($($_.FullyQualifiedErrorId))" })
            $errors | Should -BeNullOrEmpty -Because "example $Number of $Name must run cleanly:`n$Code"
            $ps.InvocationStateInfo.State | Should -Be 'Completed'
            $ps.Dispose()
        }
        finally {
            $runspace.Dispose()
        }
        $output | Out-Null
    }
}

Describe 'README.md' {
    BeforeAll {
        $script:readme = Get-Content -LiteralPath (Join-Path $PSScriptRoot '../../README.md') -Raw
        $script:blocks = @([regex]::Matches($readme, '(?ms)^```powershell\r?\n(.*?)^```') | ForEach-Object { $_.Groups[1].Value })
    }

    It 'starts Quick start with exactly ./build.sh example' {
        $readme | Should -Match '(?ms)^## Quick start\s+```sh\r?\n\./build\.sh example\r?\n```'
    }

    It 'starts Tests with exactly ./build.sh test' {
        $readme | Should -Match '(?ms)^## Tests\s+```sh\r?\n\./build\.sh test\r?\n```'
    }

    It 'has PowerShell code that parses without errors' {
        $blocks.Count | Should -BeGreaterThan 5
        foreach ($code in $blocks) {
            $tokens = $null; $errors = $null
            [void] [System.Management.Automation.Language.Parser]::ParseInput($code, [ref] $tokens, [ref] $errors)
            $errors | Should -BeNullOrEmpty -Because $code
        }
    }

    It 'names every cmdlet and a Performance section for the benchmark figures' {
        $expectedCmdlets.Count | Should -Be 11
        foreach ($name in $expectedCmdlets) { $readme | Should -Match ([regex]::Escape($name)) }
        $readme | Should -Match '(?m)^## Performance'
    }
}

Describe 'Help after Import-Module ./BatchTask.psd1 from the repository root' {
    It 'finds about_BatchTask and the cmdlet help (build.sh puts en-US beside the root manifest)' {
        $root = Resolve-Path (Join-Path $PSScriptRoot '../..')
        # $PSHOME holds the pwsh executable even when PowerShell runs as a dotnet tool (where the process is dotnet).
        $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        $out = & $pwsh -NoProfile -NonInteractive -Command "Set-Location '$root'; Import-Module ./BatchTask.psd1; (Get-Help about_BatchTask | Out-String).Contains('Update-BatchTask'); (Get-Help New-BatchTask).Description.Count -gt 0"
        $out | Should -Be @('True', 'True')
    }
}
