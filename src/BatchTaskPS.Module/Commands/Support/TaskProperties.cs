using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text;
using System.Text.RegularExpressions;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;

namespace BatchTaskPS.Commands.Support
{
    /// <summary>A parameter value the core could not use; the cmdlet turns it into an InvalidTaskProperty error.</summary>
    internal sealed class TaskPropertyException : Exception
    {
        public TaskPropertyException(string parameterName, object? value, string message, Exception? inner = null)
            : base(message, inner)
        {
            ParameterName = parameterName;
            Value = value;
        }

        public string ParameterName { get; }

        public object? Value { get; }
    }

    /// <summary>-UserName given together with -AutoUserScope or -ElevationLevel.</summary>
    internal sealed class ConflictingUserIdentityException : Exception
    {
        public ConflictingUserIdentityException(string message)
            : base(message)
        {
        }
    }

    /// <summary>
    /// Applies the writable-property parameters shared by New-BatchTask and Update-BatchTask to a task.
    /// Only parameters present in the bound set are touched (an omitted parameter means unchanged).
    /// All conversion is the core's (ReadModelFromTree); this class only routes values.
    /// </summary>
    internal static class TaskProperties
    {
        // Parameter names, shared by both cmdlets so that BoundParameters lookups cannot drift.
        public const string DisplayName = nameof(DisplayName);
        public const string CommandLine = nameof(CommandLine);
        public const string ContainerSettings = nameof(ContainerSettings);
        public const string ResourceFiles = nameof(ResourceFiles);
        public const string OutputFiles = nameof(OutputFiles);
        public const string EnvironmentSettings = nameof(EnvironmentSettings);
        public const string AffinityId = nameof(AffinityId);
        public const string MaxWallClockTime = nameof(MaxWallClockTime);
        public const string RetentionTime = nameof(RetentionTime);
        public const string MaxTaskRetryCount = nameof(MaxTaskRetryCount);
        public const string RequiredSlots = nameof(RequiredSlots);
        public const string UserName = nameof(UserName);
        public const string AutoUserScope = nameof(AutoUserScope);
        public const string ElevationLevel = nameof(ElevationLevel);
        public const string MultiInstanceSettings = nameof(MultiInstanceSettings);
        public const string DependsOnTaskId = nameof(DependsOnTaskId);
        public const string DependsOnTaskIdRange = nameof(DependsOnTaskIdRange);
        public const string ApplicationPackageReferences = nameof(ApplicationPackageReferences);
        public const string AuthenticationTokenSettings = nameof(AuthenticationTokenSettings);
        public const string ExitConditions = nameof(ExitConditions);
        public const string ContainerImage = nameof(ContainerImage);
        public const string RegistryServer = nameof(RegistryServer);
        public const string RegistryCredential = nameof(RegistryCredential);
        public const string Constraints = nameof(Constraints);

        /// <summary>The constraint parameters (the only ones the service's update changes).</summary>
        public static readonly string[] ConstraintParameters = { MaxWallClockTime, RetentionTime, MaxTaskRetryCount, Constraints };

        /// <summary>Every other writable-property parameter (a definition change for Update-BatchTask).</summary>
        public static readonly string[] DefinitionParameters =
        {
            DisplayName, CommandLine, ContainerSettings, ResourceFiles, OutputFiles, EnvironmentSettings, AffinityId,
            RequiredSlots, UserName, AutoUserScope, ElevationLevel, MultiInstanceSettings, DependsOnTaskId,
            DependsOnTaskIdRange, ApplicationPackageReferences, AuthenticationTokenSettings, ExitConditions,
            ContainerImage, RegistryServer, RegistryCredential,
        };

        private static readonly Regex s_range = new Regex(@"^\s*(\d+)\s*-\s*(\d+)\s*$", RegexOptions.CultureInvariant);

