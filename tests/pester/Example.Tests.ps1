#Requires -Version 7.0
# Runs examples/Invoke-ParameterSweep.ps1 against the BUILT module, in a child pwsh (as build.sh
# example does), into a temporary folder; checks what it wrote and what it printed.

BeforeAll {
    # Imports the built module (common.ps1 is shared by every Pester file).
    . $PSScriptRoot/common.ps1

    $script:repoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:sweepScript = Join-Path $repoRoot 'examples/Invoke-ParameterSweep.ps1'
    $script:csvRows = @(Import-Csv -LiteralPath (Join-Path $repoRoot 'examples/sweep.csv'))
    $script:outDir = Join-Path $TestDrive 'sweep-out'

    # The script's default (fake) SAS signatures: they must reach the JSON files and never the screen.
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($sweepScript, [ref] $null, [ref] $null)
    $script:signatures = @($ast.ParamBlock.Parameters |
        Where-Object { $_.Name.VariablePath.UserPath -like '*SasToken' } |
        ForEach-Object { [regex]::Match($_.DefaultValue.Value, 'sig=([^&]+)').Groups[1].Value })

    # $PSHOME holds the pwsh executable even when PowerShell runs as a dotnet tool (where the process is dotnet).
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $command = "Import-Module '{0}'; & '{1}' -OutputPath '{2}'" -f $env:BATCHTASK_MODULE_PATH, $sweepScript, $outDir
    $script:printed = (& $pwsh -NoProfile -NonInteractive -Command $command 2>&1 | Out-String)
    $script:exitCode = $LASTEXITCODE
    # Table headers may carry ANSI colour codes; compare the plain text.
    $script:printed = $printed -replace "`e\[[0-9;]*m", ''

    $script:createForbidden = 'url', 'eTag', 'lastModified', 'creationTime', 'state', 'stateTransitionTime',
        'previousState', 'previousStateTransitionTime', 'executionInfo', 'nodeInfo', 'stats'
}

Describe 'examples/Invoke-ParameterSweep.ps1' {
    It 'finishes without error' {
        $exitCode | Should -Be 0 -Because $printed
        $printed | Should -Not -Match 'Exception|Error:'
    }

    It 'ships a CSV of about a dozen rows' {
        $csvRows.Count | Should -BeGreaterOrEqual 10
        $csvRows.Count | Should -BeLessOrEqual 20
    }

    It 'writes one Create-shape file per CSV row' {
        foreach ($row in $csvRows) {
            Join-Path $outDir "$($row.Id).json" | Should -Exist
        }
    }

    It 'writes Create-shape JSON with no server-owned keys' {
        foreach ($row in $csvRows) {
            $raw = Get-Content -LiteralPath (Join-Path $outDir "$($row.Id).json") -Raw
            $keys = @(($raw | ConvertFrom-Json -AsHashtable).Keys)
            $keys | Should -Contain 'id'
            $keys | Should -Contain 'commandLine'
            foreach ($k in $createForbidden) { $keys | Should -Not -Contain $k }
        }
    }

    It 'writes tasks that read back and pass Test-BatchTask for the Create shape' {
        foreach ($row in $csvRows) {
            $task = ConvertFrom-BatchTaskJson -LiteralPath (Join-Path $outDir "$($row.Id).json")
            $task.Id | Should -Be $row.Id
            $task.ContainerSettings.ImageName | Should -Not -BeNullOrEmpty
            $task.Constraints.MaxTaskRetryCount | Should -Be ([int] $row.Retries)
            $task.RequiredSlots | Should -Be ([int] $row.Slots)
            $task | Test-BatchTask -Shape Create | Should -BeTrue
        }
    }

    It 'keeps the dependencies of the CSV' {
        $report = ConvertFrom-BatchTaskJson -LiteralPath (Join-Path $outDir 'report.json')
        $report.DependsOn.TaskIds | Should -Be @('prep')
        $report.DependsOn.TaskIdRanges[0].Start | Should -Be 101
        $report.DependsOn.TaskIdRanges[0].End | Should -Be 110
        (ConvertFrom-BatchTaskJson -LiteralPath (Join-Path $outDir 'prep.json')).DependsOn | Should -BeNullOrEmpty
    }

    It 'writes an NDJSON file with one task per line' {
        $lines = @(Get-Content -LiteralPath (Join-Path $outDir 'sweep.ndjson') | Where-Object { $_ })
        $lines.Count | Should -Be $csvRows.Count
        @(ConvertFrom-BatchTaskJson -LiteralPath (Join-Path $outDir 'sweep.ndjson')).Id | Should -Be @($csvRows.Id)
    }

    It 'writes an add-collection body of at most 100 tasks' {
        $body = Get-Content -LiteralPath (Join-Path $outDir 'addcollection-0001.json') -Raw | ConvertFrom-Json -AsHashtable
        @($body.Keys) | Should -Be @('value')
        $body.value.Count | Should -Be $csvRows.Count
        $body.value.Count | Should -BeLessOrEqual 100
        foreach ($t in $body.value) {
            foreach ($k in $createForbidden) { @($t.Keys) | Should -Not -Contain $k }
        }
    }

    It 'puts the SAS signatures into the JSON for the service' {
        $signatures.Count | Should -Be 2
        $json = Get-Content -LiteralPath (Join-Path $outDir 'sweep.ndjson') -Raw
        foreach ($s in $signatures) { $json | Should -Match ([regex]::Escape($s)) }
    }

    It 'never prints a SAS signature' {
        $printed | Should -Not -Match '(?i)sig=(?!\*\*\*)'
        foreach ($s in $signatures) {
            $printed | Should -Not -Match ([regex]::Escape($s))
            $printed | Should -Not -Match ([regex]::Escape([uri]::UnescapeDataString($s)))
        }
    }

    It 'prints a summary table with every task id' {
        $printed | Should -Match 'Id\s+Slots\s+Retries'
        foreach ($row in $csvRows) { $printed | Should -Match "(?m)^$([regex]::Escape($row.Id))\s" }
    }
}

