# The task-field parameters New-BatchTask and Update-BatchTask share are declared once (the module's
# TaskFieldParameters); these tests hold what each cmdlet promises about them, from Get-Command's metadata.
BeforeDiscovery {
    # Every task-field parameter with its type and the attributes besides [Parameter] that shape binding and
    # completion (type names as text: the module is not loaded at discovery). Constraints is Update-BatchTask's only (a new task's constraints are the three single fields).
    $script:fieldCases = @(
        @{ Name = 'CommandLine'; Type = 'System.String'; Facts = @() }
        @{ Name = 'DisplayName'; Type = 'System.String'; Facts = @() }
        @{ Name = 'ContainerSettings'; Type = 'System.Object'; Facts = @() }
        @{ Name = 'ResourceFiles'; Type = 'System.Object[]'; Facts = @() }
        @{ Name = 'OutputFiles'; Type = 'System.Object[]'; Facts = @() }
        @{ Name = 'EnvironmentSettings'; Type = 'System.Object'; Facts = @() }
        @{ Name = 'AffinityId'; Type = 'System.String'; Facts = @() }
        @{ Name = 'MaxWallClockTime'; Type = 'System.TimeSpan'; Facts = @('ArgumentCompleterAttribute(BatchTaskPS.Commands.Support.DurationCompleter)', 'DurationTransformationAttribute') }
        @{ Name = 'RetentionTime'; Type = 'System.TimeSpan'; Facts = @('ArgumentCompleterAttribute(BatchTaskPS.Commands.Support.DurationCompleter)', 'DurationTransformationAttribute') }
        @{ Name = 'MaxTaskRetryCount'; Type = 'System.Int32'; Facts = @('NumberTextTransformationAttribute') }
        @{ Name = 'RequiredSlots'; Type = 'System.Int32'; Facts = @('NumberTextTransformationAttribute') }
        @{ Name = 'UserName'; Type = 'System.String'; Facts = @() }
        @{ Name = 'AutoUserScope'; Type = 'BatchTaskPS.Model.AutoUserScope'; Facts = @('ArgumentCompleterAttribute(BatchTaskPS.Commands.Support.AutoUserScopeCompleter)', 'KnownEnumValueAttribute') }
        @{ Name = 'ElevationLevel'; Type = 'BatchTaskPS.Model.ElevationLevel'; Facts = @('ArgumentCompleterAttribute(BatchTaskPS.Commands.Support.ElevationLevelCompleter)', 'KnownEnumValueAttribute') }
        @{ Name = 'MultiInstanceSettings'; Type = 'System.Object'; Facts = @() }
        @{ Name = 'DependsOnTaskId'; Type = 'System.String[]'; Facts = @() }
        @{ Name = 'DependsOnTaskIdRange'; Type = 'System.Object[]'; Facts = @() }
        @{ Name = 'ApplicationPackageReferences'; Type = 'System.Object[]'; Facts = @() }
        @{ Name = 'AuthenticationTokenSettings'; Type = 'System.Object'; Facts = @() }
        @{ Name = 'ExitConditions'; Type = 'System.Object'; Facts = @() }
        @{ Name = 'ContainerImage'; Type = 'System.String'; Facts = @() }
        @{ Name = 'RegistryServer'; Type = 'System.String'; Facts = @() }
        @{ Name = 'RegistryCredential'; Type = 'System.Management.Automation.PSCredential'; Facts = @('CredentialAttribute') }
    )
    $script:constraintFields = 'MaxWallClockTime', 'RetentionTime', 'MaxTaskRetryCount', 'Constraints'
}