        /// <summary>Applies every bound writable-property parameter to <paramref name="task"/> (mutates it).</summary>
        public static void Apply(CloudTask task, IDictionary<string, object?> bound, BatchTaskReader reader)
        {
            if (bound.ContainsKey(UserName) && (bound.ContainsKey(AutoUserScope) || bound.ContainsKey(ElevationLevel)))
            {
                throw new ConflictingUserIdentityException(
                    "-UserName names a pool user; -AutoUserScope and -ElevationLevel describe an auto-user. A task runs as one or the other: give either -UserName, or -AutoUserScope/-ElevationLevel.");
            }

            if (bound.TryGetValue(DisplayName, out object? v))
            {
                task.DisplayName = AsString(v);
            }

            if (bound.TryGetValue(CommandLine, out v))
            {
                task.CommandLine = AsString(v);
            }

            if (bound.TryGetValue(ContainerSettings, out v))
            {
                task.ContainerSettings = v == null ? null : Model<TaskContainerSettings>(reader, ContainerSettings, v).Clone();
            }

            if (bound.TryGetValue(ContainerImage, out v))
            {
                (task.ContainerSettings ??= new TaskContainerSettings()).ImageName = AsString(v);
            }

            if (bound.TryGetValue(RegistryServer, out v))
            {
                ((task.ContainerSettings ??= new TaskContainerSettings()).Registry ??= new ContainerRegistry()).RegistryServer = AsString(v);
            }

            if (bound.TryGetValue(RegistryCredential, out v))
            {
                var registry = (task.ContainerSettings ??= new TaskContainerSettings()).Registry ??= new ContainerRegistry();
                if (PSObjectAdapter.Unwrap(v) is PSCredential credential)
                {
                    registry.UserName = credential.UserName;
                    registry.Password = credential.GetNetworkCredential().Password;
                }
                else
                {
                    registry.UserName = null;
                    registry.Password = null;
                }
            }

            if (bound.TryGetValue(ResourceFiles, out v))
            {
                task.ResourceFiles = ModelList<ResourceFile>(reader, ResourceFiles, v);
            }

            if (bound.TryGetValue(OutputFiles, out v))
            {
                task.OutputFiles = ModelList<OutputFile>(reader, OutputFiles, v);
            }

            if (bound.TryGetValue(EnvironmentSettings, out v))
            {
                task.EnvironmentSettings = Environment(reader, v);
            }

            if (bound.TryGetValue(AffinityId, out v))
            {
                string? id = AsString(v);
                task.AffinityInfo = id == null ? null : new AffinityInformation { AffinityId = id };
            }

            ApplyConstraints(task, bound, reader);

            if (bound.TryGetValue(RequiredSlots, out v))
            {
                task.RequiredSlots = (int?)PSObjectAdapter.Unwrap(v);
            }

            if (bound.TryGetValue(UserName, out v))
            {
                string? user = AsString(v);
                task.UserIdentity = user == null ? null : new UserIdentity { UserName = user };
            }

            if (bound.ContainsKey(AutoUserScope) || bound.ContainsKey(ElevationLevel))
            {
                // An auto-user replaces a named user; values not given keep the task's current auto-user values.
                var identity = task.UserIdentity ?? new UserIdentity();
                identity.UserName = null;
                var auto = identity.AutoUser ??= new AutoUserSpecification();
                if (bound.TryGetValue(AutoUserScope, out v))
                {
                    auto.Scope = PSObjectAdapter.Unwrap(v) is Model.AutoUserScope scope ? scope : (AutoUserScope?)null;
                }

                if (bound.TryGetValue(ElevationLevel, out v))
                {
                    auto.ElevationLevel = PSObjectAdapter.Unwrap(v) is Model.ElevationLevel level ? level : (ElevationLevel?)null;
                }

                task.UserIdentity = identity;
            }

            if (bound.TryGetValue(MultiInstanceSettings, out v))
            {
                task.MultiInstanceSettings = v == null ? null : Model<MultiInstanceSettings>(reader, MultiInstanceSettings, v).Clone();
            }

            if (bound.TryGetValue(DependsOnTaskId, out v))
            {
                var deps = task.DependsOn ??= new TaskDependencies();
                deps.TaskIds = v == null ? null : new List<string?>((IEnumerable<string?>)(string[])PSObjectAdapter.Unwrap(v)!);
            }

            if (bound.TryGetValue(DependsOnTaskIdRange, out v))
            {
                var deps = task.DependsOn ??= new TaskDependencies();
                deps.TaskIdRanges = Ranges(reader, v);
            }

            if (task.DependsOn != null && task.DependsOn.TaskIds == null && task.DependsOn.TaskIdRanges == null && !task.DependsOn.AdditionalProperties.GetEnumerator().MoveNext())
            {
                task.DependsOn = null;
            }

            if (bound.TryGetValue(ApplicationPackageReferences, out v))
            {
                task.ApplicationPackageReferences = ModelList<ApplicationPackageReference>(reader, ApplicationPackageReferences, v);
            }

            if (bound.TryGetValue(AuthenticationTokenSettings, out v))
            {
                task.AuthenticationTokenSettings = v == null ? null : Model<AuthenticationTokenSettings>(reader, AuthenticationTokenSettings, v).Clone();
            }

            if (bound.TryGetValue(ExitConditions, out v))
            {
                task.ExitConditions = v == null ? null : Model<ExitConditions>(reader, ExitConditions, v).Clone();
            }
        }

