#Requires -Version 7.0
# Should -BeValidBatchTask (module/BatchTask.Should.psm1), registered with Pester because Pester is loaded first.

BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:good = New-BatchTask -Id good-1 -CommandLine 'echo ok'
    $script:bad = New-BatchTask -Id 'bad id' -CommandLine 'echo no' -RequiredSlots 0
}

Describe 'Should -BeValidBatchTask' {
    It 'is registered with Pester' {
        (Get-ShouldOperator).Name | Should -Contain 'BeValidBatchTask'
    }

    It 'passes a valid task and fails an invalid one, listing each finding with rule and path' {
        $good | Should -BeValidBatchTask
        $err = { $bad | Should -BeValidBatchTask -Because 'tasks go to production' } | Should -Throw -PassThru
        $message = $err.Exception.Message
        $message | Should -BeLike "Expected because tasks go to production, the task to be a valid Batch task (Full shape), but there are 2 findings:*"
        $message | Should -BeLike "*[[]Error] T3 `$.id: *(task 'bad id')*"
        $message | Should -BeLike "*[[]Error] T8 `$.requiredSlots: *"
    }

    It 'works with -Not' {
        $bad | Should -Not -BeValidBatchTask
        { $good | Should -Not -BeValidBatchTask } | Should -Throw -ExpectedMessage "*not to be a valid Batch task*no finding was reported*"
    }

    It 'takes JSON text, and reports a read error with its line' {
        '{"id":"j1","commandLine":"x"}' | Should -BeValidBatchTask
        { "{`n  `"id`": `"j1`",`n  `"requiredSlots`": `"many`"`n}" | Should -BeValidBatchTask } |
            Should -Throw -ExpectedMessage "*InvalidTaskJson `$.requiredSlots*(JSON text:3)"
    }

    It 'takes file paths and FileInfo objects, naming the file and the line of each finding' {
        $file = Join-Path $TestDrive 'tasks.ndjson'
        Set-Content -LiteralPath $file -Value @(
            '{"id":"a","commandLine":"x"}'
            '{"id":"b","commandLine":"x"}'
            '{"id":"c d","commandLine":"x"}') -Encoding utf8NoBOM
        { $file | Should -BeValidBatchTask } | Should -Throw -ExpectedMessage "*T3 `$.id:*($($file):3, task 'c d')"
        { Get-Item $file | Should -BeValidBatchTask } | Should -Throw -ExpectedMessage "*tasks.ndjson:3, task 'c d')"

        $pretty = Join-Path $TestDrive 'task.json'
        Set-Content -LiteralPath $pretty -Value "{`n  `"id`": `"p1`",`n  `"commandLine`": `"x`",`n  `"outputFiles`": [`n    { `"filePattern`": `"*`" }`n  ]`n}" -Encoding utf8NoBOM
        $err = { $pretty | Should -BeValidBatchTask } | Should -Throw -PassThru
        $err.Exception.Message | Should -BeLike "*Required `$.outputFiles[[]0].destination*task.json:5, task 'p1')*"

        Join-Path $TestGolden 'minimal' | Get-ChildItem -Filter *.json | Where-Object Name -NotLike '*.expected.json' |
            Select-Object -First 3 | Should -BeValidBatchTask
    }

    It 'fails an unreadable or empty file' {
        { Join-Path $TestDrive 'missing.json' | Should -BeValidBatchTask } | Should -Throw -ExpectedMessage '*UnreadableFile*'
        $empty = Join-Path $TestDrive 'empty.json'
        Set-Content -LiteralPath $empty -Value '' -NoNewline
        { $empty | Should -BeValidBatchTask } | Should -Throw -ExpectedMessage '*EmptyFile*The file is empty*'
        $empty | Should -Not -BeValidBatchTask
        { @() | Should -BeValidBatchTask } | Should -Throw -ExpectedMessage '*No task was given*'
        { 42 | Should -BeValidBatchTask } | Should -Throw -ExpectedMessage '*NotATask*'
    }

    It 'checks the Create shape with -Shape and warnings with -Strict' {
        $fromService = ConvertFrom-BatchTaskJson -Path (Join-Path $TestRealWorld 'TaskAdd_Basic.request.json')
        $fromService | Should -BeValidBatchTask -Shape Create
        $withState = '{"id":"s1","commandLine":"x","state":"active"}'
        $withState | Should -BeValidBatchTask
        { $withState | Should -BeValidBatchTask -Shape Create } | Should -Throw -ExpectedMessage '*T12 $.state*'
        $dup = New-BatchTask -Id dup -CommandLine env -EnvironmentSettings @(@{ name = 'A'; value = '1' }, @{ name = 'A'; value = '2' })
        $dup | Should -BeValidBatchTask
        { $dup | Should -BeValidBatchTask -Strict } | Should -Throw -ExpectedMessage '*[[]Warning] DuplicateEnvironmentName*'
    }

    It 'checks every piped task and lists the findings of each' {
        { @($good, $bad, (New-BatchTask -Id 'x.y' -CommandLine c)) | Should -BeValidBatchTask } |
            Should -Throw -ExpectedMessage "*all 3 inputs*(task 'bad id')*(task 'x.y')*"
    }

    It 'never registers nor loads Pester where Pester is not loaded' {
        $ps = [powershell]::Create([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
        try {
            [void] $ps.AddScript("Import-Module '$env:BATCHTASK_MODULE_PATH' -ErrorAction Stop; [bool] (Get-Module Pester); (Get-Module BatchTask).ExportedFunctions.Count")
            $out = $ps.Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
            $ps.Streams.Warning | Should -BeNullOrEmpty
            $out | Should -Be @($false, 0)
        }
        finally {
            $ps.Dispose()
        }
    }
}
