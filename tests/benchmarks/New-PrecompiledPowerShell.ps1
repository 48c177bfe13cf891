#Requires -Version 7.0
<#
.SYNOPSIS
    Makes a copy of this PowerShell whose own assemblies are ReadyToRun images, as in the official
    PowerShell packages, so that Measure-Startup.ps1 can time the module on that kind of PowerShell.
.DESCRIPTION
    The PowerShell this repository installs for its tests is the .NET global tool (`dotnet tool
    install PowerShell`): a platform-neutral build whose assemblies (System.Management.Automation.dll,
    the console host, the built-in cmdlets) are IL only, so a fresh process JIT-compiles every
    PowerShell method it runs, Import-Module's own code included. PowerShell's platform-specific
    packages (MSI, deb, rpm, the per-platform tar.gz and zip archives) are published with ReadyToRun
    (https://github.com/PowerShell/PowerShell/pull/12361, https://github.com/PowerShell/PowerShell/pull/16297);
    the framework-dependent archive is not (https://github.com/PowerShell/PowerShell/issues/14121).

    This script copies $PSHOME to -Destination and compiles every IL assembly at the top of the copy
    with crossgen2, one image per assembly for this platform (what PublishReadyToRun does, not a
    composite image). It is an emulation for benchmarks, not one of those packages: same IL, compiled
    here. Start it as `dotnet <Destination>/pwsh.dll`, or pass -PowerShellPath <Destination>/pwsh.dll
    to Measure-Startup.ps1.

    crossgen2 comes from the NuGet cache: the package Microsoft.NETCore.App.Crossgen2.<this RID>,
    which `./build.sh build` restores when it compiles the core's images. The framework this process
    runs on is the reference set (an image is used only by a runtime of the same major version).
    Assemblies that are images already, or that crossgen2 refuses, are copied unchanged (counted).
.PARAMETER Destination
    The folder to create (replaced if it exists). Default: out/pwsh-precompiled in the repository.
.EXAMPLE
    ./tests/benchmarks/New-PrecompiledPowerShell.ps1
    dotnet out/pwsh-precompiled/pwsh.dll -NoProfile -File tests/benchmarks/Measure-Startup.ps1 -ModulePath out/BatchTask/0.1.0/BatchTask.psd1
#>
[CmdletBinding()]
param(
    [string] $Destination
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../..')).ProviderPath
if (-not $Destination) { $Destination = Join-Path $root 'out/pwsh-precompiled' }
$Destination = [System.IO.Path]::GetFullPath($Destination)

function Test-Image([string] $Path) {
    # $true: a ReadyToRun image; $false: IL only; $null: not a managed assembly.
    $stream = [System.IO.File]::OpenRead($Path)
    try {
        $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
        try {
            $cor = $pe.PEHeaders.CorHeader
            if ($null -eq $cor) { return $null }
            return $cor.ManagedNativeHeaderDirectory.Size -gt 0
        } finally { $pe.Dispose() }
    } catch [System.BadImageFormatException] {
        return $null
    } finally { $stream.Dispose() }
}

$runtime = [System.Runtime.InteropServices.RuntimeInformation]
$os = if ($IsWindows) { 'windows' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
$arch = $runtime::ProcessArchitecture.ToString().ToLowerInvariant()
$rid = "{0}-{1}" -f ($os -replace '^windows$', 'win'), $arch

# crossgen2 of the running runtime's major version, the newest one in the NuGet cache.
$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
$major = [Environment]::Version.Major
$crossgenRoot = Join-Path $packages "microsoft.netcore.app.crossgen2.$rid"
$crossgen = Get-ChildItem -LiteralPath $crossgenRoot -Directory -ErrorAction SilentlyContinue |
    Where-Object { $_.Name -like "$major.*" } |
    Sort-Object { [version]($_.Name -replace '-.*$', '') } -Descending |
    ForEach-Object { Join-Path $_.FullName ('tools/crossgen2' + $(if ($IsWindows) { '.exe' } else { '' })) } |
    Where-Object { Test-Path -LiteralPath $_ } |
    Select-Object -First 1
if (-not $crossgen) {
    throw "crossgen2 for .NET $major ($rid) is not in $packages; run ./build.sh build first (it restores Microsoft.NETCore.App.Crossgen2.$rid)."
}

$source = $PSHOME
$framework = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
if (Test-Path -LiteralPath $Destination) { Remove-Item -LiteralPath $Destination -Recurse -Force }
Copy-Item -LiteralPath $source -Destination $Destination -Recurse

$compiled = 0; $already = 0; $refused = @()
$scratch = Join-Path ([System.IO.Path]::GetTempPath()) ("batchtaskps-crossgen-" + $PID)
New-Item -ItemType Directory -Path $scratch -Force | Out-Null
try {
    foreach ($dll in Get-ChildItem -LiteralPath $source -Filter '*.dll' -File) {
        $kind = Test-Image $dll.FullName
        if ($null -eq $kind) { continue }
        if ($kind) { $already++; continue }
        $target = Join-Path $Destination $dll.Name
        $log = Join-Path $scratch "$($dll.Name).log"
        # A response file: the reference patterns reach crossgen2 as written, not expanded by a shell.
        $rsp = Join-Path $scratch "$($dll.Name).rsp"
        Set-Content -LiteralPath $rsp -Encoding utf8NoBOM -Value @(
            $dll.FullName, '-o', $target, '-r', (Join-Path $framework '*.dll'), '-r', (Join-Path $source '*.dll'),
            '--targetos', $os, '--targetarch', $arch, '-O')
        & $crossgen "@$rsp" *> $log
        if ($LASTEXITCODE -eq 0 -and (Test-Image $target)) {
            $compiled++
        } else {
            Copy-Item -LiteralPath $dll.FullName -Destination $target -Force
            $refused += $dll.Name
            Write-Verbose (Get-Content -LiteralPath $log -Raw)
        }
    }
} finally {
    Remove-Item -LiteralPath $scratch -Recurse -Force -ErrorAction SilentlyContinue
}

Write-Host ("{0}: {1} assemblies compiled with {2}, {3} were images already, {4} kept as IL{5}" -f $Destination, $compiled, $crossgen, $already, $refused.Count, $(if ($refused) { ' (' + ($refused -join ', ') + ')' } else { '' }))
if ((Test-Image (Join-Path $Destination 'System.Management.Automation.dll')) -ne $true) {
    throw 'System.Management.Automation.dll was not compiled: the copy would measure the same as this PowerShell.'
}
