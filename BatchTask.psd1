@{
    # The cmdlets' assembly (the portable netstandard2.0 build, for every PowerShell). Its module initializer loads the
    # core's ReadyToRun image for the platform from bin/<rid>/ on PowerShell 7.6 (.NET 10), else the portable core
    # beside it is used; it also imports the Pester assertion (module/BatchTask.Should.psm1) when Pester is loaded. No
    # root script: importing a script module and, from it, the assembly took twice as long (issue 16).
    RootModule             = 'bin/BatchTaskPS.Module.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '6f3b0c1e-4a57-4c2e-9d1b-7a8e2f5c9b41'
    Author                 = 'BatchTaskPS contributors'
    CompanyName            = 'BatchTaskPS'
    Copyright              = '(c) BatchTaskPS contributors. All rights reserved.'
    Description            = 'Build, validate, convert and conditionally update Azure Batch tasks (CloudTask REST JSON) offline, and add, read and update them on the Batch service.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    CompatiblePSEditions   = @('Desktop', 'Core')
    FormatsToProcess       = @('module/BatchTask.format.ps1xml')
    TypesToProcess         = @('module/BatchTask.types.ps1xml')
    CmdletsToExport        = @(
        'New-BatchTask'
        'ConvertTo-BatchTaskJson'
        'ConvertFrom-BatchTaskJson'
        'Test-BatchTask'
        'Update-BatchTask'
        'New-BatchContext'
        'Add-BatchTask'
        'Get-BatchTask'
        'Export-BatchTaskSchema'
        'Compare-BatchTask'
        'New-BatchTaskSweep'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags = @('Azure', 'Batch', 'CloudTask', 'JSON', 'PSEdition_Desktop', 'PSEdition_Core')
        }
    }
}
