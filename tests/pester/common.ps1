# Shared set-up for every Pester file: imports the BUILT module (never the source tree) and
# names the test data. Dot-source it in BeforeAll (and in BeforeDiscovery when test cases
# need the data paths).
if (-not $env:BATCHTASK_MODULE_PATH) {
    throw 'BATCHTASK_MODULE_PATH is not set: run the tests with ./build.sh test (tests/pester/Invoke-PesterTests.ps1), which points it at out/BatchTask/<version>/BatchTask.psd1.'
}

if (-not (Get-Module -Name BatchTask)) {
    Import-Module -Name $env:BATCHTASK_MODULE_PATH -ErrorAction Stop
}

# The test data lives in the repository (tests/data: golden cases, real-world bodies, reference
# facts, recorded exchanges; see tests/data/README.md). Nothing outside the clone is read.
$TestData = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot ../data))
$TestGolden = Join-Path $TestData golden
$TestRealWorld = Join-Path $TestData realworld

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

# Every ErrorId the module's cmdlets write (FullyQualifiedErrorId = "<ErrorId>,BatchTaskPS.Commands.<Verb><Noun>Command").
$ModuleErrorIds = @(
    'InvalidTaskProperty', 'ConflictingUserIdentity', 'InvalidTaskInput', 'TaskFileWriteFailed', 'InvalidTaskJson',
    'TaskFileNotFound', 'TaskFileReadFailed', 'TaskFileLockTimeout', 'TaskFileReadOnly', 'ConditionNotMet', 'NothingToUpdate', 'EmptyCondition', 'MultipleConditionHeadersNotSupported',
    'DefinitionChangeNotAllowed', 'TaskTooLargeForCollection', 'DuplicateTaskIdInCollection', 'MissingTaskId',
    'AddCollectionNeedsRestKeys', 'AddCollectionNotWithAsArray', 'OutDirectoryNeedsAddCollection', 'PathAndOutDirectoryConflict', 'OutputFileExists', 'OutDirectoryNotEmpty',
    'SeverityNeedsDetailed',
    'InvalidBatchContext', 'TaskValidationFailed', 'ResultPathFailed', 'JobIdNotKnown', 'ETagNotKnown',
    # The service cmdlets' errors of the service itself carry the service's code (those the tests meet).
    'TaskExists', 'TaskNotFound', 'InvalidPropertyValue', 'RequestBodyTooLarge', 'ServiceUnreachable', 'ServerBusy', 'OperationTimedOut',
    'InvalidSweepId', 'InvalidSweepAxis', 'InvalidSweepValue')
$ModuleErrorIdPattern = '^(' + ($ModuleErrorIds -join '|') + '),BatchTaskPS\.Commands\.[A-Za-z]+Command$'

