using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text;
using BatchTaskPS.Factories;
using BatchTaskPS.Model;

namespace BatchTaskPS.Commands.Support
{
    /// <summary>
    /// The parameters of New-BatchTask and Update-BatchTask, declared once, from which their static parameter
    /// properties are generated (NewBatchTaskCommand.Fields.g.cs, UpdateBatchTaskCommand.Fields.g.cs, checked in).
    /// </summary>
    /// <remarks>
    /// <para>The task-field parameters (-CommandLine, -DisplayName ... -RegistryCredential, -Constraints) are in
    /// <see cref="s_fields"/>, each once: its name (a <see cref="TaskInput"/> field, so the core's one mapping gives
    /// it its meaning), its .NET type, the attributes besides [Parameter] that shape binding and completion
    /// (transformations, completers, [Credential], aliases) and its doc comment. What differs between the cmdlets is
    /// only where a field is a parameter (its sets, Mandatory, ValueFromPipelineByPropertyName); each cmdlet states
    /// that once, as a rule (<see cref="NewBatchTask"/>, <see cref="UpdateBatchTask"/>).</para>
    /// <para>A rule lists the cmdlet's whole parameter list in order, its own parameters (-Id, -Path, -IfMatch ...)
    /// included, each declared there and nowhere else: the order of the properties is the order of
    /// Get-Command's Parameters, of tab completion and of -Syntax, and the fields sit between own parameters
    /// (New-BatchTask: -Id -CommandLine -Property -InputObject -DisplayName ...; Update-BatchTask: the constraint
    /// fields, -AllowDefinitionChange, the definition fields, then the service's parameters), which partial-class
    /// files could not keep apart without relying on the order the compiler is given the files in.</para>
    /// <para>Static parameters, not runtime-defined ones (IDynamicParameters): PowerShell caches a cmdlet type's
    /// static parameter metadata, but builds runtime-defined metadata on every invocation (2-3 times the cost of
    /// a call), and runtime-defined parameters are IsDynamic, listed last by -Syntax and bound after the static
    /// ones (abbreviations resolve differently).</para>
    /// <para>Regenerate with <c>./build.sh generate</c> (it builds the module, calls <see cref="Render"/> through
    /// tests/tools/Write-GeneratedParameters.ps1 and rebuilds); tests/pester/TaskFieldParameters.Tests.ps1 fails
    /// when a checked-in file differs from what <see cref="Render"/> gives. Nothing here runs when a cmdlet is
    /// invoked; the build never needs the generator.</para>
    /// </remarks>
    internal static class TaskFieldParameters
    {
        /// <summary>One parameter: every fact about it except where it is a parameter.</summary>
        internal sealed class Declaration
        {
            public Declaration(string name, Type type, string? summary, params string[] attributes)
            {
                Name = name;
                Type = type;
                Summary = summary;
                Attributes = attributes;
            }

            public string Name { get; }

            public Type Type { get; }

            /// <summary>The doc comment's summary, or null.</summary>
            public string? Summary { get; }

            /// <summary>The attributes besides [Parameter], as C# source without the brackets (e.g. <c>Alias("TaskId")</c>).</summary>
            public IReadOnlyList<string> Attributes { get; }
        }

        /// <summary>
        /// One [Parameter] attribute of a parameter: its set (a constant of the cmdlet class, or null for all sets)
        /// and its flags.
        /// </summary>
        internal sealed class In
        {
            public In(string? set, bool mandatory = false, int position = -1, bool byValue = false, bool byPropertyName = false)
            {
                Set = set;
                Mandatory = mandatory;
                Position = position;
                ByValue = byValue;
                ByPropertyName = byPropertyName;
            }

            public string? Set { get; }

            public bool Mandatory { get; }

            public int Position { get; }

            public bool ByValue { get; }

            public bool ByPropertyName { get; }

