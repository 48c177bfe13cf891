<#
.SYNOPSIS
    Writes the generated parameter files of New-BatchTask and Update-BatchTask
    (src/BatchTaskPS.Module/Commands/*.Fields.g.cs) from their one declaration, the table and rules in
    src/BatchTaskPS.Module/Commands/Support/TaskFieldParameters.cs, as the built module renders them.
.DESCRIPTION
    Run by ./build.sh generate (which builds the module first and again when a file changed). With -Check nothing
    is written: one object per generated file tells whether the checked-in file is what the table renders
    (tests/pester/TaskFieldParameters.Tests.ps1 uses that as the drift check). Line ends are compared as "\n".
#>
[CmdletBinding()]
param(
    # The built module's manifest (out/BatchTask/<version>/BatchTask.psd1); without it, the BatchTask module
    # already imported in the session.
    [string] $ModulePath,
    # Compare only; write nothing.
    [switch] $Check
)
$ErrorActionPreference = 'Stop'
if ($ModulePath) { Import-Module (Resolve-Path -LiteralPath $ModulePath).Path }
$assembly = (Get-Command New-BatchTask).ImplementingType.Assembly
$table = $assembly.GetType('BatchTaskPS.Commands.Support.TaskFieldParameters', $true)
$render = $table.GetMethod('Render', [System.Reflection.BindingFlags]'Static, NonPublic', $null, [type[]]@(), $null)
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
foreach ($file in $render.Invoke($null, @())) {
    $path = Join-Path $root $file.Key
    $current = if (Test-Path -LiteralPath $path) { [System.IO.File]::ReadAllText($path) -replace "`r`n", "`n" }
    $same = $current -ceq $file.Value
    if ($Check) {
        [pscustomobject]@{ File = $file.Key; Same = $same; Current = $current; Rendered = $file.Value }
    }
    elseif (-not $same) {
        [System.IO.File]::WriteAllText($path, $file.Value, [System.Text.UTF8Encoding]::new($false))
        "wrote $($file.Key)"
    }
}
