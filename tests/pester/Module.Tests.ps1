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
            # The version is written once, in the repository's BatchTask.psd1; the built manifest must carry it.
            $sourceManifest = Join-Path $PSScriptRoot '../../BatchTask.psd1'
            $m.Version | Should -Be ([version](Import-PowerShellDataFile -Path $sourceManifest).ModuleVersion)
            $m.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        }

        It 'exports exactly the documented cmdlets, no functions, variables or aliases' {
            $m = Get-Module -Name BatchTask
            @($m.ExportedCmdlets.Keys | Sort-Object) | Should -Be @('Add-BatchTask', 'Compare-BatchTask', 'ConvertFrom-BatchTaskJson', 'ConvertTo-BatchTaskJson', 'Export-BatchTaskSchema', 'Get-BatchTask', 'New-BatchContext', 'New-BatchTask', 'New-BatchTaskSweep', 'Test-BatchTask', 'Update-BatchTask')
            $m.ExportedFunctions.Count | Should -Be 0
            $m.ExportedAliases.Count | Should -Be 0
            $m.ExportedVariables.Count | Should -Be 0
        }

        It 'is loaded from the built folder, not the source tree' {
            (Get-Module -Name BatchTask).ModuleBase | Should -Be (Split-Path -Parent (Resolve-Path $manifestPath).ProviderPath)
        }
    }

    Context 'assemblies: the portable build and the ReadyToRun images (issue 16)' {
        BeforeAll {
            $script:bin = Join-Path (Split-Path -Parent (Resolve-Path $manifestPath).ProviderPath) 'bin'
            # The PE header of a dll: its machine type and whether it carries ReadyToRun code (a managed native header).
            function script:Get-ImageKind([string] $Path) {
                $stream = [System.IO.File]::OpenRead($Path)
                try {
                    $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
                    [pscustomobject]@{
                        Machine     = [int]$pe.PEHeaders.CoffHeader.Machine
                        ReadyToRun  = $pe.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0
                        Version     = [System.Reflection.AssemblyName]::GetAssemblyName($Path).Version
                    }
                }
                finally { $stream.Dispose() }
            }
        }

        It 'ships the portable build in bin/ as IL only (Windows PowerShell 5.1 and any other platform load it)' {
            foreach ($name in 'BatchTaskPS.Module', 'BatchTaskPS.Core') {
                $kind = Get-ImageKind (Join-Path $bin "$name.dll")
                $kind.ReadyToRun | Should -BeFalse -Because "$name.dll in bin/ must run anywhere"
                $kind.Machine | Should -Be 0x14C -Because 'an IL-only image is marked i386 (AnyCPU)'
            }
        }

        It 'ships a ReadyToRun image of the core for <Rid>, of the same version as the portable build' -TestCases @(
            # Machine: the processor's PE machine type XOR the ReadyToRun marker of the OS (none for Windows), as
            # .NET's crossgen2 writes it: x64 0x8664, arm64 0xAA64; Linux 0x7B79, macOS 0x4644.
            @{ Rid = 'linux-x64'; Machine = 0x8664 -bxor 0x7B79 }
            @{ Rid = 'linux-arm64'; Machine = 0xAA64 -bxor 0x7B79 }
            @{ Rid = 'osx-x64'; Machine = 0x8664 -bxor 0x4644 }
            @{ Rid = 'osx-arm64'; Machine = 0xAA64 -bxor 0x4644 }
            @{ Rid = 'win-x64'; Machine = 0x8664 }
        ) {
            param($Rid, $Machine)
            $kind = Get-ImageKind (Join-Path $bin "$Rid/BatchTaskPS.Core.dll")
            $kind.ReadyToRun | Should -BeTrue
            $kind.Machine | Should -Be $Machine
            $kind.Version | Should -Be (Get-ImageKind (Join-Path $bin 'BatchTaskPS.Core.dll')).Version
            # Only the core: the cmdlets are the manifest's root module (bin/, portable), and the service client and the
            # Azure assemblies are shared from bin/service.
            @(Get-ChildItem -LiteralPath (Join-Path $bin $Rid) -Name) | Should -Be @('BatchTaskPS.Core.dll')
        }

        It 'has the cmdlets'' assembly as its root module: no root script to parse and no nested import (issue 16)' {
            $data = Import-PowerShellDataFile -Path $manifestPath
            $data.RootModule | Should -Be 'bin/BatchTaskPS.Module.dll'
            $data.Keys | Should -Not -Contain 'ScriptsToProcess'
            $data.Keys | Should -Not -Contain 'NestedModules'
            @(Get-ChildItem -LiteralPath (Split-Path -Parent (Resolve-Path $manifestPath).ProviderPath) -Filter '*.psm1' -Name) | Should -Be @()
        }

        It 'keeps every public type of the cmdlets'' assembly loadable without the core, so the initializer can pick the core''s image first' {
            # PowerShell lists the root module's public types while it imports it, before the module initializer runs: a
            # public type that derives from, implements, or has a field of a value type of the core would load the
            # portable core beside it then (a field of a core enum or extensible enum is therefore boxed).
            $assembly = (Get-Command -Name New-BatchTask).ImplementingType.Assembly
            $core = [BatchTaskPS.Model.CloudTask].Assembly
            $flags = [System.Reflection.BindingFlags]'Instance, Static, Public, NonPublic, DeclaredOnly'
            $offending = foreach ($type in $assembly.GetExportedTypes()) {
                $base = $type.BaseType
                while ($base) { if ($base.Assembly -eq $core) { "$($type.Name) derives from $base" }; $base = $base.BaseType }
                foreach ($i in $type.GetInterfaces()) { if ($i.Assembly -eq $core) { "$($type.Name) implements $i" } }
                foreach ($f in $type.GetFields($flags)) {
                    $t = $f.FieldType
                    $inner = if ($t.IsGenericType) { @($t) + $t.GetGenericArguments() } else { @($t) }
                    if ($t.IsValueType -and @($inner | Where-Object { $_.Assembly -eq $core }).Count) { "$($type.Name).$($f.Name) is a $t" }
                }
            }
            @($offending) | Should -Be @()
        }

        It 'runs the cmdlets from the portable build and the core from the image for this platform on PowerShell 7.6 (.NET 10)' {
            $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
            $arch = "$([System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture)".ToLowerInvariant()
            $folder = Join-Path $bin "$os-$arch"
            if ([Environment]::Version.Major -lt 10 -or -not (Test-Path -LiteralPath $folder)) {
                Set-ItResult -Skipped -Because "no ReadyToRun image for $os-$arch on .NET $([Environment]::Version)"
                return
            }
            $loaded = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'BatchTaskPS.Core' })
            $loaded.Count | Should -Be 1 -Because 'one copy of the core, not also the portable one'
            $loaded[0].Location | Should -Be (Join-Path $folder 'BatchTaskPS.Core.dll')
            (Get-Command -Name New-BatchTask).ImplementingType.Assembly.Location | Should -Be (Join-Path $bin 'BatchTaskPS.Module.dll')
            # The same in a fresh process, where nothing but the import ran first.
            $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
            $out = & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$manifestPath'; [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'BatchTaskPS.Core' } | ForEach-Object Location"
            $out | Should -Be (Join-Path $folder 'BatchTaskPS.Core.dll')
        }

        It 'imports the Pester assertion only into a session that already has Pester' {
            # This session has Pester: Should -BeValidBatchTask is there (Should.Tests.ps1 uses it).
            Get-Module -Name BatchTask.Should -All | Should -Not -BeNullOrEmpty
            $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
            $out = & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$manifestPath'; [bool](Get-Module -Name BatchTask.Should -All); (Get-Module -Name BatchTask).ExportedCmdlets.Count"
            $out | Should -Be @('False', '11')
        }

        It 'loads no other module into a fresh session: importing it does not auto-load Microsoft.PowerShell.Management or .Utility' {
            # A cmdlet such as Join-Path or Test-Path in the root module would auto-load its module, which cost more than
            # the rest of the import in a fresh process (issue 16). The session's own commands may load them later.
            $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
            $out = & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$manifestPath'; (Get-Module).Name -join ','"
            $out | Should -Be 'BatchTask'
        }

        It 'writes a task file in a fresh process without loading OpenSSL (Linux)' {
            # Temporary file names took their random part from RandomNumberGenerator, whose first use loads OpenSSL:
            # 15-22 ms before the first task of a fresh process (issue 16). They need no cryptography.
            if (-not $IsLinux) {
                Set-ItResult -Skipped -Because '/proc/self/maps is Linux only'
                return
            }
            $in = Join-Path $TestDrive 'ssl-in.ndjson'
            $out = Join-Path $TestDrive 'ssl-out.ndjson'
            Set-Content -LiteralPath $in -Value '{"id":"a","commandLine":"c"}', '{"id":"b","commandLine":"c"}'
            $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
            $script = "Import-Module '$manifestPath'; ConvertFrom-BatchTaskJson -LiteralPath '$in' | ConvertTo-BatchTaskJson -Compress -Path '$out'; " +
                "@(Get-Content /proc/self/maps | Where-Object { `$_ -match 'libssl|libcrypto' }).Count"
            $maps = & $pwsh -NoProfile -NonInteractive -Command $script
            $maps | Should -Be '0'
            Get-Content -LiteralPath $out | Should -Be '{"id":"a","commandLine":"c"}', '{"id":"b","commandLine":"c"}'
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
            @{ Command = 'New-BatchTask'; Parameter = 'MaxWallClockTime'; Word = 'PT'; Expected = @('PT30M', 'PT1H', 'PT2H', 'PT6H', 'PT12H') }
            @{ Command = 'Update-BatchTask'; Parameter = 'RetentionTime'; Word = 'P1'; Expected = @('P1D', 'P10675199DT2H48M5.4775807S') }
        ) {
            param($Command, $Parameter, $Word, $Expected)
            $line = "$Command -$Parameter $Word"
            $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            @($r.CompletionMatches.CompletionText) | Should -Be $Expected
        }
    }

    Context 'enum parameters take known values only' {
        It '<Command> -<Parameter> <Value> fails at binding, naming the known values and <Closest>' -TestCases @(
            @{ Command = 'New-BatchTask'; Parameter = 'ElevationLevel'; Value = 'Admn'; Known = 'nonadmin, admin'; Closest = 'admin' }
            @{ Command = 'New-BatchTask'; Parameter = 'ElevationLevel'; Value = 'root'; Known = 'nonadmin, admin'; Closest = 'admin' }
            @{ Command = 'New-BatchTask'; Parameter = 'AutoUserScope'; Value = 'pol'; Known = 'task, pool'; Closest = 'pool' }
            @{ Command = 'New-BatchTask'; Parameter = 'AutoUserScope'; Value = ([BatchTaskPS.Model.AutoUserScope] 'galaxy'); Known = 'task, pool'; Closest = 'task' }
            @{ Command = 'Update-BatchTask'; Parameter = 'ElevationLevel'; Value = 'nonadmn'; Known = 'nonadmin, admin'; Closest = 'nonadmin' }
            @{ Command = 'Update-BatchTask'; Parameter = 'AutoUserScope'; Value = 'Tsak'; Known = 'task, pool'; Closest = 'task' }
        ) {
            param($Command, $Parameter, $Value, $Known, $Closest)
            $p = @{ $Parameter = $Value }
            $script:ran = $false
            $call = if ($Command -eq 'New-BatchTask') { { New-BatchTask -Id a -CommandLine c @p; $script:ran = $true } }
            else { { New-BatchTask -Id a -CommandLine c | Update-BatchTask -AllowDefinitionChange @p; $script:ran = $true } }
            $e = { & $call } | Should -Throw -ErrorId "ParameterArgumentTransformationError,BatchTaskPS.Commands.$($Command -replace '-', '')Command" -PassThru
            $e.Exception.Message | Should -BeLike "*'$Value' is not a known $Parameter value. Known values: $Known; the closest is '$Closest'.*"
            $ran | Should -BeFalse
        }

        It 'takes the known values in any letter case and gives them the wire spelling' {
            New-BatchTask -Id a -CommandLine c -ElevationLevel NonAdmin -AutoUserScope TASK | ConvertTo-BatchTaskJson -Compress |
                Should -BeExactly '{"id":"a","commandLine":"c","userIdentity":{"autoUser":{"scope":"task","elevationLevel":"nonadmin"}}}'
            (New-BatchTask -Id a -CommandLine c | Update-BatchTask -AllowDefinitionChange -ElevationLevel ADMIN).UserIdentity.AutoUser.ElevationLevel.Value |
                Should -BeExactly 'admin'
        }

        It 'from CSV rows: an unknown value is an error for its row only, an empty cell means not given' {
            $rows = @(
                [pscustomobject]@{ Id = 'empty'; CommandLine = 'c'; ElevationLevel = '' }
                [pscustomobject]@{ Id = 'typo'; CommandLine = 'c'; ElevationLevel = 'Admn' }
                [pscustomobject]@{ Id = 'ok'; CommandLine = 'c'; ElevationLevel = 'admin' }
            )
            $tasks = @($rows | New-BatchTask -ErrorVariable err -ErrorAction SilentlyContinue)
            $tasks.Id | Should -Be @('empty', 'ok')
            $tasks[0].UserIdentity | Should -BeNullOrEmpty
            $tasks[1].UserIdentity.AutoUser.ElevationLevel.Value | Should -Be 'admin'
            $err.Count | Should -Be 1
            "$($err[0])" | Should -BeLike "*'Admn' is not a known ElevationLevel value*"
        }

        It 'keeps unknown values read from JSON or a dictionary, and Test-BatchTask reports them' {
            $t = New-BatchTask -Property @{ id = 'a'; commandLine = 'c'; userIdentity = @{ autoUser = @{ scope = 'galaxy'; elevationLevel = 'Admn' } } }
            $t | ConvertTo-BatchTaskJson -Compress | Should -BeExactly '{"id":"a","commandLine":"c","userIdentity":{"autoUser":{"scope":"galaxy","elevationLevel":"Admn"}}}'
            $json = '{"id":"a","commandLine":"c","userIdentity":{"autoUser":{"elevationLevel":"Admn"}}}'
            $read = $json | ConvertFrom-BatchTaskJson
            $read | ConvertTo-BatchTaskJson -Compress | Should -BeExactly $json
            ($read | Test-BatchTask -Detailed).Rule | Should -Be 'UnknownEnumValue'
        }
    }

    Context 'views' {
        It 'shows a task as a table: id, state, slots, retries, then the command line in the width left' {
            $t = New-BatchTask -Id view1 -CommandLine ('x' * 300) -RequiredSlots 2 -MaxTaskRetryCount 4 -DisplayName shown
            $text = $t | Format-Table | Out-String -Width 250
            $text | Should -Match 'Id\s+State\s+Slots\s+Retries\s+CommandLine'
            $text | Should -Match 'view1\s+2\s+4 xxxxx'
        }

        It 'reads well at <Width> columns with 64-character ids: every header on one line, nothing wrapped letter by letter' -TestCases @(
            @{ Width = 80 }, @{ Width = 120 }
        ) {
            param($Width)
            $long = 'render-' + ('x' * 57)
            $tasks = @(
                New-BatchTask -Id $long -CommandLine ('/bin/sh -c "render.sh --frame 42 --out https://a.blob.core.windows.net/c?sv=1&sig=' + $SecretSig + '"') -RequiredSlots 2 -MaxTaskRetryCount 3
                New-BatchTask -Id short -CommandLine 'echo hi'
            )
            $lines = @(($tasks | Out-String -Width $Width) -split "`r?`n" | Where-Object { $_.Trim() })
            $lines[0] | Should -Match '^Id\s+State\s+Slots\s+Retries\s+CommandLine\s*$'
            $lines.Count | Should -Be 4    # header, rule, two rows: no wrapped header or cell
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual $Width }
            $lines[2] | Should -Match '^render-x+\S*\s+2\s+3 /bin/sh'
            ($lines -join "`n") | Should -Not -BeLike "*$SecretSig*"
        }

        It 'shows Test-BatchTask -Detailed at <Width> columns with 70-character ids: every column, every word of every message' -TestCases @(
            @{ Width = 80 }, @{ Width = 120 }
        ) {
            param($Width)
            $id = 'render-' + ('x' * 63)
            $records = New-BatchTask -Id $id -CommandLine x -RequiredSlots 0 -ResourceFiles @{ filePath = '../x' } | Test-BatchTask -Detailed
            $text = $records | Out-String -Width $Width
            $lines = $text -split "`r?`n"
            $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual $Width }
            $text | Should -Match 'Severity\s+Rule\s+Path\s+Message'
            $text | Should -BeLike "*TaskId: render-x*"
            # Messages wrap instead of being cut: all their words are there.
            $flat = ($text -replace '\s+', '')
            foreach ($r in $records) { $flat | Should -BeLike ('*' + [WildcardPattern]::Escape(($r.Message -replace '\s+', '')) + '*') }
        }

        It 'shows nested objects inside Format-List * as their masked content, not {}' {
            $t = New-BatchTask -Id a -CommandLine c -ResourceFiles @{ httpUrl = "https://h/x?sig=$SecretSig"; filePath = 'x' } `
                -OutputFiles @{ filePattern = '*'; destination = @{ container = @{ containerUrl = "https://a/c?sig=$SecretSig" } }; uploadOptions = @{ uploadCondition = 'taskcompletion' } }
            $text = $t | Format-List * | Out-String -Width 300
            $text | Should -Match 'ResourceFiles\s+: \{https://h/x\?sig=\*\*\*\}'
            $text | Should -Match 'OutputFiles\s+: \{.*"containerUrl":"https://a/c\?sig=\*\*\*"'
            $text | Should -Not -BeLike "*$SecretSig*"
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

        It 'prints no registry password through Format-List *, Select-Object * or string expansion' {
            $t = New-BatchTask -Id r -CommandLine c -ContainerImage i -RegistryServer r.io -RegistryCredential (New-TestCredential)
            $registry = $t.ContainerSettings.Registry
            $text = ($registry | Format-List * | Out-String -Width 250) +
                    ($registry | Select-Object * | Format-List | Out-String -Width 250) +
                    ($t.ContainerSettings | Format-List * | Out-String -Width 250) +
                    ($registry | Format-Table * | Out-String -Width 250) +
                    "$($registry.Password) $($registry | Select-Object -ExpandProperty Password)"
            $text | Should -Not -BeLike "*$SecretPassword*"
            $text | Should -BeLike '*Password*System.Security.SecureString*'
            $registry.Password | Should -BeOfType [securestring]
        }

        It 'still copies, sets and clears a registry password from PowerShell, and writes the real one' {
            $from = (New-BatchTask -Id r -CommandLine c -ContainerImage i -RegistryServer r.io -RegistryCredential (New-TestCredential)).ContainerSettings.Registry
            $to = [BatchTaskPS.Model.ContainerRegistry]::new()
            $to.Password = $from.Password
            $to.psbase.Password | Should -Be $SecretPassword
            $to.Password = 'plain text'
            $to.psbase.Password | Should -Be 'plain text'
            $to.Password = New-TestCredential
            $to.psbase.Password | Should -Be $SecretPassword
            $to.Password = $null
            $to.psbase.Password | Should -BeNullOrEmpty
            { $to.Password = 42 } | Should -Throw '*SecureString, a PSCredential or a string*'
            $to.psbase.Password | Should -BeNullOrEmpty

            # A Select-Object copy (the password a SecureString in it) read back as a task keeps the text.
            $copy = $from | Select-Object RegistryServer, UserName, Password
            $json = New-BatchTask -Property @{ id = 'c'; commandLine = 'x'; containerSettings = @{ imageName = 'i'; registry = $copy } } |
                ConvertTo-BatchTaskJson -Compress
            $json | Should -BeLike "*`"password`":`"$SecretPassword`"*"
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

    Context 'secrets: no registry password and no SAS signature in any stream, view, string or error' {
        BeforeAll {
            $script:url = "https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&sp=r&sig=$SecretSig"
            $script:secretTask = New-BatchTask -Id s1 -CommandLine "azcopy copy '$url' ." -ContainerImage img -RegistryServer r.io -RegistryCredential (New-TestCredential) `
                -ResourceFiles @{ httpUrl = $url; filePath = 'f.txt' } -EnvironmentSettings ([ordered]@{ SAS = $url; PLAIN = 'x'; DB_PASSWORD = $SecretPassword; STORAGE_KEY = $SecretSig; RAW = "azcopy sig=$SecretSig ftp://u:$SecretPassword@h/x?sig=$SecretSig" }) `
                -OutputFiles @{ filePattern = '*.txt'; destination = @{ container = @{ containerUrl = $url } }; uploadOptions = @{ uploadCondition = 'taskcompletion' } } `
                -MultiInstanceSettings @{ numberOfInstances = 2; coordinationCommandLine = "fetch $url"; commonResourceFiles = @(@{ storageContainerUrl = $url }) }

            # An unknown property whose name says it is secret, and one that holds secrets deeper down.
            $secretTask.AdditionalProperties['apiKey'] = "`"$SecretPassword`""
            $secretTask.AdditionalProperties['future'] = "{`"clientSecret`":`"$SecretPassword`",`"endpoint`":`"ftp://u:$SecretPassword@h/`"}"

            function Get-AllText([scriptblock] $Script) {
                # Every stream (*>&1); for errors, every message a person or a log may see, and the
                # module-made location record of ConvertFrom-BatchTaskJson (its LineText is shown by the error view).
                $ErrorActionPreference = 'Continue'
                $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'
                $items = try { & $Script *>&1 } catch { $_ }
                @(foreach ($item in $items) {
                        if ($item -is [System.Management.Automation.ErrorRecord]) {
                            $item | Out-String -Width 500
                            $item.ToString()
                            $item.Exception.Message
                            $item.Exception.InnerException.Message
                            $item.ErrorDetails.Message
                            $item.FullyQualifiedErrorId
                            if ($item.TargetObject -is [hashtable] -and $item.TargetObject.ContainsKey('LineText')) { $item.TargetObject | Out-String -Width 500 }
                        }
                        elseif ($item -is [string]) { $item }
                        else { $item | Out-String -Width 500 }
                    }) -join "`n"
            }
        }

        It '<Name>' -TestCases @(
            @{ Name = 'table and list views of a task'; Expect = '*sig=`*`*`**'; Script = {
                    $secretTask | Format-Table | Out-String -Width 500
                    $secretTask | Format-List | Out-String -Width 500
                    $secretTask | Out-String -Width 500
                    $secretTask
                } 
            }
            @{ Name = 'views of every nested object that holds a secret'; Expect = '*Password*: `*`*`**'; Script = {
                    $secretTask.ContainerSettings | Format-List | Out-String -Width 500
                    $secretTask.ContainerSettings.Registry | Format-List | Out-String -Width 500
                    $secretTask.ContainerSettings.Registry | Format-Table | Out-String -Width 500
                    $secretTask.ResourceFiles | Format-Table | Out-String -Width 500
                    $secretTask.ResourceFiles | Format-List | Out-String -Width 500
                    $secretTask.EnvironmentSettings | Format-Table | Out-String -Width 500
                    $secretTask.EnvironmentSettings | Format-List | Out-String -Width 500
                    $secretTask.OutputFiles[0].Destination.Container | Format-List | Out-String -Width 500
                    $secretTask.OutputFiles | Format-List | Out-String -Width 500
                    $secretTask.MultiInstanceSettings | Format-List | Out-String -Width 500
                    $secretTask.MultiInstanceSettings.CommonResourceFiles | Format-Table | Out-String -Width 500
                }
            }
            @{ Name = 'ToString() of a task and its nested objects'; Expect = '*s1*'; Script = {
                    $secretTask.ToString()
                    $secretTask.ContainerSettings.ToString()
                    $secretTask.ContainerSettings.Registry.ToString()
                    $secretTask.ResourceFiles[0].ToString()
                    $secretTask.EnvironmentSettings | ForEach-Object { $_.ToString() }
                    $secretTask.OutputFiles[0].ToString()
                    $secretTask.OutputFiles[0].Destination.Container.ToString()
                    $secretTask.MultiInstanceSettings.ToString()
                    "$secretTask"
                }
            }
            @{ Name = 'Verbose and Debug output of every cmdlet'; Expect = '*add-collection body 1: 1 tasks*'; Script = {
                    $t = New-BatchTask -Id v -CommandLine "get $url" -ContainerImage img -RegistryCredential (New-TestCredential) -ResourceFiles @{ httpUrl = $url; filePath = 'f' } -Verbose -Debug
                    $t | ConvertTo-BatchTaskJson -RedactSecrets -Verbose -Debug
                    $t | ConvertTo-BatchTaskJson -Shape AddCollection -RedactSecrets -Verbose -Debug
                    $t | Test-BatchTask -Strict -Verbose -Debug
                    $t | Test-BatchTask -Collection -Verbose -Debug
                    $t | Update-BatchTask -MaxTaskRetryCount 2 -CommandLine "again $url" -AllowDefinitionChange -WhatIf -Verbose -Debug
                    $t | Update-BatchTask -MaxTaskRetryCount 2 -Verbose -Debug | Format-List | Out-String -Width 500
                    ($t | ConvertTo-BatchTaskJson -Compress) | ConvertFrom-BatchTaskJson -Verbose -Debug | Format-List | Out-String -Width 500
                }
            }
            @{ Name = 'errors of a bad New-BatchTask call that includes a registry credential'; Expect = '*ConflictingUserIdentity*InvalidTaskProperty*'; Script = {
                    New-BatchTask -Id e -CommandLine "get $url" -ContainerImage i -RegistryCredential (New-TestCredential) -UserName u -AutoUserScope task -Verbose -Debug
                    New-BatchTask -Id e -CommandLine "get $url" -ContainerImage i -RegistryCredential (New-TestCredential) -ResourceFiles @{ httpUrl = @{ nested = $url } } -Verbose -Debug
                    New-BatchTask -Id e -CommandLine x -ContainerSettings @{ imageName = 'i'; registry = @{ password = @($SecretPassword) } } -Verbose -Debug
                    New-BatchTask -Property @{ id = 'e'; commandLine = $url; requiredSlots = $url; containerSettings = @{ imageName = 'i'; registry = @{ password = $SecretPassword } } } -Verbose -Debug
                }
            }
            @{ Name = 'ConvertFrom-BatchTaskJson errors on lines holding a password and a SAS signature'; Expect = '*"password":"`*`*`*"*sig=`*`*`**'; Script = {
                    $lines = @(
                        "{`"id`":`"a`",`"requiredSlots`":`"bad`",`"commandLine`":`"get '$url'`",`"containerSettings`":{`"imageName`":`"i`",`"registry`":{`"password`":`"$SecretPassword`"}}}"
                        "{`"id`":`"b`",`"containerSettings`":{`"registry`":{`"password`":[`"$SecretPassword`"]}},`"commandLine`":`"$url`",`"requiredSlots`":true}"
                        "{`"id`":`"c`",`"containerSettings`":{`"registry`":{`"PASSWORD`" : {`"v`":`"$SecretPassword`"}}}}"
                        "{`"id`":`"d`",`"containerSettings`":{`"registry`":{`"pass\u0077ord`":`"$SecretPassword`",`"x`":}}}"
                        "{`"id`":`"e`",`"resourceFiles`":[{`"httpUrl`":`"https:\/\/acct.blob.core.windows.net\/c?sv=1\u0026sig=$SecretSig`",`"filePath`":7}]}"
                        "{`"id`":`"f`",`"resourceFiles`":[{`"httpUrl`":`"https://user:$SecretPassword@acct.blob.core.windows.net/c`",`"filePath`":[]}]}"
                        "{`"id`":`"g`",`"containerSettings`":{`"registry`":{`"password`":`"$SecretPassword"
                    )
                    $file = Join-Path $TestDrive 'secrets.ndjson'
                    Set-Content -LiteralPath $file -Value $lines
                    ConvertFrom-BatchTaskJson -Path $file -Verbose -Debug
                    $lines | ConvertFrom-BatchTaskJson -Verbose -Debug
                    $lines[0] | ConvertFrom-BatchTaskJson -MaxStringBytes 10
                }
            }
            @{ Name = 'errors as every error view prints them (NormalView is the Windows PowerShell 5.1 default)'; Expect = '*ConditionNotMet*'; Script = {
                    $lines = @(
                        "{`"id`":`"a`",`"requiredSlots`":`"bad`",`"environmentSettings`":[{`"name`":`"DB_PASSWORD`",`"value`":`"$SecretPassword`"}],`"commandLine`":`"azcopy sig=$SecretSig ftp://u:$SecretPassword@h/x`"}"
                        "{`"id`":`"b`",`"environmentSettings`":[{`"value`":`"$SecretPassword`",`"name`":`"API_TOKEN`"}],`"requiredSlots`":true}"
                    )
                    $errors = @(
                        $lines | ConvertFrom-BatchTaskJson -ErrorAction SilentlyContinue -ErrorVariable e1; $e1
                        $secretTask | Update-BatchTask -MaxTaskRetryCount 1 -IfMatch '0xNOTIT' -ErrorAction SilentlyContinue -ErrorVariable e2; $e2
                    )
                    foreach ($view in 'NormalView', 'CategoryView', 'ConciseView', 'DetailedView') {
                        $ErrorView = $view
                        $errors | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | Out-String -Width 500
                    }
                    $errors | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { $_.TargetObject | Out-String -Width 500; "$($_.TargetObject)"; $_.CategoryInfo.ToString() }
                }
            }
            @{ Name = 'Test-BatchTask records, their views and ToString()'; Expect = '*RecordNumber*'; Script = {
                    $bad = New-BatchTask -Id bad -CommandLine "get $url" -ContainerImage i -RegistryCredential (New-TestCredential) -ResourceFiles @{ httpUrl = $url; storageContainerUrl = $url }
                    $records = @($bad, $bad | Test-BatchTask -Detailed -Collection -Shape Create -Verbose -Debug)
                    $records | Format-Table | Out-String -Width 500
                    $records | Format-List | Out-String -Width 500
                    $records | ForEach-Object { $_.ToString(); $_.Message }
                }
            }
            @{ Name = 'ConvertTo-BatchTaskJson -RedactSecrets in every form (URLs inside the command line and environment values too)'; Expect = '*"commandLine": "azcopy copy ''https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&sp=r&sig=`*`*`*'' ."*'; Script = {
                    $secretTask | ConvertTo-BatchTaskJson -RedactSecrets
                    $secretTask | ConvertTo-BatchTaskJson -RedactSecrets -Compress -KeyStyle Attribute
                    $secretTask | ConvertTo-BatchTaskJson -RedactSecrets -AsArray -Shape Create
                    $secretTask | ConvertTo-BatchTaskJson -RedactSecrets -AsHashtable | ConvertTo-Json -Depth 20
                    $secretTask | ConvertTo-BatchTaskJson -RedactSecrets -Shape AddCollection
                    $secretTask | ConvertTo-BatchTaskJson -RedactSecrets -Shape AddCollection -AsHashtable | ConvertTo-Json -Depth 20
                    $file = Join-Path $TestDrive 'redacted.ndjson'
                    $secretTask | ConvertTo-BatchTaskJson -RedactSecrets -Path $file
                    Get-Content -Raw $file
                }
            }
        ) {
            param($Name, $Expect, $Script)
            $text = Get-AllText $Script
            $text | Should -BeLike $Expect
            $text | Should -Not -BeLike "*$SecretPassword*"
            $text | Should -Not -BeLike "*$SecretSig*"
        }

        It 'the LineText of a bad line shows the line with the password value and the SAS signature masked' {
            $line = "{`"id`":`"a`",`"requiredSlots`":`"bad`",`"commandLine`":`"get $url`",`"containerSettings`":{`"registry`":{`"password`":[`"$SecretPassword`", 1]}}}"
            ConvertFrom-BatchTaskJson -InputObject $line -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].TargetObject.LineText | Should -BeExactly ('{"id":"a","requiredSlots":"bad","commandLine":"get https://acct.blob.core.windows.net/c/f.txt?sv=2022-11-02&sp=r&sig=***","containerSettings":{"registry":{"password":"***"}}}')
        }

        It 'without -RedactSecrets the JSON is exact: every secret as given, and it reads back equal' {
            $json = $secretTask | ConvertTo-BatchTaskJson -Compress
            $json | Should -BeLike "*`"password`":`"$SecretPassword`"*"
            $json | Should -BeLike "*`"commandLine`":`"azcopy copy '$url' .`"*"
            $json | Should -BeLike "*`"name`":`"SAS`",`"value`":`"$url`"*"
            $json | Should -BeLike "*`"coordinationCommandLine`":`"fetch $url`"*"
            ($json | ConvertFrom-BatchTaskJson).ValueEquals($secretTask) | Should -BeTrue
            ($secretTask | ConvertTo-BatchTaskJson -Shape AddCollection) | Should -Be ('{"value":[' + ($secretTask | ConvertTo-BatchTaskJson -Shape Create -Compress) + ']}')
        }
    }
}