        /// <summary>
        /// Constraints: start from the task's current constraints (the service's update resets omitted
        /// fields to defaults, so everything not given is carried over), then -Constraints (its set
        /// fields), then the single-field parameters.
        /// </summary>
        public static void ApplyConstraints(CloudTask task, IDictionary<string, object?> bound, BatchTaskReader reader)
        {
            bool any = false;
            foreach (string name in ConstraintParameters)
            {
                any |= bound.ContainsKey(name);
            }

            if (!any)
            {
                return;
            }

            TaskConstraints constraints = task.Constraints?.Clone() ?? new TaskConstraints();
            if (bound.TryGetValue(Constraints, out object? v) && v != null)
            {
                TaskConstraints given = Model<TaskConstraints>(reader, Constraints, v);
                if (given.MaxWallClockTime.HasValue)
                {
                    constraints.MaxWallClockTime = given.MaxWallClockTime;
                }

                if (given.RetentionTime.HasValue)
                {
                    constraints.RetentionTime = given.RetentionTime;
                }

                if (given.MaxTaskRetryCount.HasValue)
                {
                    constraints.MaxTaskRetryCount = given.MaxTaskRetryCount;
                }

                foreach (KeyValuePair<string, string> extra in given.AdditionalProperties)
                {
                    constraints.AdditionalProperties.SetJson(extra.Key, extra.Value);
                }
            }

            if (bound.TryGetValue(MaxWallClockTime, out v))
            {
                constraints.MaxWallClockTime = (TimeSpan?)PSObjectAdapter.Unwrap(v);
            }

            if (bound.TryGetValue(RetentionTime, out v))
            {
                constraints.RetentionTime = (TimeSpan?)PSObjectAdapter.Unwrap(v);
            }

            if (bound.TryGetValue(MaxTaskRetryCount, out v))
            {
                constraints.MaxTaskRetryCount = (int?)PSObjectAdapter.Unwrap(v);
            }

            task.Constraints = constraints;
        }

        private static string? AsString(object? value) =>
            PSObjectAdapter.Unwrap(value) is object o ? Convert.ToString(o, CultureInfo.InvariantCulture) : null;

        private static T Model<T>(BatchTaskReader reader, string parameter, object value)
            where T : BatchModel<T>, new()
        {
            try
            {
                return PSObjectAdapter.ReadModel<T>(reader, value);
            }
            catch (BatchTaskReadException e)
            {
                throw new TaskPropertyException(parameter, value,
                    "The value of -" + parameter + " is not a valid " + typeof(T).Name + ": " + e.Message, e);
            }
        }

        private static List<T?>? ModelList<T>(BatchTaskReader reader, string parameter, object? value)
            where T : BatchModel<T>, new()
        {
            object? v = PSObjectAdapter.Unwrap(value);
            if (v == null)
            {
                return null;
            }

            var list = new List<T?>();
            foreach (object? item in Items(v))
            {
                list.Add(item == null ? null : Model<T>(reader, parameter, item).Clone());
            }

            return list;
        }

