#Requires -Version 7.0
# New-BatchTaskSweep: the core's TaskTemplate and TaskSweep (TaskSweepTests check the rules in depth).

BeforeAll {
    . $PSScriptRoot/common.ps1
    $script:template = New-BatchTask -Id 'render-{frame:D4}-{quality}' -DisplayName 'Frame {frame}' `
        -CommandLine '/bin/sh -c "render.sh --frame {frame} --quality {quality} --out $AZ_BATCH_TASK_WORKING_DIR"' `
        -EnvironmentSettings @{ FRAME = '{frame:D4}' } `
        -ResourceFiles @{ httpUrl = "https://s.blob.core.windows.net/in/scene-{frame:D4}.blend?sv=1&sig=$SecretSig"; filePath = 'scene-{frame:D4}.blend' } `
        -OutputFiles @{ filePattern = 'out/*.png'; destination = @{ container = @{ containerUrl = 'https://s.blob.core.windows.net/out'; path = '{quality}/{frame:D4}' } }; uploadOptions = @{ uploadCondition = 'tasksuccess' } }
}

Describe 'New-BatchTaskSweep' {
    It 'makes one task per point of the axes, the last axis fastest' {
        $tasks = @(New-BatchTaskSweep $template -Sweep ([ordered]@{ frame = '1..5:2'; quality = 'low', 'high' }))
        $tasks.Id | Should -Be @('render-0001-low', 'render-0001-high', 'render-0003-low', 'render-0003-high', 'render-0005-low', 'render-0005-high')
        $t = $tasks[3]
        $t.DisplayName | Should -Be 'Frame 3'
        $t.CommandLine | Should -Be '/bin/sh -c "render.sh --frame 3 --quality high --out $AZ_BATCH_TASK_WORKING_DIR"'
        $t.EnvironmentSettings[0].Value | Should -Be '0003'
        $t.ResourceFiles[0].FilePath | Should -Be 'scene-0003.blend'
        $t.OutputFiles[0].Destination.Container.Path | Should -Be 'high/0003'
        $tasks | Test-BatchTask -Shape Create | Should -Not -Contain $false
        $template.Id | Should -Be 'render-{frame:D4}-{quality}'    # the template is not changed
    }

    It 'takes ranges as @{ From; To; Step } and as PowerShell arrays' {
        @(New-BatchTaskSweep $template -Sweep ([ordered]@{ frame = @{ From = 10; To = 1; Step = -3 }; quality = 'q' })).Id |
            Should -Be @('render-0010-q', 'render-0007-q', 'render-0004-q', 'render-0001-q')
        @(New-BatchTaskSweep $template -Sweep ([ordered]@{ frame = 1..3; quality = 'q' })).Count | Should -Be 3
    }

    It 'checks every id before making anything: <Name>' -ForEach @(
        @{ Name = 'a character the service refuses'; Sweep = [ordered]@{ frame = '1..3'; quality = 'low', 'very high' }; Rule = 'T3' }
        @{ Name = 'an id that repeats'; Sweep = [ordered]@{ frame = '1..3'; quality = 'low', 'LOW' }; Rule = 'T4' }
        @{ Name = 'an id that is too long'; Sweep = [ordered]@{ frame = '1..2'; quality = 'q' * 60 }; Rule = 'T2' }
    ) {
        $made = [System.Collections.Generic.List[object]]::new()
        $err = { New-BatchTaskSweep $template -Sweep $Sweep -ErrorAction Stop | ForEach-Object { $made.Add($_) } } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'InvalidSweepId,BatchTaskPS.Commands.NewBatchTaskSweepCommand'
        $err.TargetObject.Rule | Should -Be $Rule
        $err.TargetObject.Path | Should -Be '$.id'
        $made.Count | Should -Be 0
    }

    It 'makes N copies with -Repeat, numbered with {index} or {number}' {
        $t = New-BatchTask -Id 'mc-{number:D2}' -CommandLine 'simulate --seed {index}'
        $tasks = @(New-BatchTaskSweep $t -Repeat 3)
        $tasks.Id | Should -Be @('mc-01', 'mc-02', 'mc-03')
        $tasks.CommandLine | Should -Be @('simulate --seed 0', 'simulate --seed 1', 'simulate --seed 2')
    }

    It 'makes one task per pipeline input, from its properties, and sets scalars with -Set' {
        $rows = @(
            [pscustomobject]@{ Name = 'a'; Slots = '2'; Wall = 'PT1H'; After = 'prep' }
            [pscustomobject]@{ Name = 'b'; Slots = '4'; Wall = 'P1DT2H'; After = 'prep;download' }
        )
        $t = New-BatchTask -Id 'job-{Name}' -CommandLine 'run {Name} {number}' -DependsOnTaskId '{After}'
        $tasks = @($rows | New-BatchTaskSweep $t -Set @{ RequiredSlots = '{Slots}'; MaxWallClockTime = '{Wall}' })
        $tasks.Id | Should -Be @('job-a', 'job-b')
        $tasks.CommandLine | Should -Be @('run a 1', 'run b 2')
        $tasks.RequiredSlots | Should -Be @(2, 4)
        $tasks[1].Constraints.MaxWallClockTime | Should -Be ([timespan]::FromHours(26))
        $tasks[1].DependsOn.TaskIds | Should -Be @('prep', 'download')
        @(@{ Name = 'c' } | New-BatchTaskSweep (New-BatchTask -Id 'h-{name}' -CommandLine x)).Id | Should -Be 'h-c'
    }

    It 'skips a pipeline input whose id is bad, with an error that carries the finding' {
        $t = New-BatchTask -Id '{Id}' -CommandLine 'x'
        $tasks = @([pscustomobject]@{ Id = 'ok' }, [pscustomobject]@{ Id = 'not ok' }, [pscustomobject]@{ Id = 'OK' }, [pscustomobject]@{ Id = 'fine' } |
            New-BatchTaskSweep $t -ErrorVariable bad -ErrorAction SilentlyContinue)
        $tasks.Id | Should -Be @('ok', 'fine')
        $bad.Count | Should -Be 2
        $bad[0].FullyQualifiedErrorId | Should -Be 'InvalidSweepId,BatchTaskPS.Commands.NewBatchTaskSweepCommand'
        $bad[0].TargetObject.TaskId | Should -Be 'not ok'
        $bad[0].TargetObject.Rule | Should -Be 'T3'
        $bad[1].TargetObject.Rule | Should -Be 'T4'
    }

    It 'adds a merge task that depends on every task, as compact ranges for integer ids' {
        $t = New-BatchTask -Id '{frame}' -CommandLine 'render {frame}'
        $merge = New-BatchTask -Id merge -CommandLine 'merge.sh' -DependsOnTaskId prep
        $tasks = @(New-BatchTaskSweep $t -Sweep @{ frame = '1..500' } -MergeTask $merge)
        $tasks.Count | Should -Be 501
        $last = $tasks[-1]
        $last.Id | Should -Be 'merge'
        $last.DependsOn.TaskIds | Should -Be @('prep')
        $last.DependsOn.TaskIdRanges.Count | Should -Be 1
        "$($last.DependsOn.TaskIdRanges[0].Start)-$($last.DependsOn.TaskIdRanges[0].End)" | Should -Be '1-500'
        $tasks | Test-BatchTask -Collection | Should -BeTrue
    }

    It 'warns when the merge task would list more than 64,000 characters of ids' {
        $t = New-BatchTask -Id 'frame-{f:D5}' -CommandLine 'x'
        $tasks = @(New-BatchTaskSweep $t -Sweep @{ f = '1..6000' } -MergeTask (New-BatchTask -Id merge -CommandLine m) -WarningVariable warned -WarningAction SilentlyContinue)
        $tasks[-1].DependsOn.TaskIds.Count | Should -Be 6000
        $warned.Count | Should -Be 1
        "$warned" | Should -Match '66000 characters.*64000 \(rule D2'
    }

    It 'refuses axes and values it cannot use' {
        { New-BatchTaskSweep $template -Sweep @{ frame = @{ From = 1; To = 5; Step = -1 } } -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSweepAxis,BatchTaskPS.Commands.NewBatchTaskSweepCommand'
        { New-BatchTaskSweep $template -Sweep @{ 'bad name' = 1, 2 } -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSweepAxis,BatchTaskPS.Commands.NewBatchTaskSweepCommand'
        { New-BatchTaskSweep (New-BatchTask -Id 'a{n}' -CommandLine x) -Sweep @{ n = '1..2' } -Set @{ CommandLine = 'x' } -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSweepValue,BatchTaskPS.Commands.NewBatchTaskSweepCommand'
        { New-BatchTaskSweep (New-BatchTask -Id 'a{n}' -CommandLine x) -Sweep @{ n = 'x', 'y' } -Set @{ RequiredSlots = '{n}' } -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidSweepValue,BatchTaskPS.Commands.NewBatchTaskSweepCommand'
    }

    It 'streams 1,000,000 tasks into add-collection bodies without holding them (a memory count)' {
        # ConvertTo-BatchTaskJson -Shape AddCollection writes each body as it is complete; the heap is sampled after
        # every 1,000 bodies (100,000 tasks). Held tasks would grow it by hundreds of megabytes.
        $t = New-BatchTask -Id '{frame}' -CommandLine 'render.sh {frame:D7}' -MaxWallClockTime PT1H
        $samples = [System.Collections.Generic.List[long]]::new()
        $bodies = 0
        $lastBody = $null
        New-BatchTaskSweep $t -Sweep @{ frame = '1..1000000' } -MergeTask (New-BatchTask -Id merge -CommandLine merge.sh) |
            ConvertTo-BatchTaskJson -Shape AddCollection -Compress |
            ForEach-Object {
                $bodies++
                $lastBody = $_
                if ($bodies % 1000 -eq 0) { $samples.Add([GC]::GetTotalMemory($true)) }
            }
        $bodies | Should -Be 10001
        $samples.Count | Should -Be 10
        ($samples | Measure-Object -Maximum).Maximum - $samples[0] | Should -BeLessThan 64MB
        $merge = ($lastBody | ConvertFrom-Json).value[-1]
        $merge.id | Should -Be 'merge'
        $merge.dependsOn.taskIdRanges[0].end | Should -Be 1000000
    }
}