BeforeAll {
    . (Join-Path $PSScriptRoot common.ps1)
    $script:new = Get-Command New-BatchTask
    $script:update = Get-Command Update-BatchTask

    # The facts of a parameter besides its sets: every attribute other than [Parameter], with what it names
    # (a completer's type, aliases, a range), sorted; the aliases; the type.
    function script:Get-ParameterFacts([System.Management.Automation.ParameterMetadata] $Parameter) {
        $attributes = foreach ($a in $Parameter.Attributes) {
            if ($a -is [System.Management.Automation.ParameterAttribute]) { continue }
            $text = $a.GetType().Name
            if ($a -is [System.Management.Automation.ArgumentCompleterAttribute]) { $text += "($($a.Type.FullName))" }
            if ($a -is [System.Management.Automation.AliasAttribute]) { $text += "($($a.AliasNames -join ','))" }
            if ($a -is [System.Management.Automation.ValidateRangeAttribute]) { $text += "($($a.MinRange)..$($a.MaxRange))" }
            $text
        }
        [pscustomobject]@{
            Type       = $Parameter.ParameterType.FullName
            Attributes = @($attributes | Sort-Object) -join '; '
            Aliases    = @($Parameter.Aliases | Sort-Object) -join ','
        }
    }

    # The sets a parameter is in, each as 'Set' or 'Set(Mandatory)' / 'Set(ByPropertyName)' / 'Set(ByValue)'.
    function script:Get-ParameterSets([System.Management.Automation.ParameterMetadata] $Parameter) {
        @(foreach ($s in $Parameter.ParameterSets.GetEnumerator() | Sort-Object Key) {
                $flags = @(
                    if ($s.Value.IsMandatory) { 'Mandatory' }
                    if ($s.Value.ValueFromPipeline) { 'ByValue' }
                    if ($s.Value.ValueFromPipelineByPropertyName) { 'ByPropertyName' }
                    if ($s.Value.ValueFromRemainingArguments) { 'Remaining' }
                    if ($s.Value.Position -ge 0) { "Position$($s.Value.Position)" }
                )
                $s.Key + $(if ($flags) { '(' + ($flags -join ',') + ')' })
            }) -join ' '
    }
}

Describe 'The task-field parameters shared by New-BatchTask and Update-BatchTask' {
    It '-<Name> has the same type, attributes (completer, transformation, validation) and aliases on both cmdlets' -ForEach $fieldCases {
        $onNew = Get-ParameterFacts $new.Parameters[$Name]
        $onUpdate = Get-ParameterFacts $update.Parameters[$Name]
        $onNew.Type | Should -BeExactly $Type
        $onNew.Attributes | Should -BeExactly (@($Facts | Sort-Object) -join '; ')
        $onNew.Aliases | Should -BeExactly ''
        $onUpdate.Type | Should -BeExactly $onNew.Type
        $onUpdate.Attributes | Should -BeExactly $onNew.Attributes
        $onUpdate.Aliases | Should -BeExactly $onNew.Aliases
    }

    It 'are the same set on both cmdlets: Update-BatchTask has them all, and -Constraints besides' {
        $fields = @($fieldCases.Name)
        $newOwn = 'Id', 'Property', 'InputObject'
        $updateOwn = 'InputObject', 'Path', 'IfMatch', 'IfNoneMatch', 'IfModifiedSince', 'IfUnmodifiedSince', 'AllowDefinitionChange', 'BatchContext', 'JobId', 'Id', 'Force', 'Constraints'
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        @($new.Parameters.Keys | Where-Object { $_ -notin $common -and $_ -notin $newOwn } | Sort-Object) | Should -Be @($fields | Sort-Object)
        @($update.Parameters.Keys | Where-Object { $_ -notin $common -and $_ -notin $updateOwn } | Sort-Object) | Should -Be @($fields | Sort-Object)
        $new.Parameters.ContainsKey('Constraints') | Should -BeFalse
        Get-ParameterFacts $update.Parameters['Constraints'] | ForEach-Object { $_.Type + '|' + $_.Attributes } | Should -BeExactly 'System.Object|'
    }

    It 'shows New-BatchTask''s syntax as before: -Id -CommandLine first, the fields in their order, none from the pipeline' {
        $syntax = (Get-Command New-BatchTask -Syntax) -split '\r?\n' | Where-Object { $_ }
        $syntax[0] | Should -BeLike 'New-BatchTask -Id <string> -CommandLine <string> `[-DisplayName <string>`] `[-ContainerSettings <Object>`] *'
        $syntax[1] | Should -BeLike 'New-BatchTask -Property <Object> `[-Id <string>`] `[-CommandLine <string>`] `[-DisplayName <string>`] *'
        $syntax[2] | Should -BeLike 'New-BatchTask -InputObject <psobject> `[-Id <string>`] `[-CommandLine <string>`] `[-DisplayName <string>`] *'
        foreach ($line in $syntax) {
            $line | Should -BeLike '* `[-ContainerImage <string>`] `[-RegistryServer <string>`] `[-RegistryCredential <pscredential>`] `[<CommonParameters>`]'
        }
    }
}

