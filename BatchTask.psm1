# The root module: imports the cmdlets' assembly that suits the running PowerShell, and the Pester assertion when
# Pester is loaded. The manifest (BatchTask.psd1) lists the cmdlets it exports.
#
# Only .NET calls and cmdlets of PowerShell's own engine (Microsoft.PowerShell.Core) are used here: a cmdlet such as
# Join-Path or Test-Path would auto-load Microsoft.PowerShell.Management, which took longer than the whole rest of
# the import in a fresh process (issue 16).
#
# bin/BatchTaskPS.Module.dll (with bin/BatchTaskPS.Core.dll) is the portable netstandard2.0 build: Windows PowerShell
# 5.1, and PowerShell 7 on a platform or runtime without an image below. bin/<rid>/ holds the same assemblies compiled
# ahead of time to ReadyToRun images for .NET 10 (PowerShell 7.6) on one platform: a fresh process runs them in
# precompiled code from the first task instead of JIT-compiling them (issue 16). Both builds share bin/service and
# bin/dependencies (ModuleInitializer finds them from either folder).

# Paths are joined as text ('/' works on every platform PowerShell runs on).
$assembly = "$PSScriptRoot/bin/BatchTaskPS.Module.dll"
# The runtime keeps ReadyToRun code only from images of its own major version; older runtimes (PowerShell 7.4 on
# .NET 8, 7.5 on .NET 9) load the portable build, which they would JIT-compile just the same. .NET Framework (Windows
# PowerShell 5.1) reports 4.0 here.
if ([Environment]::Version.Major -ge 10) {
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } elseif ($IsLinux) { 'linux' } else { $null }
    # X64 -> x64, Arm64 -> arm64; any other architecture has no image folder, so the portable build is used.
    $arch = [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
    $image = "$PSScriptRoot/bin/$os-$arch/BatchTaskPS.Module.dll"
    if ($os -and [System.IO.File]::Exists($image)) { $assembly = $image }
}
Import-Module -Name $assembly

# Should -BeValidBatchTask registers itself only with a Pester 5 that is already loaded (BatchTask.Should.psm1); when
# none is, the script is not even parsed. The test is for the command it needs, Pester 5's Add-ShouldOperator, read
# from the function drive: that loads nothing, and costs a fraction of a first Get-Module call (about 20 ms).
if (${function:Add-ShouldOperator}) {
    Import-Module -Name "$PSScriptRoot/module/BatchTask.Should.psm1"
}

# No Export-ModuleMember: the cmdlets imported above are exported as the manifest's CmdletsToExport lists them.