            public override string ToString()
            {
                var named = new List<string>();
                if (Mandatory)
                {
                    named.Add("Mandatory = true");
                }

                if (Position >= 0)
                {
                    named.Add("Position = " + Position.ToString(CultureInfo.InvariantCulture));
                }

                if (ByValue)
                {
                    named.Add("ValueFromPipeline = true");
                }

                if (Set != null)
                {
                    named.Add("ParameterSetName = " + Set);
                }

                if (ByPropertyName)
                {
                    named.Add("ValueFromPipelineByPropertyName = true");
                }

                return named.Count == 0 ? "Parameter" : "Parameter(" + string.Join(", ", named) + ")";
            }
        }

        /// <summary>A parameter of one cmdlet: its declaration and one [Parameter] per set it is in.</summary>
        internal sealed class Entry
        {
            public Entry(Declaration declaration, IReadOnlyList<In> sets)
            {
                Declaration = declaration;
                Sets = sets;
            }

            public Declaration Declaration { get; }

            public IReadOnlyList<In> Sets { get; }
        }

        /// <summary>One cmdlet's parameters in order, and the file they are generated into.</summary>
        internal sealed class Rule
        {
            public Rule(string className, string file, IReadOnlyList<Entry> parameters)
            {
                ClassName = className;
                File = file;
                Parameters = parameters;
            }

            public string ClassName { get; }

            /// <summary>The generated file, relative to the repository root, with '/'.</summary>
            public string File { get; }

            public IReadOnlyList<Entry> Parameters { get; }
        }

        /// <summary>
        /// Every task-field parameter, in New-BatchTask's order. Aliases, when a field gets one, go in its
        /// attributes (<c>Alias("...")</c>).
        /// </summary>
        private static readonly Declaration[] s_fields =
        {
            new Declaration(TaskInput.CommandLine, typeof(string), null),
            new Declaration(TaskInput.DisplayName, typeof(string), null),
            new Declaration(TaskInput.ContainerSettings, typeof(object), null),
            new Declaration(TaskInput.ResourceFiles, typeof(object[]), null),
            new Declaration(TaskInput.OutputFiles, typeof(object[]), null),
            new Declaration(TaskInput.EnvironmentSettings, typeof(object), "A hashtable NAME=value, or a list of EnvironmentSetting objects or {name; value} dictionaries."),
            new Declaration(TaskInput.AffinityId, typeof(string), null),
            new Declaration(TaskInput.MaxWallClockTime, typeof(TimeSpan), null, "DurationTransformation", "ArgumentCompleter(typeof(DurationCompleter))"),
            new Declaration(TaskInput.RetentionTime, typeof(TimeSpan), null, "DurationTransformation", "ArgumentCompleter(typeof(DurationCompleter))"),
            new Declaration(TaskInput.MaxTaskRetryCount, typeof(int), null, "NumberTextTransformation"),
            new Declaration(TaskInput.Constraints, typeof(object), "A TaskConstraints or dictionary: its set fields are changed, the others kept (Update-BatchTask only)."),
            new Declaration(TaskInput.RequiredSlots, typeof(int), null, "NumberTextTransformation"),
            new Declaration(TaskInput.UserName, typeof(string), null),
            new Declaration(TaskInput.AutoUserScope, typeof(AutoUserScope), null, "ArgumentCompleter(typeof(AutoUserScopeCompleter))", "KnownEnumValue(typeof(AutoUserScope))"),
            new Declaration(TaskInput.ElevationLevel, typeof(ElevationLevel), null, "ArgumentCompleter(typeof(ElevationLevelCompleter))", "KnownEnumValue(typeof(ElevationLevel))"),
            new Declaration(TaskInput.MultiInstanceSettings, typeof(object), null),
            new Declaration(TaskInput.DependsOnTaskId, typeof(string[]), null),
            new Declaration(TaskInput.DependsOnTaskIdRange, typeof(object[]), "TaskIdRange objects, {start; end} dictionaries or 'start-end' text."),
            new Declaration(TaskInput.ApplicationPackageReferences, typeof(object[]), null),
            new Declaration(TaskInput.AuthenticationTokenSettings, typeof(object), null),
            new Declaration(TaskInput.ExitConditions, typeof(object), null),
            new Declaration(TaskInput.ContainerImage, typeof(string), "Shorthand for containerSettings.imageName."),
            new Declaration(TaskInput.RegistryServer, typeof(string), "Sets containerSettings.registry.registryServer."),
            new Declaration(TaskInput.RegistryCredential, typeof(PSCredential), "The registry user and password: the only way to give a registry password.", "Credential"),
        };