Describe 'New-BatchTask''s task-field parameters' {
    It '-<Name> is in every parameter set, optional, and never bound from the pipeline' -ForEach ($fieldCases | Where-Object Name -NE 'CommandLine') {
        Get-ParameterSets $new.Parameters[$Name] | Should -BeExactly '__AllParameterSets'
    }

    It '-CommandLine is mandatory with -Id and optional with -Property or a piped object' {
        Get-ParameterSets $new.Parameters['CommandLine'] | Should -BeExactly 'InputObject Parameters(Mandatory) Property'
    }

    It 'a piped object binds whole to -InputObject, so its properties are columns, not parameters' {
        # By property name, -MaxTaskRetryCount would refuse 'x' at binding; as a row's column it is the row's InvalidTaskProperty.
        $out = [pscustomobject]@{ Id = 'r'; CommandLine = 'c'; MaxTaskRetryCount = 'x' } | New-BatchTask -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidTaskProperty,BatchTaskPS.Commands.NewBatchTaskCommand'
        $err[0].TargetObject.Column | Should -BeExactly 'MaxTaskRetryCount'
    }
}

Describe 'Update-BatchTask''s task-field parameters' {
    It '-<Name> (a definition field) is for task objects and for task files, from the pipeline by property name' -ForEach ($fieldCases | Where-Object Name -NotIn $constraintFields) {
        Get-ParameterSets $update.Parameters[$Name] | Should -BeExactly 'InputObject Path(ByPropertyName)'
    }

    It '-<_> (a constraint field) is in every parameter set, the service''s too, from the pipeline by property name with -Path' -ForEach $constraintFields {
        Get-ParameterSets $update.Parameters[$_] | Should -BeExactly 'InputObject Path(ByPropertyName) ServiceId ServiceInputObject'
    }

    Context 'with -Path, from a piped object' {
        BeforeEach {
            $script:file = Join-Path $TestDrive 'fields.json'
            [System.IO.File]::WriteAllText($file, '{"id":"f","commandLine":"old.sh","displayName":"old","constraints":{"maxTaskRetryCount":1}}')
        }

        It 'binds a changed definition field and a constraint field by property name, and leaves the others as they were' {
            $out = [pscustomobject]@{ Path = $file; DisplayName = 'new'; RetentionTime = 'P2D' } | Update-BatchTask -AllowDefinitionChange -ErrorVariable err
            $err.Count | Should -Be 0
            $out.DisplayName | Should -BeExactly 'new'
            $t = ConvertFrom-BatchTaskJson -Path $file
            $t.DisplayName | Should -BeExactly 'new'
            $t.Constraints.RetentionTime | Should -Be ([timespan]'2.00:00:00')
            $t.CommandLine | Should -BeExactly 'old.sh'
            $t.Constraints.MaxTaskRetryCount | Should -Be 1
        }

        It 'refuses a definition field bound by property name without -AllowDefinitionChange' {
            $out = [pscustomobject]@{ Path = $file; CommandLine = 'new.sh' } | Update-BatchTask -ErrorVariable err -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'DefinitionChangeNotAllowed,BatchTaskPS.Commands.UpdateBatchTaskCommand'
            (ConvertFrom-BatchTaskJson -Path $file).CommandLine | Should -BeExactly 'old.sh'
        }
    }
}

