using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using BatchTaskPS.Factories;
using BatchTaskPS.Model;

namespace BatchTaskPS.Commands.Support
{
    /// <summary>
    /// The task-field parameters of New-BatchTask and Update-BatchTask, each declared once: its name (a
    /// <see cref="TaskInput"/> field, so the core's one mapping gives it its meaning), its .NET type and the
    /// attributes that shape binding and completion (transformations, completers, [Credential], aliases).
    /// What differs between the cmdlets is only where a field is a parameter: its parameter sets, whether it is
    /// mandatory there and whether it binds from the pipeline by property name. Each cmdlet gives that as a rule
    /// to <see cref="For"/> (once), returns the parameters from its GetDynamicParameters (IDynamicParameters), and
    /// reads the values given from MyInvocation.BoundParameters, as before.
    /// </summary>
    /// <remarks>
    /// Runtime-defined parameters because PowerShell reads a static parameter's [Parameter] attributes from the
    /// property itself: a shared declaration (a base class) could not be in different sets per cmdlet. The
    /// dictionary is made once per command invocation (not per pipeline record), and RuntimeDefinedParameter is
    /// in PowerShellStandard.Library 5.1, so this holds for Windows PowerShell 5.1 too. The help of these
    /// parameters is the cmdlets' MAML (module/en-US), as for every other parameter.
    /// </remarks>
    internal static class TaskFieldParameters
    {
        /// <summary>One task-field parameter: every fact about it except where it is a parameter.</summary>
        private sealed class Declaration
        {
            public Declaration(string name, Type type, params Attribute[] attributes)
            {
                Name = name;
                Type = type;
                Attributes = attributes;
            }

            public string Name { get; }

            public Type Type { get; }

            /// <summary>The attributes besides [Parameter]. None of them keeps state, so every invocation shares them.</summary>
            public Attribute[] Attributes { get; }
        }

        /// <summary>
        /// Every task-field parameter, in New-BatchTask's order (the order Get-Command -Syntax shows them in). Aliases,
        /// when a field gets one, are an AliasAttribute in its attributes.
        /// </summary>
        private static readonly Declaration[] s_declarations =
        {
            new Declaration(TaskInput.CommandLine, typeof(string)),
            new Declaration(TaskInput.DisplayName, typeof(string)),
            new Declaration(TaskInput.ContainerSettings, typeof(object)),
            new Declaration(TaskInput.ResourceFiles, typeof(object[])),
            new Declaration(TaskInput.OutputFiles, typeof(object[])),

            // A hashtable NAME=value, or a list of EnvironmentSetting objects or {name; value} dictionaries.
            new Declaration(TaskInput.EnvironmentSettings, typeof(object)),
            new Declaration(TaskInput.AffinityId, typeof(string)),
            new Declaration(TaskInput.MaxWallClockTime, typeof(TimeSpan), new DurationTransformationAttribute(), new ArgumentCompleterAttribute(typeof(DurationCompleter))),
            new Declaration(TaskInput.RetentionTime, typeof(TimeSpan), new DurationTransformationAttribute(), new ArgumentCompleterAttribute(typeof(DurationCompleter))),
            new Declaration(TaskInput.MaxTaskRetryCount, typeof(int), new NumberTextTransformationAttribute()),

            // A TaskConstraints or dictionary: its set fields are changed, the others kept (Update-BatchTask only).
            new Declaration(TaskInput.Constraints, typeof(object)),
            new Declaration(TaskInput.RequiredSlots, typeof(int), new NumberTextTransformationAttribute()),
            new Declaration(TaskInput.UserName, typeof(string)),
            new Declaration(TaskInput.AutoUserScope, typeof(AutoUserScope), new ArgumentCompleterAttribute(typeof(AutoUserScopeCompleter)), new KnownEnumValueAttribute(typeof(AutoUserScope))),
            new Declaration(TaskInput.ElevationLevel, typeof(ElevationLevel), new ArgumentCompleterAttribute(typeof(ElevationLevelCompleter)), new KnownEnumValueAttribute(typeof(ElevationLevel))),
            new Declaration(TaskInput.MultiInstanceSettings, typeof(object)),
            new Declaration(TaskInput.DependsOnTaskId, typeof(string[])),

            // TaskIdRange objects, {start; end} dictionaries or 'start-end' text.
            new Declaration(TaskInput.DependsOnTaskIdRange, typeof(object[])),
            new Declaration(TaskInput.ApplicationPackageReferences, typeof(object[])),
            new Declaration(TaskInput.AuthenticationTokenSettings, typeof(object)),
            new Declaration(TaskInput.ExitConditions, typeof(object)),

            // Shorthand for containerSettings.imageName.
            new Declaration(TaskInput.ContainerImage, typeof(string)),

            // Sets containerSettings.registry.registryServer.
            new Declaration(TaskInput.RegistryServer, typeof(string)),

            // The registry user and password: the only way to give a registry password.
            new Declaration(TaskInput.RegistryCredential, typeof(PSCredential), new CredentialAttribute()),
        };

