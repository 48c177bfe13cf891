<#
.SYNOPSIS
    Writes src/BatchTaskPS.Core/Serialization/Codecs/DirectCodecs.g.cs, the straight-line fast read and write of
    every model, from the models' property tables (src/BatchTaskPS.Core/Model/*.Serialization.cs) as the built
    core assembly holds them.
.DESCRIPTION
    Run by ./build.sh generate (which builds first and again when a file changed). Each model gets two methods
    that do what the generic loops of ModelInfo<T> do (TryReadPlainGeneric, WriteObjectGeneric) with each property
    written out: the REST key match stays in ModelInfo<T>.ReadPlainKey, the value read and the write are inline.
    With -Check nothing is written: one object tells whether the checked-in file is what the tables render
    (tests/pester/GeneratedCodecs.Tests.ps1 uses that as the drift check). Line ends are compared as "\n".
#>
[CmdletBinding()]
param(
    # The built module's manifest (out/BatchTask/<version>/BatchTask.psd1); without it, the BatchTask module
    # already imported in the session.
    [string] $ModulePath,
    # Compare only; write nothing.
    [switch] $Check
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
if ($ModulePath) { Import-Module (Resolve-Path -LiteralPath $ModulePath).Path }
$assembly = (Get-Command ConvertTo-BatchTaskJson).ImplementingType.Assembly.GetReferencedAssemblies() |
    Where-Object Name -EQ 'BatchTaskPS.Core' | ForEach-Object { [System.Reflection.Assembly]::Load($_) }
$models = @($assembly.GetExportedTypes() | Where-Object {
        $_.Namespace -eq 'BatchTaskPS.Model' -and $_.IsClass -and -not $_.IsAbstract -and
        $null -ne $_.GetProperty('Schema', [System.Reflection.BindingFlags]'Public, Static')
    } | Sort-Object -Property Name -Culture ([cultureinfo]::InvariantCulture) -CaseSensitive)
if ($models.Count -eq 0) { throw 'No model types found in the core assembly.' }

$lines = [System.Collections.Generic.List[string]]::new()
function Out-Line([string] $text) { $lines.Add($text) }

function Get-ItemType($descriptor) {
    # The second generic argument of ModelProperty<T, TModel>, ModelListProperty<T, TModel>,
    # EnumProperty<T, TEnum> and EnumListProperty<T, TEnum> is the value's type.
    $arguments = $descriptor.GetType().GetGenericArguments()
    if ($arguments.Count -ne 2) { throw "$($descriptor.PropertyName): expected two generic arguments on $($descriptor.GetType().Name)." }
    $arguments[1].Name
}

# The fast read of one value, then $assign (a statement using the value as v); a value the plain read does not
# take ends the method with null, as the generic loop's descriptor returning false does.
function Write-ReadValue([string] $wire, [string] $type, [string] $indent, [string] $assign) {
    $refuse = switch -CaseSensitive ($wire) {
        'String' { '!s.TryReadString(out string? v)' }
        'Int32' { '!s.TryReadInteger(out long v) || v < int.MinValue || v > int.MaxValue'; $assign = $assign -replace '\bv$', '(int)v' }
        'Int64' { '!s.TryReadInteger(out long v)' }
        'Double' { '!s.TryReadDouble(out double v)' }
        'Boolean' { '!s.TryReadBool(out bool v)' }
        'DateTime' { '!s.TryReadAsciiString(out ReadOnlySpan<byte> text) || DateTimeFormat.TryParse(text, out DateTime v) != null' }
        'Duration' { '!s.TryReadAsciiString(out ReadOnlySpan<byte> text) || DurationFormat.TryParse(text, out TimeSpan v) != null' }
        'Enum' { "!EnumReader.TryReadPlain(ref s, $type.Info, out $type v)" }
        'Model' { Out-Line "${indent}${type}? v = Read$type(ref s, $type.Metadata);"; 'v == null' }
        default { throw "No fast read for wire type $wire." }
    }
    Out-Line "${indent}if ($refuse)"
    Out-Line "${indent}{"
    Out-Line "${indent}    return null;"
    Out-Line "${indent}}"
    Out-Line ''
    Out-Line "${indent}$assign;"
}

# For a list property, its items' wire type and C# type; nothing for any other property.
function Get-ListItem($p) {
    switch -CaseSensitive ([string]$p.WireType) {
        'ModelList' { 'Model', (Get-ItemType $p) }
        'EnumList' { 'Enum', (Get-ItemType $p) }
        'StringList' { 'String', 'string' }
    }
}

function Write-ReadProperty($p, [int] $index) {
    $wire = [string]$p.WireType
    $name = $p.PropertyName
    Out-Line "                    case ${index}:"
    Out-Line '                    {'
    $indent = '                        '
    $item = Get-ListItem $p
    if ($item) {
        $itemWire, $itemType = $item
        Out-Line "${indent}if (!s.TryConsume((byte)'['))"
        Out-Line "${indent}{"
        Out-Line "${indent}    return null;"
        Out-Line "${indent}}"
        Out-Line ''
        Out-Line "${indent}var list = new List<${itemType}?>(2);"
        Out-Line "${indent}if (!s.TryConsume((byte)']'))"
        Out-Line "${indent}{"
        Out-Line "${indent}    do"
        Out-Line "${indent}    {"
        Write-ReadValue $itemWire $itemType "${indent}        " 'list.Add(v)'
        Out-Line "${indent}    }"
        Out-Line "${indent}    while (s.TryConsume((byte)','));"
        Out-Line ''
        Out-Line "${indent}    if (!s.TryConsume((byte)']'))"
        Out-Line "${indent}    {"
        Out-Line "${indent}        return null;"
        Out-Line "${indent}    }"
        Out-Line "${indent}}"
        Out-Line ''
        Out-Line "${indent}obj.$name = list;"
    }
    else {
        $type = if ($wire -in 'Model', 'Enum') { Get-ItemType $p } else { '' }
        Write-ReadValue $wire $type $indent "obj.$name = v"
    }

    Out-Line "${indent}break;"
    Out-Line '                    }'
    Out-Line ''
}

# The write of one value $value (not null) as the generic descriptors write it.
function Write-WriteValue([string] $wire, [string] $type, [string] $value, [string] $indent, [string] $redact) {
    switch -CaseSensitive ($wire) {
        'String' { Out-Line "${indent}sink.String($(if ($redact) { "wc.RedactSecrets ? $redact : $value" } else { $value }));" }
        'Int32' { Out-Line "${indent}sink.Number($value);" }
        'Int64' { Out-Line "${indent}sink.Number($value);" }
        'Double' { Out-Line "${indent}sink.Number($value);" }
        'Boolean' { Out-Line "${indent}sink.Bool($value);" }
        'DateTime' { Out-Line "${indent}sink.DateTime($value);" }
        'Duration' { Out-Line "${indent}sink.Duration($value);" }
        'Enum' { Out-Line "${indent}sink.String($value.Value);" }
        'Model' { Out-Line "${indent}Write$type(sink, $value, wc, $type.Metadata);" }
        default { throw "No write for wire type $wire." }
    }
}

function Write-WriteProperty($p, [int] $index, [string] $model) {
    $wire = [string]$p.WireType
    $name = $p.PropertyName
    $indent = '            '
    Out-Line "$indent{"
    $item = Get-ListItem $p
    if ($item) {
        $itemWire, $itemType = $item
        Out-Line "$indent    List<${itemType}?>? list = obj.$name;"
        Out-Line "$indent    if (list != null)"
        Out-Line "$indent    {"
        Out-Line "$indent        sink.Name(p[$index].EncodedNames[style]);"
        Out-Line "$indent        sink.StartArray();"
        Out-Line "$indent        for (int i = 0; i < list.Count; i++)"
        Out-Line "$indent        {"
        Out-Line "$indent            ${itemType}? item = list[i];"
        Out-Line "$indent            if (item == null)"
        Out-Line "$indent            {"
        Out-Line "$indent                sink.Null();"
        Out-Line "$indent            }"
        Out-Line "$indent            else"
        Out-Line "$indent            {"
        $itemValue = if ($itemWire -eq 'Enum') { 'item.Value' } else { 'item' }
        Write-WriteValue $itemWire $itemType $itemValue "$indent                " ''
        Out-Line "$indent            }"
        Out-Line "$indent        }"
        Out-Line ''
        Out-Line "$indent        sink.EndArray();"
        Out-Line "$indent    }"
    }
    else {
        $type = switch ($wire) {
            'String' { 'string' } 'Int32' { 'int' } 'Int64' { 'long' } 'Double' { 'double' } 'Boolean' { 'bool' }
            'DateTime' { 'DateTime' } 'Duration' { 'TimeSpan' } default { Get-ItemType $p }
        }
        $isValueType = $wire -notin 'String', 'Model'
        Out-Line "$indent    ${type}? v = obj.$name;"
        Out-Line "$indent    if ($(if ($isValueType) { 'v.HasValue' } else { 'v != null' }))"
        Out-Line "$indent    {"
        Out-Line "$indent        sink.Name(p[$index].EncodedNames[style]);"
        $redact = if ($wire -eq 'String') { "((StringProperty<$model>)p[$index]).Redacted(v, obj)" } else { '' }
        Write-WriteValue $wire $type $(if ($isValueType) { 'v.Value' } else { 'v' }) "$indent        " $redact
        Out-Line "$indent    }"
    }

    Out-Line "$indent}"
    Out-Line ''
}

Out-Line '// <auto-generated>'
Out-Line '// Written by tests/tools/Write-GeneratedCodecs.ps1 (./build.sh generate) from the property tables in'
Out-Line '// src/BatchTaskPS.Core/Model/*.Serialization.cs. Do not edit: change a table and generate again.'
Out-Line '// </auto-generated>'
Out-Line '#nullable enable'
Out-Line ''
Out-Line 'using System;'
Out-Line 'using System.Collections.Generic;'
Out-Line 'using BatchTaskPS.Model;'
Out-Line 'using BatchTaskPS.Serialization.Wire;'
Out-Line ''
Out-Line 'namespace BatchTaskPS.Serialization'
Out-Line '{'
Out-Line '    internal static partial class DirectCodecs'
Out-Line '    {'
Out-Line '        static partial void Lookup(Type type, ref Delegate? read, ref Delegate? write)'
Out-Line '        {'
foreach ($model in $models) {
    $m = $model.Name
    Out-Line "            if (type == typeof($m))"
    Out-Line '            {'
    Out-Line "                read = new DirectPlainRead<$m>(Read$m);"
    Out-Line "                write = new DirectWrite<$m>(Write$m);"
    Out-Line '                return;'
    Out-Line '            }'
    Out-Line ''
}
$lines.RemoveAt($lines.Count - 1)
Out-Line '        }'
foreach ($model in $models) {
    $m = $model.Name
    $properties = @($model.GetProperty('Schema').GetValue($null).Properties)
    if ($properties.Count -gt 64) { throw "${m}: more than 64 properties." }
    Out-Line ''
    Out-Line "        /// <summary>The fast read of a <see cref=""$m""/> (<see cref=""ModelInfo{T}.TryReadPlainGeneric""/>, written out).</summary>"
    Out-Line "        private static ${m}? Read$m(ref PlainJsonScanner s, ModelInfo<$m> info)"
    Out-Line '        {'
    Out-Line "            if (!s.TryConsume((byte)'{'))"
    Out-Line '            {'
    Out-Line '                return null;'
    Out-Line '            }'
    Out-Line ''
    Out-Line "            var obj = new $m();"
    Out-Line "            if (s.TryConsume((byte)'}'))"
    Out-Line '            {'
    Out-Line '                return obj;'
    Out-Line '            }'
    Out-Line ''
    Out-Line '            ulong seen = 0;'
    Out-Line '            int next = 0;'
    Out-Line '            do'
    Out-Line '            {'
    Out-Line '                int hit = info.ReadPlainKey(ref s, next, obj);'
    Out-Line "                if (hit == ModelInfo<$m>.PlainKeyUnknownRead)"
    Out-Line '                {'
    Out-Line '                    continue;'
    Out-Line '                }'
    Out-Line ''
    Out-Line '                ulong bit = 1UL << hit;'
    Out-Line '                if (hit < 0 || (seen & bit) != 0)'
    Out-Line '                {'
    Out-Line '                    return null;'
    Out-Line '                }'
    Out-Line ''
    Out-Line '                switch (hit)'
    Out-Line '                {'
    for ($k = 0; $k -lt $properties.Count; $k++) { Write-ReadProperty $properties[$k] $k }
    Out-Line '                    default:'
    Out-Line '                        return null;'
    Out-Line '                }'
    Out-Line ''
    Out-Line '                seen |= bit;'
    Out-Line '                next = hit + 1;'
    Out-Line '            }'
    Out-Line "            while (s.TryConsume((byte)','));"
    Out-Line ''
    Out-Line "            return s.TryConsume((byte)'}') ? obj : null;"
    Out-Line '        }'
    Out-Line ''
    Out-Line "        /// <summary>The write of a <see cref=""$m""/> (<see cref=""ModelInfo{T}.WriteObjectGeneric""/>, written out).</summary>"
    Out-Line "        private static void Write$m(JsonSink sink, $m obj, WriteContext wc, ModelInfo<$m> info)"
    Out-Line '        {'
    Out-Line '            sink.StartObject();'
    Out-Line '            int style = (int)wc.KeyStyle;'
    Out-Line "            PropertyDescriptor<$m>[] p = info.TypedProperties;"
    for ($k = 0; $k -lt $properties.Count; $k++) { Write-WriteProperty $properties[$k] $k $m }
    Out-Line '            info.WriteAdditional(sink, obj, wc, skipAnnotations: false);'
    Out-Line '            sink.EndObject();'
    Out-Line '        }'
}
Out-Line '    }'
Out-Line '}'

$relative = 'src/BatchTaskPS.Core/Serialization/Codecs/DirectCodecs.g.cs'
$rendered = ($lines -join "`n") + "`n"
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$path = Join-Path $root $relative
$current = if (Test-Path -LiteralPath $path) { [System.IO.File]::ReadAllText($path) -replace "`r`n", "`n" }
$same = $current -ceq $rendered
if ($Check) {
    [pscustomobject]@{ File = $relative; Same = $same; Current = $current; Rendered = $rendered }
}
elseif (-not $same) {
    [System.IO.File]::WriteAllText($path, $rendered, [System.Text.UTF8Encoding]::new($false))
    "wrote $relative"
}