Describe 'The parameters are static, generated from the one declaration, and as they were before it' {
    It 'the checked-in <File> is what TaskFieldParameters renders (regenerate with ./build.sh generate, then commit it)' -ForEach @(
        @{ File = 'src/BatchTaskPS.Module/Commands/NewBatchTaskCommand.Fields.g.cs' }
        @{ File = 'src/BatchTaskPS.Module/Commands/UpdateBatchTaskCommand.Fields.g.cs' }
    ) {
        $files = @(& (Join-Path $PSScriptRoot '../tools/Write-GeneratedParameters.ps1') -Check)
        @($files.File) | Should -Be @('src/BatchTaskPS.Module/Commands/NewBatchTaskCommand.Fields.g.cs', 'src/BatchTaskPS.Module/Commands/UpdateBatchTaskCommand.Fields.g.cs')
        $generated = $files | Where-Object File -EQ $File
        $generated.Current | Should -Not -BeNullOrEmpty -Because "$File is checked in; ./build.sh generate writes it"
        $generated.Same | Should -BeTrue -Because "$File must be what the table and rules in src/BatchTaskPS.Module/Commands/Support/TaskFieldParameters.cs render: run ./build.sh generate and commit the file (never edit it by hand)"
    }

    It 'no parameter of <_> is runtime-defined (IsDynamic), and the cmdlet is not IDynamicParameters' -ForEach 'New-BatchTask', 'Update-BatchTask' {
        $command = Get-Command $_
        @($command.Parameters.Values | Where-Object IsDynamic | ForEach-Object Name) | Should -Be @()
        [System.Management.Automation.IDynamicParameters].IsAssignableFrom($command.ImplementingType) | Should -BeFalse
    }

    It 'New-BatchTask lists its parameters in the order of its declarations before (Get-Command, tab completion)' {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        @($new.Parameters.Keys | Where-Object { $_ -notin $common }) | Should -Be @('Id', 'CommandLine', 'Property', 'InputObject', 'DisplayName', 'ContainerSettings', 'ResourceFiles', 'OutputFiles', 'EnvironmentSettings', 'AffinityId', 'MaxWallClockTime', 'RetentionTime', 'MaxTaskRetryCount', 'RequiredSlots', 'UserName', 'AutoUserScope', 'ElevationLevel', 'MultiInstanceSettings', 'DependsOnTaskId', 'DependsOnTaskIdRange', 'ApplicationPackageReferences', 'AuthenticationTokenSettings', 'ExitConditions', 'ContainerImage', 'RegistryServer', 'RegistryCredential')
        @((TabExpansion2 'New-BatchTask -' 15).CompletionMatches.CompletionText | Select-Object -First 26) | Should -Be @('-Id', '-CommandLine', '-Property', '-InputObject', '-DisplayName', '-ContainerSettings', '-ResourceFiles', '-OutputFiles', '-EnvironmentSettings', '-AffinityId', '-MaxWallClockTime', '-RetentionTime', '-MaxTaskRetryCount', '-RequiredSlots', '-UserName', '-AutoUserScope', '-ElevationLevel', '-MultiInstanceSettings', '-DependsOnTaskId', '-DependsOnTaskIdRange', '-ApplicationPackageReferences', '-AuthenticationTokenSettings', '-ExitConditions', '-ContainerImage', '-RegistryServer', '-RegistryCredential')
    }

    It 'Update-BatchTask lists its parameters in the order of its declarations before (Get-Command, tab completion)' {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        @($update.Parameters.Keys | Where-Object { $_ -notin $common }) | Should -Be @('InputObject', 'Path', 'IfMatch', 'IfNoneMatch', 'IfModifiedSince', 'IfUnmodifiedSince', 'MaxWallClockTime', 'RetentionTime', 'MaxTaskRetryCount', 'Constraints', 'AllowDefinitionChange', 'DisplayName', 'CommandLine', 'ContainerSettings', 'ResourceFiles', 'OutputFiles', 'EnvironmentSettings', 'AffinityId', 'RequiredSlots', 'UserName', 'AutoUserScope', 'ElevationLevel', 'MultiInstanceSettings', 'DependsOnTaskId', 'DependsOnTaskIdRange', 'ApplicationPackageReferences', 'AuthenticationTokenSettings', 'ExitConditions', 'ContainerImage', 'RegistryServer', 'RegistryCredential', 'BatchContext', 'JobId', 'Id', 'Force')
        @((TabExpansion2 'Update-BatchTask -' 18).CompletionMatches.CompletionText | Select-Object -First 35) | Should -Be @('-InputObject', '-Path', '-IfMatch', '-IfNoneMatch', '-IfModifiedSince', '-IfUnmodifiedSince', '-MaxWallClockTime', '-RetentionTime', '-MaxTaskRetryCount', '-Constraints', '-AllowDefinitionChange', '-DisplayName', '-CommandLine', '-ContainerSettings', '-ResourceFiles', '-OutputFiles', '-EnvironmentSettings', '-AffinityId', '-RequiredSlots', '-UserName', '-AutoUserScope', '-ElevationLevel', '-MultiInstanceSettings', '-DependsOnTaskId', '-DependsOnTaskIdRange', '-ApplicationPackageReferences', '-AuthenticationTokenSettings', '-ExitConditions', '-ContainerImage', '-RegistryServer', '-RegistryCredential', '-BatchContext', '-JobId', '-Id', '-Force')
    }

    It '<Command> -Syntax is exactly what it was before the one declaration' -ForEach @(
        @{ Command = 'New-BatchTask'; Lines = @(
                'New-BatchTask -Id <string> -CommandLine <string> [-DisplayName <string>] [-ContainerSettings <Object>] [-ResourceFiles <Object[]>] [-OutputFiles <Object[]>] [-EnvironmentSettings <Object>] [-AffinityId <string>] [-MaxWallClockTime <timespan>] [-RetentionTime <timespan>] [-MaxTaskRetryCount <int>] [-RequiredSlots <int>] [-UserName <string>] [-AutoUserScope <AutoUserScope>] [-ElevationLevel <ElevationLevel>] [-MultiInstanceSettings <Object>] [-DependsOnTaskId <string[]>] [-DependsOnTaskIdRange <Object[]>] [-ApplicationPackageReferences <Object[]>] [-AuthenticationTokenSettings <Object>] [-ExitConditions <Object>] [-ContainerImage <string>] [-RegistryServer <string>] [-RegistryCredential <pscredential>] [<CommonParameters>]'
                'New-BatchTask -Property <Object> [-Id <string>] [-CommandLine <string>] [-DisplayName <string>] [-ContainerSettings <Object>] [-ResourceFiles <Object[]>] [-OutputFiles <Object[]>] [-EnvironmentSettings <Object>] [-AffinityId <string>] [-MaxWallClockTime <timespan>] [-RetentionTime <timespan>] [-MaxTaskRetryCount <int>] [-RequiredSlots <int>] [-UserName <string>] [-AutoUserScope <AutoUserScope>] [-ElevationLevel <ElevationLevel>] [-MultiInstanceSettings <Object>] [-DependsOnTaskId <string[]>] [-DependsOnTaskIdRange <Object[]>] [-ApplicationPackageReferences <Object[]>] [-AuthenticationTokenSettings <Object>] [-ExitConditions <Object>] [-ContainerImage <string>] [-RegistryServer <string>] [-RegistryCredential <pscredential>] [<CommonParameters>]'
                'New-BatchTask -InputObject <psobject> [-Id <string>] [-CommandLine <string>] [-DisplayName <string>] [-ContainerSettings <Object>] [-ResourceFiles <Object[]>] [-OutputFiles <Object[]>] [-EnvironmentSettings <Object>] [-AffinityId <string>] [-MaxWallClockTime <timespan>] [-RetentionTime <timespan>] [-MaxTaskRetryCount <int>] [-RequiredSlots <int>] [-UserName <string>] [-AutoUserScope <AutoUserScope>] [-ElevationLevel <ElevationLevel>] [-MultiInstanceSettings <Object>] [-DependsOnTaskId <string[]>] [-DependsOnTaskIdRange <Object[]>] [-ApplicationPackageReferences <Object[]>] [-AuthenticationTokenSettings <Object>] [-ExitConditions <Object>] [-ContainerImage <string>] [-RegistryServer <string>] [-RegistryCredential <pscredential>] [<CommonParameters>]'
            )
        }
        @{ Command = 'Update-BatchTask'; Lines = @(
                'Update-BatchTask [-InputObject] <CloudTask> [-IfMatch <string>] [-IfNoneMatch <string>] [-IfModifiedSince <datetime>] [-IfUnmodifiedSince <datetime>] [-MaxWallClockTime <timespan>] [-RetentionTime <timespan>] [-MaxTaskRetryCount <int>] [-Constraints <Object>] [-AllowDefinitionChange] [-DisplayName <string>] [-CommandLine <string>] [-ContainerSettings <Object>] [-ResourceFiles <Object[]>] [-OutputFiles <Object[]>] [-EnvironmentSettings <Object>] [-AffinityId <string>] [-RequiredSlots <int>] [-UserName <string>] [-AutoUserScope <AutoUserScope>] [-ElevationLevel <ElevationLevel>] [-MultiInstanceSettings <Object>] [-DependsOnTaskId <string[]>] [-DependsOnTaskIdRange <Object[]>] [-ApplicationPackageReferences <Object[]>] [-AuthenticationTokenSettings <Object>] [-ExitConditions <Object>] [-ContainerImage <string>] [-RegistryServer <string>] [-RegistryCredential <pscredential>] [-WhatIf] [-Confirm] [<CommonParameters>]'
                'Update-BatchTask [-InputObject] <CloudTask> -BatchContext <BatchContext> [-IfMatch <string>] [-IfNoneMatch <string>] [-IfModifiedSince <datetime>] [-IfUnmodifiedSince <datetime>] [-MaxWallClockTime <timespan>] [-RetentionTime <timespan>] [-MaxTaskRetryCount <int>] [-Constraints <Object>] [-AllowDefinitionChange] [-JobId <string>] [-Force] [-WhatIf] [-Confirm] [<CommonParameters>]'
                'Update-BatchTask -Path <string[]> [-IfMatch <string>] [-IfNoneMatch <string>] [-IfModifiedSince <datetime>] [-IfUnmodifiedSince <datetime>] [-MaxWallClockTime <timespan>] [-RetentionTime <timespan>] [-MaxTaskRetryCount <int>] [-Constraints <Object>] [-AllowDefinitionChange] [-DisplayName <string>] [-CommandLine <string>] [-ContainerSettings <Object>] [-ResourceFiles <Object[]>] [-OutputFiles <Object[]>] [-EnvironmentSettings <Object>] [-AffinityId <string>] [-RequiredSlots <int>] [-UserName <string>] [-AutoUserScope <AutoUserScope>] [-ElevationLevel <ElevationLevel>] [-MultiInstanceSettings <Object>] [-DependsOnTaskId <string[]>] [-DependsOnTaskIdRange <Object[]>] [-ApplicationPackageReferences <Object[]>] [-AuthenticationTokenSettings <Object>] [-ExitConditions <Object>] [-ContainerImage <string>] [-RegistryServer <string>] [-RegistryCredential <pscredential>] [-WhatIf] [-Confirm] [<CommonParameters>]'
                'Update-BatchTask -BatchContext <BatchContext> -JobId <string> -Id <string[]> [-IfMatch <string>] [-IfNoneMatch <string>] [-IfModifiedSince <datetime>] [-IfUnmodifiedSince <datetime>] [-MaxWallClockTime <timespan>] [-RetentionTime <timespan>] [-MaxTaskRetryCount <int>] [-Constraints <Object>] [-AllowDefinitionChange] [-Force] [-WhatIf] [-Confirm] [<CommonParameters>]'
            )
        }
    ) {
        @((Get-Command $Command -Syntax) -split '\r?\n' | Where-Object { $_ }) | Should -Be $Lines
    }

    It 'an abbreviation resolves as before: Update-BatchTask -<_> is ambiguous' -ForEach 'A', 'Co' {
        $task = New-BatchTask -Id a -CommandLine b
        $call = [scriptblock]::Create('param($t) Update-BatchTask -InputObject $t -' + $_ + ' x')
        { & $call $task } | Should -Throw -ErrorId 'AmbiguousParameter,BatchTaskPS.Commands.UpdateBatchTaskCommand'
    }
}
