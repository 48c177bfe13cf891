#Requires -Version 7.0
# The module's private AssemblyLoadContext (src/BatchTaskPS.Module/ServiceLoadContext.cs) proven in a fresh child
# pwsh: an OLDER Azure.Core (and its System.ClientModel) is loaded and used first, as Az.Accounts would; then the
# module is imported and adds and reads tasks through the stand-in. The session's Azure.Core stays the old one, and the
# module's (the version Directory.Packages.props pins) sits beside it in a context of its own.
# The older packages are restored by ./build.sh setup from tests/pester/azure-core-older.proj into .tools/nuget.

BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

    # The versions: the older ones from the restore project, the module's from the central package versions.
    [xml] $olderProj = Get-Content -LiteralPath (Join-Path $PSScriptRoot 'azure-core-older.proj') -Raw
    $script:olderVersion = $olderProj.Project.PropertyGroup.OlderAzureCoreVersion
    $olderModelVersion = $olderProj.Project.PropertyGroup.OlderSystemClientModelVersion
    [xml] $packages = Get-Content -LiteralPath (Join-Path $repoRoot 'Directory.Packages.props') -Raw
    $script:moduleVersion = @($packages.Project.ItemGroup.PackageVersion | Where-Object Include -EQ 'Azure.Core')[0].Version

    $nuget = Join-Path $repoRoot '.tools/nuget'
    $script:olderCore = Join-Path $nuget "azure.core/$olderVersion/lib/net6.0/Azure.Core.dll"
    $olderModel = Join-Path $nuget "system.clientmodel/$olderModelVersion/lib/net6.0/System.ClientModel.dll"
    foreach ($f in $olderCore, $olderModel) {
        if (-not (Test-Path -LiteralPath $f)) { throw "$f is missing: run ./build.sh setup (it restores tests/pester/azure-core-older.proj)." }
    }

    $script:standIn = Start-StandIn
    $child = Join-Path $TestDrive 'child.ps1'
    Set-Content -LiteralPath $child -Value @'
param($ModulePath, $Url, $OlderCore, $OlderModel)
$ErrorActionPreference = 'Stop'
# The session loads and uses the older Azure.Core first (a pipeline with an ETag-conditioned request).
[void] [System.Reflection.Assembly]::LoadFrom($OlderModel)
$older = [System.Reflection.Assembly]::LoadFrom($OlderCore)
$options = [Azure.RequestConditions]::new()
$options.IfMatch = [Azure.ETag]::new('0x8D3D62350711C55')
$before = $options.IfMatch.ToString()

Import-Module $ModulePath
$key = [pscredential]::new('standin', (ConvertTo-SecureString 'U2VjcmV0S2V5RG9Ob3RTaG93' -AsPlainText -Force))
$context = New-BatchContext -Endpoint $Url -SharedKeyCredential $key
$added = @(1..150 | ForEach-Object { New-BatchTask -Id "alc$_" -CommandLine "echo $_" } | Add-BatchTask -BatchContext $context -JobId alc)
$got = @(Get-BatchTask -BatchContext $context -JobId alc)
$one = Get-BatchTask -BatchContext $context -JobId alc -Id alc7

# And the session's Azure.Core still works after the module used its own.
$after = [Azure.ETag]::new('0x8D3D6235072AAAA').ToString()
$default = [System.Runtime.Loader.AssemblyLoadContext]::Default
$service = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'BatchTaskPS.Service' })[0]
$ours = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Azure.Core' -and -not [object]::ReferenceEquals($_, $older) })[0]
[pscustomobject]@{
    Added            = @($added | Where-Object Status -EQ 'Success').Count
    Got              = $got.Count
    OneCommandLine   = $one.CommandLine
    OneETag          = $one.ETag
    Before           = $before
    After            = $after
    SessionAzureCore = [Azure.ETag].Assembly.GetName().Version.ToString()
    SessionIsOlder   = [object]::ReferenceEquals([Azure.ETag].Assembly, $older)
    AzureCores       = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Azure.Core' } | ForEach-Object {
            [pscustomobject]@{
                Version   = $_.GetName().Version.ToString()
                Location  = $_.Location
                IsDefault = [object]::ReferenceEquals([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_), $default)
            } })
    # The service client (BatchTaskPS.Service) lives in the context of the module's Azure.Core.
    ServiceInDefault = [object]::ReferenceEquals([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($service), $default)
    ServiceCoreSame  = [object]::ReferenceEquals([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($service),
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($ours))
} | ConvertTo-Json -Depth 4 -Compress
'@
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $output = & $pwsh -NoProfile -NonInteractive -File $child $env:BATCHTASK_MODULE_PATH $standIn.Url $olderCore $olderModel 2>&1 | Out-String
    $script:exitCode = $LASTEXITCODE
    $script:printed = $output
    $script:report = ($output -split "`n" | Where-Object { $_ -like '{*' } | Select-Object -Last 1) | ConvertFrom-Json
    $script:moduleBase = Split-Path -Parent $env:BATCHTASK_MODULE_PATH
}

AfterAll {
    Stop-StandIn $standIn
}

Describe 'the module beside an older Azure.Core loaded first' {
    It 'runs in a session that already uses an older Azure.Core' {
        $exitCode | Should -Be 0 -Because $printed
        $report | Should -Not -BeNullOrEmpty -Because $printed
        $olderVersion | Should -Not -Be $moduleVersion
        [version] $olderVersion | Should -BeLessThan ([version] $moduleVersion)
    }

    It 'adds and reads tasks through the stand-in' {
        $report.Added | Should -Be 150
        $report.Got | Should -Be 150
        $report.OneCommandLine | Should -Be 'echo 7'
        $report.OneETag | Should -Match '^0x[0-9A-F]+$'
        (Invoke-RestMethod ($standIn.Url + '_standin/tasks?job=alc')).Count | Should -Be 150
    }

    It "leaves the session's Azure.Core the older one, still working" {
        $report.SessionAzureCore | Should -Be "$olderVersion.0"
        $report.SessionIsOlder | Should -BeTrue
        $report.Before | Should -Be '0x8D3D62350711C55'
        $report.After | Should -Be '0x8D3D6235072AAAA'
    }

    It 'has its own, newer Azure.Core in a context of its own' {
        $report.AzureCores.Count | Should -Be 2
        $older = @($report.AzureCores | Where-Object Version -EQ "$olderVersion.0")
        $ours = @($report.AzureCores | Where-Object Version -EQ "$moduleVersion.0")
        $older.Count | Should -Be 1
        $ours.Count | Should -Be 1
        $older[0].IsDefault | Should -BeTrue
        $older[0].Location | Should -Be $olderCore
        $ours[0].IsDefault | Should -BeFalse
        $ours[0].Location | Should -Be (Join-Path $moduleBase 'bin/service/Azure.Core.dll')
        # The service client lives in that same context (it is the one that uses our Azure.Core).
        $report.ServiceInDefault | Should -BeFalse
        $report.ServiceCoreSame | Should -BeTrue
    }
}
