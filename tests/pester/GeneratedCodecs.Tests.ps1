# The models' straight-line read and write (src/BatchTaskPS.Core/Serialization/Codecs/DirectCodecs.g.cs) are generated
# from the property tables; xunit's DirectCodecTests hold that they do what the generic loops do. Here: the
# checked-in file is what the tables render, so a table changed without ./build.sh generate fails the suite.
BeforeAll {
    . (Join-Path $PSScriptRoot common.ps1)
}

Describe 'The generated codecs are what the property tables render' {
    It 'the checked-in DirectCodecs.g.cs is what Write-GeneratedCodecs.ps1 renders from the built tables (regenerate with ./build.sh generate, then commit it)' {
        $file = & (Join-Path $PSScriptRoot '../tools/Write-GeneratedCodecs.ps1') -Check
        $file.File | Should -Be 'src/BatchTaskPS.Core/Serialization/Codecs/DirectCodecs.g.cs'
        $file.Current | Should -Not -BeNullOrEmpty -Because 'the file is checked in; ./build.sh generate writes it'
        $file.Same | Should -BeTrue -Because 'DirectCodecs.g.cs must be what the tables in src/BatchTaskPS.Core/Model/*.Serialization.cs render: run ./build.sh generate and commit the file (never edit it by hand)'
    }

    It 'every model of the task has its read and write in the file, and nothing else is generated' {
        $file = & (Join-Path $PSScriptRoot '../tools/Write-GeneratedCodecs.ps1') -Check
        $read = [regex]::Matches($file.Rendered, 'private static (\w+)\? Read\1\(ref PlainJsonScanner s') | ForEach-Object { $_.Groups[1].Value }
        $write = [regex]::Matches($file.Rendered, 'private static void Write(\w+)\(JsonSink sink') | ForEach-Object { $_.Groups[1].Value }
        # The model types as the assembly lists them, independently of the generator's own search.
        $core = [BatchTaskPS.Model.CloudTask].Assembly
        $models = @($core.GetExportedTypes() | Where-Object { $_.IsSubclassOf([BatchTaskPS.Model.BatchModel]) -and -not $_.IsAbstract } | ForEach-Object Name | Sort-Object)
        $models.Count | Should -Be 31
        @($read | Sort-Object) | Should -Be $models
        @($write | Sort-Object) | Should -Be $models
    }

    It 'BATCHTASKPS_NO_DIRECT=1 (the benchmarks'' A/B switch) keeps the generic loops, with the same output' {
        # A fresh process each: the switch is read once, when the first model table is built.
        $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        $body = Join-Path $PSScriptRoot '../data/realworld/TaskGet.response.json'
        $probe = "Import-Module '$env:BATCHTASK_MODULE_PATH'; " +
            "`$field = [BatchTaskPS.Model.CloudTask]::Schema.GetType().GetField('_directRead', [System.Reflection.BindingFlags]'Instance, NonPublic'); " +
            "[bool]`$field.GetValue([BatchTaskPS.Model.CloudTask]::Schema); " +
            "ConvertFrom-BatchTaskJson -LiteralPath '$body' | ConvertTo-BatchTaskJson -Compress"
        $saved = $env:BATCHTASKPS_NO_DIRECT
        try {
            $env:BATCHTASKPS_NO_DIRECT = $null
            $direct = @(& $pwsh -NoProfile -NonInteractive -Command $probe)
            $env:BATCHTASKPS_NO_DIRECT = '1'
            $loops = @(& $pwsh -NoProfile -NonInteractive -Command $probe)
        }
        finally { $env:BATCHTASKPS_NO_DIRECT = $saved }
        $direct[0] | Should -Be 'True' -Because 'the codecs are used by default'
        $loops[0] | Should -Be 'False' -Because 'the switch turns them off'
        $direct[1] | Should -Not -BeNullOrEmpty
        $loops[1] | Should -BeExactly $direct[1]
    }
}
