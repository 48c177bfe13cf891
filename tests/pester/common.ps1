# Shared set-up for every Pester file: imports the BUILT module (never the source tree) and
# names the shared test data. Dot-source it in BeforeAll (and in BeforeDiscovery when test cases
# need the data paths).
if (-not $env:BATCHTASK_MODULE_PATH) {
    throw 'BATCHTASK_MODULE_PATH is not set: run the tests with ./build.sh test (tests/pester/Invoke-PesterTests.ps1), which points it at out/BatchTask/<version>/BatchTask.psd1.'
}

if (-not (Get-Module -Name BatchTask)) {
    Import-Module -Name $env:BATCHTASK_MODULE_PATH -ErrorAction Stop
}

# The repository is cloned next to shared/ (…/shared/golden, …/shared/realworld).
$SharedGolden = Join-Path $PSScriptRoot ../../../shared/golden
$SharedRealWorld = Join-Path $PSScriptRoot ../../../shared/realworld

# Secrets used by the secrets tests: none of them may ever appear in any output.
$SecretPassword = 'Pa55-w0rd-DO-NOT-SHOW'
$SecretSig = 'SIGvalueDoNotShow0123456789'

function New-TestCredential {
    param([string] $UserName = 'registryuser', [string] $Password = $SecretPassword)
    [pscredential]::new($UserName, (ConvertTo-SecureString -String $Password -AsPlainText -Force))
}

function Get-CoreJson {
    # What the core itself writes for every task of a file, read in this process (no cmdlets involved).
    param([Parameter(Mandatory)] [string] $Path)
    $reader = [BatchTaskPS.Serialization.BatchTaskReader]::new()
    $writer = [BatchTaskPS.Serialization.BatchTaskWriter]::new()
    $sequence = $reader.OpenSequence([System.IO.File]::ReadAllText($Path))
    try {
        foreach ($result in $sequence) {
            if ($null -ne $result.Task) { $writer.Write($result.Task) } else { "error at record $($result.RecordNumber)" }
        }
    }
    finally {
        $sequence.Dispose()
    }
}