        private static readonly Dictionary<string, Declaration> s_byName = ByName();

        /// <summary>Every task-field parameter's name, in the table's order.</summary>
        public static IReadOnlyList<string> Names { get; } = Array.ConvertAll(s_declarations, d => d.Name);

        /// <summary>
        /// A cmdlet's task-field parameters: <paramref name="names"/> (in that order), each in the parameter sets
        /// <paramref name="where"/> gives for it (one ParameterAttribute per set). Made once per cmdlet type (a static
        /// field); its <see cref="Parameters.Create"/> makes the dictionary each invocation binds.
        /// </summary>
        public static Parameters For(IEnumerable<string> names, Func<string, IEnumerable<ParameterAttribute>> where)
        {
            if (names == null)
            {
                throw new ArgumentNullException(nameof(names));
            }

            if (where == null)
            {
                throw new ArgumentNullException(nameof(where));
            }

            var parameters = new List<Parameters.Parameter>();
            foreach (string name in names)
            {
                if (!s_byName.TryGetValue(name, out Declaration? declaration))
                {
                    throw new ArgumentException("'" + name + "' is not a task-field parameter.", nameof(names));
                }

                var attributes = new List<Attribute>(where(name));
                attributes.AddRange(declaration.Attributes);
                parameters.Add(new Parameters.Parameter(declaration.Name, declaration.Type, attributes.ToArray()));
            }

            return new Parameters(parameters.ToArray());
        }

        /// <summary>One cmdlet's task-field parameters, with their sets.</summary>
        internal sealed class Parameters
        {
            private readonly Parameter[] _parameters;

            internal Parameters(Parameter[] parameters) => _parameters = parameters;

            /// <summary>
            /// New runtime-defined parameters (they hold the values one invocation binds). The attributes, [Parameter]
            /// included, are shared by every invocation, as PowerShell shares a static parameter's: none keeps state.
            /// </summary>
            public RuntimeDefinedParameterDictionary Create()
            {
                var dictionary = new RuntimeDefinedParameterDictionary();
                foreach (Parameter p in _parameters)
                {
                    dictionary.Add(p.Name, new RuntimeDefinedParameter(p.Name, p.Type, new Collection<Attribute>(new List<Attribute>(p.Attributes))));
                }

                return dictionary;
            }

            internal sealed class Parameter
            {
                public Parameter(string name, Type type, Attribute[] attributes)
                {
                    Name = name;
                    Type = type;
                    Attributes = attributes;
                }

                public string Name { get; }

                public Type Type { get; }

                public Attribute[] Attributes { get; }
            }
        }

        private static Dictionary<string, Declaration> ByName()
        {
            var byName = new Dictionary<string, Declaration>(StringComparer.OrdinalIgnoreCase);
            foreach (Declaration d in s_declarations)
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
    }
}
