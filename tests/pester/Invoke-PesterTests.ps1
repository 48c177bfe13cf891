#Requires -Version 7.0
<#
.SYNOPSIS
    Runs every Pester test against the built module, in this (fresh) PowerShell process.
.DESCRIPTION
    build.sh starts this script in a new pwsh so that the module's dll is loaded from the built
    folder, never from the source tree. It writes "<passed> <failed>" to CountsPath.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $CountsPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
$env:BATCHTASK_MODULE_PATH = (Resolve-Path $ModulePath).Path

$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$result = Invoke-Pester -Configuration $config

# Skipped or not-run tests are not passes.
$failed = $result.FailedCount + $result.SkippedCount + $result.NotRunCount + $result.FailedBlocksCount + $result.FailedContainersCount
Set-Content -LiteralPath $CountsPath -Value ("{0} {1}" -f $result.PassedCount, $failed) -Encoding utf8NoBOM