        /// <summary>The task-field parameters, by name.</summary>
        private static readonly Dictionary<string, Declaration> s_byName = ByName();

        /// <summary>
        /// New-BatchTask: every field but -Constraints (a new task's constraints are its -MaxWallClockTime,
        /// -RetentionTime and -MaxTaskRetryCount), none from the pipeline (a piped object binds whole to -InputObject);
        /// -CommandLine is in every set, mandatory with -Id, and listed with -Id; the other fields in every set, optional.
        /// </summary>
        internal static Rule NewBatchTask { get; } = MakeNewBatchTask();

        /// <summary>
        /// Update-BatchTask: the constraint fields (TaskInput.ConstraintFields: what the service's update changes)
        /// in all four sets, then -AllowDefinitionChange, then the definition fields (TaskInput.DefinitionFields,
        /// changed with -AllowDefinitionChange) for task objects and task files only; with -Path every field binds
        /// from the pipeline by property name.
        /// </summary>
        internal static Rule UpdateBatchTask { get; } = MakeUpdateBatchTask();

        /// <summary>Both rules.</summary>
        internal static IReadOnlyList<Rule> Rules { get; } = new[] { NewBatchTask, UpdateBatchTask };

        /// <summary>
        /// Each generated file (path relative to the repository root, '/'-separated) with the text it must have
        /// ("\n" line ends, no byte-order mark).
        /// </summary>
        internal static KeyValuePair<string, string>[] Render() =>
            Rules.Select(r => new KeyValuePair<string, string>(r.File, Render(r))).ToArray();

        private static Rule MakeNewBatchTask()
        {
            const string Parameters = nameof(NewBatchTaskCommand.ParametersSet);
            const string Property = nameof(NewBatchTaskCommand.PropertySet);
            const string Row = nameof(NewBatchTaskCommand.RowSet);
            In[] idSets = { new In(Parameters, mandatory: true), new In(Property), new In(Row) };
            In[] everywhere = { new In(null) };

            var parameters = new List<Entry>
            {
                new Entry(new Declaration("Id", typeof(string), null, "Alias(\"TaskId\")"), idSets),
                new Entry(Field(TaskInput.CommandLine), idSets),
                new Entry(new Declaration("Property", typeof(object), "A whole task: a dictionary or PSCustomObject with REST keys, attribute names or property names, JSON text or a CloudTask."),
                    new[] { new In(Property, mandatory: true) }),
                new Entry(new Declaration("InputObject", typeof(PSObject), "One row: an object whose property (or key) names are task fields; each piped object makes one task."),
                    new[] { new In(Row, mandatory: true, byValue: true) }),
            };
            parameters.AddRange(s_fields
                .Where(d => d.Name != TaskInput.CommandLine && d.Name != TaskInput.Constraints)
                .Select(d => new Entry(d, everywhere)));
            return new Rule(nameof(NewBatchTaskCommand), "src/BatchTaskPS.Module/Commands/NewBatchTaskCommand.Fields.g.cs", parameters);
        }