Describe 'examples/Invoke-SweepOnStandIn.ps1 (what ./build.sh example runs): the sweep, then the service through the local stand-in' {
    BeforeAll {
        $script:loopScript = Join-Path $repoRoot 'examples/Invoke-SweepOnStandIn.ps1'
        $script:loopOut = Join-Path $TestDrive 'loop-out'
        $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        $command = "Import-Module '{0}'; & '{1}' -OutputPath '{2}'" -f $env:BATCHTASK_MODULE_PATH, $loopScript, $loopOut
        $script:loopPrinted = (& $pwsh -NoProfile -NonInteractive -Command $command 2>&1 | Out-String) -replace "`e\[[0-9;]*m", ''
        $script:loopExit = $LASTEXITCODE
    }

    It 'finishes without error, after the sweep' {
        $loopExit | Should -Be 0 -Because $loopPrinted
        $loopPrinted | Should -Not -Match 'Exception'
        $loopPrinted | Should -Match 'Id\s+Slots\s+Retries'
        $loopPrinted | Should -Match 'Stand-in for the Batch service listening on http://127\.0\.0\.1:\d+/'
    }

    It 'adds every task of the sweep with Add-BatchTask, each recorded in added.ndjson' {
        $loopPrinted | Should -Match ("Add-BatchTask: {0} of {0} tasks added to job 'sweep'" -f $csvRows.Count)
        $lines = @(Get-Content -LiteralPath (Join-Path $loopOut 'added.ndjson') | Where-Object { $_ } | ForEach-Object { $_ | ConvertFrom-Json })
        @($lines.taskId | Sort-Object) | Should -Be @($csvRows.Id | Sort-Object)
        @($lines | Where-Object status -NE 'Success').Count | Should -Be 0
    }

    It 'reads them back with Get-BatchTask, each with an ETag' {
        $loopPrinted | Should -Match ("Get-BatchTask: {0} tasks in job 'sweep'" -f $csvRows.Count)
        foreach ($row in $csvRows) { $loopPrinted | Should -Match "(?m)^$([regex]::Escape($row.Id))\s+active\s+0x[0-9A-F]+\s*$" }
    }

    It 'updates a task with -IfMatch, then is refused the same update with the stale ETag (ConditionNotMet)' {
        $ok = [regex]::Match($loopPrinted, 'Update-BatchTask -IfMatch (0x[0-9A-F]+): task 101 updated \(maxTaskRetryCount 3 -> 5\), new ETag (0x[0-9A-F]+)')
        $ok.Success | Should -BeTrue -Because $loopPrinted
        $read = $ok.Groups[1].Value; $new = $ok.Groups[2].Value
        $new | Should -Not -Be $read
        # The ETag read is the one the table showed for task 101.
        $loopPrinted | Should -Match "(?m)^101\s+active\s+$read\s*$"
        $loopPrinted | Should -Match ("Update-BatchTask -IfMatch {0} again \(stale\): refused, ConditionNotMet: .*412 ConditionNotMet" -f $read)
        # Nothing changed by the refused update: still the first update's value and ETag.
        $loopPrinted | Should -Match ("Task 101 now: maxTaskRetryCount 5, ETag {0} " -f $new)
    }

    It 'prints no SAS signature' {
        $loopPrinted | Should -Not -Match '(?i)sig=(?!\*\*\*)'
        foreach ($s in $signatures) { $loopPrinted | Should -Not -Match ([regex]::Escape($s)) }
    }
}