        /// <summary>
        /// A hashtable NAME=value; text 'NAME=value;NAME2=value2' (one CSV cell; ';;' is a literal ';');
        /// or a list of EnvironmentSetting objects, {name, value} dictionaries or such texts.
        /// </summary>
        private static List<EnvironmentSetting?>? Environment(BatchTaskReader reader, object? value)
        {
            object? v = PSObjectAdapter.Unwrap(value);
            if (v == null)
            {
                return null;
            }

            if (v is string text)
            {
                return EnvironmentText(text);
            }

            if (v is object[] single && single.Length == 1 && PSObjectAdapter.Unwrap(single[0]) is IDictionary)
            {
                v = PSObjectAdapter.Unwrap(single[0]);
            }

            if (v is IDictionary map)
            {
                var settings = new List<EnvironmentSetting?>();
                foreach (DictionaryEntry entry in map)
                {
                    settings.Add(new EnvironmentSetting
                    {
                        Name = Convert.ToString(PSObjectAdapter.Unwrap(entry.Key), CultureInfo.InvariantCulture),
                        Value = AsString(entry.Value),
                    });
                }

                return settings;
            }

            if (v is IEnumerable items && v is not IDictionary)
            {
                // Texts in a list ('A=1', 'B=2;C=3') each give their settings; other items are read as models.
                var settings = new List<EnvironmentSetting?>();
                foreach (object? raw in items)
                {
                    object? item = PSObjectAdapter.Unwrap(raw);
                    if (item is string itemText)
                    {
                        settings.AddRange(EnvironmentText(itemText));
                    }
                    else
                    {
                        settings.Add(item == null ? null : Model<EnvironmentSetting>(reader, EnvironmentSettings, item).Clone());
                    }
                }

                return settings;
            }

            return ModelList<EnvironmentSetting>(reader, EnvironmentSettings, v);
        }

        /// <summary>
        /// 'NAME=value;NAME2=value2': pairs split at ';' (';;' stands for a ';' inside a value), each at its
        /// first '='. Names are trimmed; values are kept exactly (empty allowed). Empty pairs are skipped.
        /// </summary>
        internal static List<EnvironmentSetting?> EnvironmentText(string text)
        {
            var settings = new List<EnvironmentSetting?>();
            var pair = new StringBuilder();
            int number = 0;
            for (int i = 0; i <= text.Length; i++)
            {
                if (i < text.Length && text[i] == ';' && i + 1 < text.Length && text[i + 1] == ';')
                {
                    pair.Append(';');
                    i++;
                    continue;
                }

                if (i < text.Length && text[i] != ';')
                {
                    pair.Append(text[i]);
                    continue;
                }

                string p = pair.ToString();
                pair.Clear();
                if (p.Trim().Length == 0)
                {
                    continue;
                }

                number++;
                int eq = p.IndexOf('=');
                string name = eq < 0 ? string.Empty : p.Substring(0, eq).Trim();
                if (name.Length == 0)
                {
                    // The pair itself is not quoted: it may be a secret value typed without its name.
                    throw new TaskPropertyException(EnvironmentSettings, text,
                        "Setting " + number.ToString(CultureInfo.InvariantCulture) + " of the -EnvironmentSettings text has no NAME before '=': use 'NAME=value;NAME2=value2' (';;' for a ';' inside a value), a hashtable or a list of EnvironmentSetting objects.");
                }

                settings.Add(new EnvironmentSetting { Name = name, Value = p.Substring(eq + 1) });
            }

            return settings;
        }

        /// <summary>TaskIdRange objects, dictionaries {start, end}, or 'start-end' text.</summary>
        private static List<TaskIdRange?>? Ranges(BatchTaskReader reader, object? value)
        {
            object? v = PSObjectAdapter.Unwrap(value);
            if (v == null)
            {
                return null;
            }

            var list = new List<TaskIdRange?>();
            foreach (object? raw in Items(v))
            {
                object? item = PSObjectAdapter.Unwrap(raw);
                if (item is string text)
                {
                    Match m = s_range.Match(text);
                    if (!m.Success ||
                        !int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int start) ||
                        !int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int end))
                    {
                        throw new TaskPropertyException(DependsOnTaskIdRange, text,
                            "The value '" + text + "' of -DependsOnTaskIdRange is not a task id range: use 'start-end' (for example '1-10'), a TaskIdRange or @{start=1; end=10}.");
                    }

                    list.Add(new TaskIdRange { Start = start, End = end });
                }
                else
                {
                    list.Add(item == null ? null : Model<TaskIdRange>(reader, DependsOnTaskIdRange, item).Clone());
                }
            }

            return list;
        }

        private static IEnumerable Items(object value) =>
            value is IEnumerable e && value is not string && value is not IDictionary ? e : new[] { value };
    }
}