        private static Rule MakeUpdateBatchTask()
        {
            const string InputObject = nameof(UpdateBatchTaskCommand.InputObjectSet);
            const string Path = nameof(UpdateBatchTaskCommand.PathSet);
            const string ServiceObject = nameof(UpdateBatchTaskCommand.ServiceObjectSet);
            const string ServiceId = nameof(UpdateBatchTaskCommand.ServiceIdSet);
            In[] allSets = { new In(Path, byPropertyName: true), new In(InputObject), new In(ServiceObject), new In(ServiceId) };
            In[] taskSets = { new In(Path, byPropertyName: true), new In(InputObject) };
            In[] serviceSets = { new In(ServiceObject), new In(ServiceId) };
            const string EmptyCondition = "Empty text is refused on the command line (EmptyCondition); from the pipeline it means \"not given\".";

            var parameters = new List<Entry>
            {
                new Entry(new Declaration("InputObject", typeof(CloudTask), null),
                    new[] { new In(InputObject, mandatory: true, position: 0, byValue: true), new In(ServiceObject, mandatory: true, position: 0, byValue: true) }),
                new Entry(new Declaration("Path", typeof(string[]), "Task files (one task each), taken literally.", "Alias(\"PSPath\", \"LiteralPath\")", "ValidateNotNullOrEmpty"),
                    new[] { new In(Path, mandatory: true, byPropertyName: true) }),
                new Entry(new Declaration("IfMatch", typeof(string), EmptyCondition, "AllowEmptyString"), allSets),
                new Entry(new Declaration("IfNoneMatch", typeof(string), EmptyCondition, "AllowEmptyString"), allSets),
                new Entry(new Declaration("IfModifiedSince", typeof(DateTime), null), allSets),
                new Entry(new Declaration("IfUnmodifiedSince", typeof(DateTime), null), allSets),
            };
            parameters.AddRange(TaskInput.ConstraintFields.Select(name => new Entry(Field(name), allSets)));
            parameters.Add(new Entry(new Declaration("AllowDefinitionChange", typeof(SwitchParameter), "Lets the definition fields (below) change, for tasks not yet submitted (no state, or active)."),
                new[] { new In(null) }));
            parameters.AddRange(TaskInput.DefinitionFields.Select(name => new Entry(Field(name), taskSets)));

            // Against the service (-BatchContext): UpdateBatchTaskCommand.Service.cs.
            parameters.Add(new Entry(new Declaration("BatchContext", typeof(BatchContext), null, "ValidateNotNull"),
                new[] { new In(ServiceObject, mandatory: true), new In(ServiceId, mandatory: true) }));
            parameters.Add(new Entry(new Declaration("JobId", typeof(string), "The job; for tasks from Get-BatchTask it is read from the task's url.", "ValidateNotNullOrEmpty"),
                new[] { new In(ServiceObject), new In(ServiceId, mandatory: true) }));
            parameters.Add(new Entry(new Declaration("Id", typeof(string[]), null, "ValidateNotNullOrEmpty"),
                new[] { new In(ServiceId, mandatory: true, byPropertyName: true) }));
            parameters.Add(new Entry(new Declaration("Force", typeof(SwitchParameter), "Sends no If-Match of the task's ETag (the conditions given are still sent)."), serviceSets));
            return new Rule(nameof(UpdateBatchTaskCommand), "src/BatchTaskPS.Module/Commands/UpdateBatchTaskCommand.Fields.g.cs", parameters);
        }

        private static Declaration Field(string name) =>
            s_byName.TryGetValue(name, out Declaration? declaration)
                ? declaration
                : throw new ArgumentException("'" + name + "' is not a task-field parameter.", nameof(name));

        private static Dictionary<string, Declaration> ByName()
        {
            var byName = new Dictionary<string, Declaration>(StringComparer.OrdinalIgnoreCase);
            foreach (Declaration d in s_fields)
            {
                // Each name is a TaskInput field, so a value given for it is applied by the core's mapping.
                if (TaskInput.FieldOfColumn(d.Name) != d.Name)
                {
                    throw new InvalidOperationException("The parameter '" + d.Name + "' is not a TaskInput field.");
                }

                byName.Add(d.Name, d);
            }

            return byName;
        }