Describe 'examples/Invoke-ParameterSweep.ps1 with problems in the CSV' {
    BeforeAll {
        # Row 102 gets an id the service refuses; row 101 depends on a task that is not in the sweep.
        $rows = @(Import-Csv -LiteralPath (Join-Path $repoRoot 'examples/sweep.csv'))
        ($rows | Where-Object Id -EQ '102').Id = 'run 102'
        ($rows | Where-Object Id -EQ '101').DependsOn = 'prep;download'
        $csv = Join-Path $TestDrive 'broken.csv'
        $rows | Export-Csv -LiteralPath $csv -NoTypeInformation
        $script:brokenOut = Join-Path $TestDrive 'broken-out'
        $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        $command = "Import-Module '{0}'; & '{1}' -CsvPath '{2}' -OutputPath '{3}'" -f $env:BATCHTASK_MODULE_PATH, $sweepScript, $csv, $brokenOut
        $script:brokenPrinted = (& $pwsh -NoProfile -NonInteractive -Command $command 2>&1 | Out-String) -replace "`e\[[0-9;]*m", ''
        $script:brokenExit = $LASTEXITCODE
    }

    It 'reports every finding with its task, rule and path' {
        $brokenExit | Should -Be 0 -Because $brokenPrinted
        $brokenPrinted | Should -Match 'run 102\s+Error\s+T3\s+\$\.id:'
        $brokenPrinted | Should -Match '101\s+Warning\s+UnknownDependency\s+\$\.dependsOn\.taskIds:'
    }

    It 'writes no file for a task with an error, and keeps it out of the NDJSON and add-collection bodies' {
        Join-Path $brokenOut 'run 102.json' | Should -Not -Exist
        Join-Path $brokenOut '101.json' | Should -Exist
        @(ConvertFrom-BatchTaskJson -LiteralPath (Join-Path $brokenOut 'sweep.ndjson')).Id | Should -Not -Contain 'run 102'
        $body = Get-Content -LiteralPath (Join-Path $brokenOut 'addcollection-0001.json') -Raw | ConvertFrom-Json -AsHashtable
        $body.value.Count | Should -Be ($csvRows.Count - 1)
    }

    It 'still prints no SAS signature' {
        $brokenPrinted | Should -Not -Match '(?i)sig=(?!\*\*\*)'
        foreach ($s in $signatures) { $brokenPrinted | Should -Not -Match ([regex]::Escape($s)) }
    }
}