function Get-JsonValueEnd([string] $Text, [int] $Start) {
    # Index just after the JSON value starting at $Start (strings, objects and arrays nest; scalars end at , } ]).
    $depth = 0; $inString = $false
    for ($i = $Start; $i -lt $Text.Length; $i++) {
        $c = $Text[$i]
        if ($inString) {
            if ($c -eq '\') { $i++ } elseif ($c -eq '"') { $inString = $false; if ($depth -eq 0) { return $i + 1 } }
            continue
        }
        switch ($c) {
            '"' { $inString = $true }
            { $_ -eq '{' -or $_ -eq '[' } { $depth++ }
            { $_ -eq '}' -or $_ -eq ']' } { if ($depth -eq 0) { return $i }; $depth--; if ($depth -eq 0) { return $i + 1 } }
            ',' { if ($depth -eq 0) { return $i } }
        }
    }
    $Text.Length
}

function Get-FaultyInput {
    <#
    .SYNOPSIS
        Deterministic bad inputs made from the golden files: each is @{ Kind; Name; Bytes }.
        Kinds: Truncated, ByteFlip, InvalidUtf8, DeepNesting, HugeNumber, WrongType, GoldenInvalid.
    #>
    $random = [System.Random]::new(20261125)
    $utf8 = [System.Text.UTF8Encoding]::new($false)
    $bases = @(foreach ($folder in 'minimal', 'typical', 'full', 'edge') {
            Get-ChildItem -LiteralPath (Join-Path $TestGolden $folder) -Filter *.json | Where-Object Name -NotLike '*.expected.json' |
                Sort-Object Name | Select-Object -First 6
        })

    function Splice([byte[]] $Bytes, [int] $At, [byte[]] $Insert, [int] $Remove = 0) {
        [byte[]] ($Bytes[0..($At - 1)] + $Insert + $(if ($At + $Remove -lt $Bytes.Length) { $Bytes[($At + $Remove)..($Bytes.Length - 1)] }))
    }

    foreach ($file in $bases) {
        [byte[]] $bytes = [System.IO.File]::ReadAllBytes($file.FullName)
        $text = $utf8.GetString($bytes)
        $n = $file.Name

        foreach ($cut in 1, [int]($bytes.Length / 3), [int]($bytes.Length / 2), ($bytes.Length - 2)) {
            @{ Kind = 'Truncated'; Name = "$n cut at $cut"; Bytes = [byte[]] $bytes[0..($cut - 1)] }
        }

        for ($k = 0; $k -lt 4; $k++) {
            $copy = [byte[]] $bytes.Clone()
            $at = $random.Next($copy.Length)
            $copy[$at] = $copy[$at] -bxor [byte] (1 + $random.Next(255))
            @{ Kind = 'ByteFlip'; Name = "$n byte $at flipped"; Bytes = $copy }
        }

        # Inside the first string value: a lone 0xFF, a broken two-byte sequence, an encoded surrogate, an overlong '/'.
        $at = $text.IndexOf('":"') + 3
        $at = $utf8.GetByteCount($text.Substring(0, $at))
        foreach ($bad in @(@(0xFF), @(0xC3, 0x28), @(0xED, 0xA0, 0x80), @(0xC0, 0xAF), @(0x80))) {
            @{ Kind = 'InvalidUtf8'; Name = "$n with bytes $($bad -join ' ') at $at"; Bytes = (Splice $bytes $at ([byte[]] $bad)) }
        }

        # The first number, made huge, fractional, negative or not a number.
        $m = [regex]::Match($text, '(?<=:)-?\d+(\.\d+)?(?=[,}\]])')
        if ($m.Success) {
            foreach ($big in '1e400', '99999999999999999999999999999', '-99999999999999999999999999999', '2147483648', '1.5', '-0', 'NaN', '1e-400') {
                @{ Kind = 'HugeNumber'; Name = "$n number $($m.Value) -> $big"; Bytes = $utf8.GetBytes($text.Remove($m.Index, $m.Length).Insert($m.Index, $big)) }
            }
        }

        # Every top-level value in turn given a value of the wrong type.
        $keys = @([regex]::Matches($text, '(?<=^\{|,)"([A-Za-z]+)":') | Select-Object -First 12)
        $wrong = '42', '"text"', 'true', 'null', '[1,{}]', '{"x":[]}', '-1e308', '""'
        for ($k = 0; $k -lt $keys.Count; $k++) {
            $key = $keys[$k].Groups[1].Value
            $w = $wrong[$k % $wrong.Count]
            $pattern = '"' + $key + '":'
            $start = $text.IndexOf($pattern) + $pattern.Length
            $end = Get-JsonValueEnd $text $start
            @{ Kind = 'WrongType'; Name = "$n $key -> $w"; Bytes = $utf8.GetBytes($text.Substring(0, $start) + $w + $text.Substring($end)) }
        }
    }

    # Nesting far deeper than any limit, in the places a task has nested objects and free-form values.
    foreach ($depth in 65, 1001, 100000) {
        $open = '[' * $depth; $close = ']' * $depth
        @{ Kind = 'DeepNesting'; Name = "array $depth deep in exitConditions"; Bytes = $utf8.GetBytes('{"id":"d","commandLine":"c","exitConditions":' + $open + $close + '}') }
        @{ Kind = 'DeepNesting'; Name = "array $depth deep as an unknown property"; Bytes = $utf8.GetBytes('{"id":"d","commandLine":"c","future":' + $open + $close + '}') }
        @{ Kind = 'DeepNesting'; Name = "array $depth deep as the document"; Bytes = $utf8.GetBytes($open + $close) }
        @{ Kind = 'DeepNesting'; Name = "objects $depth deep, unclosed"; Bytes = $utf8.GetBytes('{"id":"d","x":' + ('{"a":' * $depth)) }
    }

    # The golden invalid inputs as they are.
    Get-ChildItem -LiteralPath (Join-Path $TestGolden invalid) -Filter *.json | Where-Object Name -NotLike '*.expected.json' |
        Sort-Object Name | Select-Object -First 40 | ForEach-Object {
            @{ Kind = 'GoldenInvalid'; Name = $_.Name; Bytes = [System.IO.File]::ReadAllBytes($_.FullName) }
        }
}

function Start-StandIn {
    <#
    .SYNOPSIS
        Starts the stand-in for the Batch service (tests/standin, built by build.sh) as a child process on
        127.0.0.1 and a free port; returns @{ Process; Url }. Stop it with Stop-StandIn.
    #>
    param([switch] $NoBodies)
    $dll = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../standin/bin/Release/net10.0/BatchTaskPS.StandIn.dll'))
    if (-not (Test-Path -LiteralPath $dll)) { throw "The stand-in is not built ($dll): run ./build.sh build." }
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $psi.ArgumentList.Add($dll)
    if ($NoBodies) { $psi.ArgumentList.Add('--no-bodies') }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardInput = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $line = $process.StandardOutput.ReadLine()
    if ($line -notmatch '^BATCH_STANDIN_URL=(.+)$') { $process.Kill(); throw "The stand-in did not start: $line" }
    @{ Process = $process; Url = $Matches[1] }
}

function Stop-StandIn {
    param($StandIn)
    if ($null -eq $StandIn) { return }
    $StandIn.Process.StandardInput.Close()
    if (-not $StandIn.Process.WaitForExit(10000)) { $StandIn.Process.Kill() }
    $StandIn.Process.Dispose()
}

function Get-StandInStats {
    param($StandIn)
    Invoke-RestMethod -Uri ($StandIn.Url + '_standin/stats')
}