        /// <summary>The source text of one cmdlet's generated file.</summary>
        private static string Render(Rule rule)
        {
            var namespaces = new SortedSet<string>(StringComparer.Ordinal)
            {
                "System.Management.Automation",
                typeof(TaskFieldParameters).Namespace!,
            };
            foreach (Entry e in rule.Parameters)
            {
                Type t = e.Declaration.Type;
                while (t.IsArray)
                {
                    t = t.GetElementType()!;
                }

                if (!s_keywords.ContainsKey(t) && t.Namespace != typeof(NewBatchTaskCommand).Namespace)
                {
                    namespaces.Add(t.Namespace!);
                }
            }

            var text = new StringBuilder();
            text.Append("// <auto-generated>\n");
            text.Append("// Generated from src/BatchTaskPS.Module/Commands/Support/TaskFieldParameters.cs (the ").Append(rule.ClassName).Append(" rule).\n");
            text.Append("// Do not edit: change the table or the rule there and run ./build.sh generate.\n");
            text.Append("// </auto-generated>\n");
            text.Append("#nullable enable\n\n");
            foreach (string ns in namespaces.Where(n => n == "System" || n.StartsWith("System.", StringComparison.Ordinal)))
            {
                text.Append("using ").Append(ns).Append(";\n");
            }

            foreach (string ns in namespaces.Where(n => n != "System" && !n.StartsWith("System.", StringComparison.Ordinal)))
            {
                text.Append("using ").Append(ns).Append(";\n");
            }

            text.Append("\nnamespace ").Append(typeof(NewBatchTaskCommand).Namespace).Append("\n{\n");
            text.Append("    public sealed partial class ").Append(rule.ClassName).Append("\n    {\n");
            bool first = true;
            foreach (Entry e in rule.Parameters)
            {
                if (!first)
                {
                    text.Append('\n');
                }

                first = false;
                Declaration d = e.Declaration;
                if (d.Summary != null)
                {
                    text.Append("        /// <summary>").Append(EscapeXml(d.Summary)).Append("</summary>\n");
                }

                foreach (In set in e.Sets)
                {
                    text.Append("        [").Append(set).Append("]\n");
                }

                foreach (string attribute in d.Attributes)
                {
                    text.Append("        [").Append(attribute).Append("]\n");
                }

                if (d.Type.IsValueType && d.Type.Assembly == typeof(CloudTask).Assembly)
                {
                    // A field of a core value type would make PowerShell load the core while it lists this assembly's
                    // types during the import, before the module initializer picks the core's image: the value is boxed.
                    string field = "_" + char.ToLowerInvariant(d.Name[0]) + d.Name.Substring(1);
                    text.Append("        public ").Append(TypeName(d.Type)).Append(' ').Append(d.Name)
                        .Append(" { get => ").Append(field).Append(" is ").Append(TypeName(d.Type)).Append(" value ? value : default; set => ")
                        .Append(field).Append(" = value; }\n\n");
                    text.Append("        private object? ").Append(field).Append(";\n");
                    continue;
                }

                text.Append("        public ").Append(TypeName(d.Type)).Append(' ').Append(d.Name).Append(" { get; set; }");
                text.Append(d.Type.IsValueType ? "\n" : " = null!;\n");
            }

            text.Append("    }\n}\n");
            return text.ToString();
        }

        private static readonly Dictionary<Type, string> s_keywords = new Dictionary<Type, string>
        {
            [typeof(string)] = "string",
            [typeof(object)] = "object",
            [typeof(int)] = "int",
            [typeof(long)] = "long",
            [typeof(bool)] = "bool",
            [typeof(double)] = "double",
        };

        private static string TypeName(Type type)
        {
            if (type.IsArray)
            {
                return TypeName(type.GetElementType()!) + "[]";
            }

            if (type.IsGenericType || type.IsNested)
            {
                throw new NotSupportedException("A parameter of type " + type.FullName + " needs TypeName to learn it.");
            }

            return s_keywords.TryGetValue(type, out string? keyword) ? keyword : type.Name;
        }

        private static string EscapeXml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