Describe 'examples/Set-RemoteTaskConstraint.ps1 against a local stand-in for the Batch service' {
    BeforeAll {
        $script:remoteScript = Join-Path $repoRoot 'examples/Set-RemoteTaskConstraint.ps1'

        # A free loopback port, then a tiny HTTP server in its own runspace. It answers GET with a task
        # and its ETag, and PUT with 200 and a new ETag when If-Match holds, 412 ConditionNotMet otherwise.
        $tcp = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $tcp.Start(); $port = $tcp.LocalEndpoint.Port; $tcp.Stop()
        $script:baseUrl = "http://127.0.0.1:$port"
        $script:listener = [System.Net.HttpListener]::new()
        $listener.Prefixes.Add("$baseUrl/")
        $listener.Start()
        $script:state = [hashtable]::Synchronized(@{ ETag = '0x8D3D62350711C55'; ChangeAfterGet = $false; Puts = [System.Collections.ArrayList]::new(); Count = 0 })

        $script:server = [powershell]::Create()
        [void] $server.AddScript({
            param($listener, $state)
            while ($listener.IsListening) {
                try { $ctx = $listener.GetContext() } catch { break }
                $request = $ctx.Request; $response = $ctx.Response
                $state.Count++
                $status = 200; $text = ''
                if ($request.HttpMethod -eq 'GET') {
                    $text = '{"id":"frame-042","url":"' + $request.Url.AbsoluteUri + '","eTag":"' + $state.ETag + '","lastModified":"2026-11-25T10:00:00.1234567Z",' +
                        '"state":"active","commandLine":"render 42","constraints":{"maxWallClockTime":"PT2H","retentionTime":"P1D","maxTaskRetryCount":3}}'
                    $response.AddHeader('ETag', $state.ETag)
                    if ($state.ChangeAfterGet) { $state.ETag = '0x8D3D6235071FFFF' }     # someone else updates the task
                }
                elseif ($request.HttpMethod -eq 'PUT') {
                    $body = [System.IO.StreamReader]::new($request.InputStream).ReadToEnd()
                    if ($request.Headers['If-Match'] -ceq $state.ETag) {
                        [void] $state.Puts.Add(@{ Body = $body; IfMatch = $request.Headers['If-Match']; ContentType = $request.ContentType })
                        $state.ETag = '0x8D3D6235072AAAA'
                        $response.AddHeader('ETag', $state.ETag)
                    }
                    else {
                        $status = 412
                        $text = '{"odata.metadata":"x","code":"ConditionNotMet","message":{"lang":"en-US","value":"The condition specified using HTTP conditional header(s) is not met."}}'
                    }
                }
                $bytes = [System.Text.Encoding]::UTF8.GetBytes($text)
                $response.StatusCode = $status
                $response.ContentType = 'application/json; odata=minimalmetadata'
                $response.ContentLength64 = $bytes.Length
                $response.OutputStream.Write($bytes, 0, $bytes.Length)
                $response.Close()
            }
        }).AddArgument($listener).AddArgument($state)
        $script:serverHandle = $server.BeginInvoke()

        $script:common = @{ BatchUrl = $baseUrl; JobId = 'render'; TaskId = 'frame-042'; Headers = @{ Authorization = 'Bearer not-a-token' } }
    }

    AfterAll {
        $listener.Stop()
        $listener.Close()
        [void] $server.EndInvoke($serverHandle)
        $server.Dispose()
    }

    It 'PUTs the Update body with If-Match and returns the new ETag' {
        $state.ChangeAfterGet = $false
        $state.Puts.Clear()
        $result = & $remoteScript @common -MaxWallClockTime PT6H
        $result.TaskId | Should -Be 'frame-042'
        $result.ETag | Should -Be '0x8D3D6235072AAAA'
        $state.Puts.Count | Should -Be 1
        $state.Puts[0].IfMatch | Should -BeExactly '0x8D3D62350711C55'
        $state.Puts[0].ContentType | Should -Match '^application/json'
        # The whole constraints object, with the values that were not changed carried over.
        $state.Puts[0].Body | Should -BeExactly '{"constraints":{"maxWallClockTime":"PT6H","retentionTime":"P1D","maxTaskRetryCount":3}}'
    }

    It 'turns a 412 answer into the ErrorId ConditionNotMet' {
        $state.ETag = '0x8D3D62350711C55'
        $state.ChangeAfterGet = $true
        $state.Puts.Clear()
        $result = & $remoteScript @common -MaxTaskRetryCount 5 -ErrorAction SilentlyContinue -ErrorVariable failed
        $result | Should -BeNullOrEmpty
        $state.Puts.Count | Should -Be 0
        # -ErrorVariable also collects the HTTP error the script caught; the record it wrote comes last.
        $conditionNotMet = @($failed | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -and $_.FullyQualifiedErrorId -like 'ConditionNotMet,*' })
        $conditionNotMet.Count | Should -Be 1 -Because ($failed | Out-String)
        $failed[-1] | Should -Be $conditionNotMet[0]
        $conditionNotMet[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $conditionNotMet[0].TargetObject.Id | Should -Be 'frame-042'
        $conditionNotMet[0].Exception.Message | Should -Match "Task 'frame-042' was changed after ETag 0x8D3D62350711C55 was read"
    }

    It 'stops with ConditionNotMet when the caller asks for -ErrorAction Stop' {
        $state.ETag = '0x8D3D62350711C55'
        $state.ChangeAfterGet = $true
        { & $remoteScript @common -RetentionTime P2D -ErrorAction Stop } | Should -Throw -ErrorId 'ConditionNotMet*'
    }
}
