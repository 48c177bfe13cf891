#Requires -Version 5.1
<#
.SYNOPSIS
    Changes the constraints of a task in an Azure Batch job, guarded by its ETag.

.DESCRIPTION
    Reads the task from the Batch service, changes its constraints offline with Update-BatchTask,
    and sends the Update body with Invoke-RestMethod -Method Put and an If-Match header holding the ETag that was read.
    If the task changed in the meantime the service answers 412 (ConditionNotMet); this script
    turns that answer into an error record with the same ErrorId, ConditionNotMet, that
    Update-BatchTask uses when a condition fails offline, so callers handle both alike.

    The service's update replaces the whole constraints object, so the body carries the
    constraints that are not changed too (Update-BatchTask starts from the current ones).

.PARAMETER BatchUrl
    The account endpoint, such as https://myaccount.westeurope.batch.azure.com.

.PARAMETER Headers
    Authentication headers, for example @{ Authorization = "Bearer $token" } with a token for
    https://batch.core.windows.net/.

.OUTPUTS
    An object with the TaskId and the new ETag the service returned (PowerShell 7; on Windows
    PowerShell 5.1 Invoke-RestMethod does not return response headers, so ETag is empty there).

.EXAMPLE
    $token = (Get-AzAccessToken -ResourceUrl 'https://batch.core.windows.net/').Token
    ./examples/Set-RemoteTaskConstraint.ps1 -BatchUrl https://myaccount.westeurope.batch.azure.com `
        -JobId render -TaskId frame-042 -Headers @{ Authorization = "Bearer $token" } -MaxWallClockTime PT6H
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $BatchUrl,
    [Parameter(Mandatory)] [string] $JobId,
    [Parameter(Mandatory)] [string] $TaskId,
    [Parameter(Mandatory)] [hashtable] $Headers,
    [string] $MaxWallClockTime,
    [string] $RetentionTime,
    [int] $MaxTaskRetryCount,
    [string] $ApiVersion = '2024-07-01.20.0'
)

# No script-wide 'Stop': the caller's -ErrorAction decides what the ConditionNotMet record does.
if (-not (Get-Module -Name BatchTask)) {
    Import-Module (Join-Path $PSScriptRoot ../BatchTask.psd1) -ErrorAction Stop
}

$uri = '{0}/jobs/{1}/tasks/{2}?api-version={3}' -f $BatchUrl.TrimEnd('/'),
    [uri]::EscapeDataString($JobId), [uri]::EscapeDataString($TaskId), $ApiVersion

# 1. Read the task as text. (Invoke-RestMethod would parse the JSON itself and turn the
#    7-digit timestamps into DateTime values; ConvertFrom-BatchTaskJson keeps them exact.)
$response = Invoke-WebRequest -Uri $uri -Headers $Headers -UseBasicParsing -ErrorAction Stop
$task = $response.Content | ConvertFrom-BatchTaskJson -ErrorAction Stop

# 2. Change the constraints offline. Only the values given change; the others are carried over.
$change = @{}
foreach ($name in 'MaxWallClockTime', 'RetentionTime', 'MaxTaskRetryCount') {
    if ($PSBoundParameters.ContainsKey($name)) { $change[$name] = $PSBoundParameters[$name] }
}
$body = $task | Update-BatchTask @change -ErrorAction Stop | ConvertTo-BatchTaskJson -Shape Update -Compress

# 3. PUT it only if nobody changed the task since it was read.
$putHeaders = @{} + $Headers
$putHeaders['If-Match'] = $task.ETag
$request = @{
    Method          = 'Put'
    Uri             = $uri
    Body            = $body
    ContentType     = 'application/json; odata=minimalmetadata'
    Headers         = $putHeaders
    UseBasicParsing = $true
}
# Batch ETags are not quoted (0x8D3D62350711C55). PowerShell 7 refuses such an If-Match value
# unless header validation is skipped; Windows PowerShell 5.1 does not check it.
$answerHeaders = @{}
if ($PSVersionTable.PSEdition -eq 'Core') {
    $request.SkipHeaderValidation = $true
    $request.ResponseHeadersVariable = 'answerHeaders'    # PowerShell 7 only
}

try {
    Invoke-RestMethod @request -ErrorAction Stop | Out-Null
}
catch {
    $status = 0
    if ($null -ne $_.Exception.Response) { $status = [int] $_.Exception.Response.StatusCode }
    if ($status -ne 412) { throw }

    # The service's ConditionNotMet, reported with the ErrorId Update-BatchTask uses offline.
    $record = New-Object System.Management.Automation.ErrorRecord (
        (New-Object System.InvalidOperationException ("Task '{0}' was changed after ETag {1} was read; read it again and retry." -f $task.Id, $task.ETag)),
        'ConditionNotMet',
        [System.Management.Automation.ErrorCategory]::InvalidOperation,
        $task)
    $PSCmdlet.WriteError($record)
    return
}

# The service's new ETag (Windows PowerShell 5.1's Invoke-RestMethod does not return headers).
$newETag = $null
if ($answerHeaders.ContainsKey('ETag')) { $newETag = @($answerHeaders['ETag']) -join '' }
[pscustomobject]@{
    TaskId = $task.Id
    ETag   = $newETag
}
