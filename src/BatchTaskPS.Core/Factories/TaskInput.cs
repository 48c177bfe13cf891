using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text.Json;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using AutoUserScopeValue = BatchTaskPS.Model.AutoUserScope;
using AuthenticationTokenSettingsModel = BatchTaskPS.Model.AuthenticationTokenSettings;
using ElevationLevelValue = BatchTaskPS.Model.ElevationLevel;
using ExitConditionsModel = BatchTaskPS.Model.ExitConditions;
using MultiInstanceSettingsModel = BatchTaskPS.Model.MultiInstanceSettings;
using UserIdentityModel = BatchTaskPS.Model.UserIdentity;

namespace BatchTaskPS.Factories
{
    /// <summary>
    /// A value given for a task field that could not be used: which field (and, for a row, which row and
    /// column), the value as given, and a message that says what would be accepted.
    /// </summary>
    public sealed class TaskInputException : Exception
    {
        public TaskInputException(string field, object? value, string message, long row = 0, string? column = null, Exception? inner = null)
            : base(message, inner)
        {
            Field = field;
            Value = value;
            Row = row;
            Column = column;
        }

        /// <summary>The field's name (a New-BatchTask parameter name).</summary>
        public string Field { get; }

        /// <summary>The value as given.</summary>
        public object? Value { get; }

        /// <summary>The row's number (1 for the first row), or 0 when the value was not a row's.</summary>
        public long Row { get; }

        /// <summary>The row's column that held the value, as the row spells it; null for a parameter value.</summary>
        public string? Column { get; }

        /// <summary>Every fault of the row, this one first: a row with several bad cells is refused for each of them at once.</summary>
        public IReadOnlyList<TaskInputException> Faults { get; private set; } = Array.Empty<TaskInputException>();

        internal TaskInputException WithFaults(List<TaskInputException> faults)
        {
            Faults = faults;
            return this;
        }
    }

    /// <summary>A named pool user given together with auto-user settings: a task runs as one or the other.</summary>
    public sealed class ConflictingUserIdentityException : Exception
    {
        public ConflictingUserIdentityException(string message)
            : base(message)
        {
        }
    }

    /// <summary>
    /// How values given for a task's fields become the task: the one mapping behind New-BatchTask's
    /// parameters, its pipeline rows (an Import-Csv row, a PSCustomObject, a dictionary) and
    /// Update-BatchTask's changes. A value may be typed (a TimeSpan, a number, a model object, a dictionary
    /// with REST keys, a list) or text, which is read in one vocabulary for every field and every row
    /// (<see cref="TaskInputText"/>). A value is never dropped: it is used, or refused with a
    /// <see cref="TaskInputException"/> naming the field (and the row and column) and what would be accepted.
    /// </summary>
    public sealed class TaskInput
    {
        // Field names: New-BatchTask's parameter names, also the column names a row may use.
        public const string Id = nameof(Id);
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

        // Fields only a row (or a -Property task) gives: the REST objects that have no single parameter.
        public const string UserIdentity = nameof(UserIdentity);
        public const string DependsOn = nameof(DependsOn);
        public const string AffinityInfo = nameof(AffinityInfo);

        /// <summary>A whole task (JSON text, a dictionary or a CloudTask) that the row's other fields then change.</summary>
        public const string Property = nameof(Property);

        /// <summary>The constraint fields, as <see cref="Field"/>s.</summary>
        private static readonly Field[] s_constraintFields = { Field.MaxWallClockTime, Field.RetentionTime, Field.MaxTaskRetryCount, Field.Constraints };

        /// <summary>The constraint fields (the only ones the service's update changes).</summary>
        public static IReadOnlyList<string> ConstraintFields { get; } = Array.ConvertAll(s_constraintFields, f => f.ToString());

        /// <summary>Every other writable field a parameter sets (a definition change for Update-BatchTask).</summary>
        public static IReadOnlyList<string> DefinitionFields { get; } = new[]
        {
            DisplayName, CommandLine, ContainerSettings, ResourceFiles, OutputFiles, EnvironmentSettings, AffinityId,
            RequiredSlots, UserName, AutoUserScope, ElevationLevel, MultiInstanceSettings, DependsOnTaskId,
            DependsOnTaskIdRange, ApplicationPackageReferences, AuthenticationTokenSettings, ExitConditions,
            ContainerImage, RegistryServer, RegistryCredential,
        };

        /// <summary>Stands for "not given" in a value table (null is a given value: clear the field).</summary>
        internal static readonly object Absent = new object();

        /// <summary>Field names by <see cref="Field"/>, the same texts as the constants above.</summary>
        private static readonly string[] s_fieldNames = System.Enum.GetNames(typeof(Field));

        /// <summary>Column name (any letter case) to field: field names, the TaskId alias, REST keys and the reference's attribute names.</summary>
        private static readonly Dictionary<string, Field> s_columns = BuildColumns();


        /// <summary>Every field, in the order <see cref="Apply(CloudTask, IDictionary{string, object})"/> reads them from a value table.</summary>
        internal enum Field
        {
            Id, DisplayName, CommandLine, ContainerSettings, ResourceFiles, OutputFiles, EnvironmentSettings, AffinityId,
            MaxWallClockTime, RetentionTime, MaxTaskRetryCount, RequiredSlots, UserName, AutoUserScope, ElevationLevel,
            MultiInstanceSettings, DependsOnTaskId, DependsOnTaskIdRange, ApplicationPackageReferences,
            AuthenticationTokenSettings, ExitConditions, ContainerImage, RegistryServer, RegistryCredential, Constraints,
            UserIdentity, DependsOn, AffinityInfo, Property,
        }

        /// <summary>How many fields there are.</summary>
        internal const int FieldCount = (int)Field.Property + 1;

        public TaskInput(BatchTaskReader reader)
        {
            Reader = reader ?? throw new ArgumentNullException(nameof(reader));
        }

        /// <summary>The reader nested values are read with (its value adapter unwraps host values).</summary>
        public BatchTaskReader Reader { get; }

        /// <summary>Every name a row's column may have, each with the field it sets.</summary>
        public static IEnumerable<KeyValuePair<string, string>> Columns
        {
            get
            {
                foreach (KeyValuePair<string, Field> c in s_columns)
                {
                    yield return new KeyValuePair<string, string>(c.Key, s_fieldNames[(int)c.Value]);
                }
            }
        }

        /// <summary>The field a column sets, or null when the column is not a task field.</summary>
        public static string? FieldOfColumn(string column) =>
            column != null && s_columns.TryGetValue(column, out Field field) ? s_fieldNames[(int)field] : null;

        internal static bool TryGetField(string column, out Field field) => s_columns.TryGetValue(column, out field);

        internal static string NameOf(Field field) => s_fieldNames[(int)field];

        /// <summary>How errors name a row: "Row 3" (1 for the first row).</summary>
        internal static string RowName(long row) => "Row " + row.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// Makes a task from one row: column name to value. An empty (or blank) text, or null, means "not
        /// given". <paramref name="defaults"/> (field to value: the parameters given on the command line)
        /// fill the fields the row does not give. A row must give (or default) Id and CommandLine, unless it
        /// gives a whole task in a Property column. Columns that are not task fields are added to
        /// <paramref name="unusedColumns"/> (for a warning) and otherwise left alone.
        /// </summary>
        public CloudTask FromRow(IEnumerable<KeyValuePair<string, object?>> row, long rowNumber, IDictionary<string, object?>? defaults = null, ICollection<string>? unusedColumns = null)
        {
            if (row == null)
            {
                throw new ArgumentNullException(nameof(row));
            }

            TaskRowReader reader = OpenRows(defaults);
            reader.Begin();
            foreach (KeyValuePair<string, object?> cell in row)
            {
                reader.Add(cell.Key, cell.Value);
            }

            return reader.End(rowNumber, unusedColumns);
        }

        /// <summary>
        /// A reader of many rows with the same <paramref name="defaults"/> (see <see cref="FromRow"/>): it keeps its
        /// tables between rows and remembers where each column of the previous row went, so that a row of a
        /// spreadsheet costs a few array writes per cell. Not for use by several threads at once.
        /// </summary>
        public TaskRowReader OpenRows(IDictionary<string, object?>? defaults = null) => new TaskRowReader(this, ToTable(defaults));

        /// <summary>A whole task from JSON text, a dictionary (REST keys, attribute or property names) or a CloudTask (copied).</summary>
        public CloudTask WholeTask(object? value) => WholeTask(value, 0, null);

        /// <summary>Applies every given field to <paramref name="task"/> (mutates it); a field not given is left as it is.</summary>
        public void Apply(CloudTask task, IDictionary<string, object?> given)
        {
            if (given == null)
            {
                throw new ArgumentNullException(nameof(given));
            }

            Apply(task, new Context(this, ToTable(given), null, 0));
        }

        /// <summary>A value table: each given field's value at its index, <see cref="Absent"/> elsewhere. Names that are not fields are left out.</summary>
        internal static object?[] ToTable(IDictionary<string, object?>? given)
        {
            var table = new object?[FieldCount];
            for (int i = 0; i < table.Length; i++)
            {
                table[i] = Absent;
            }

            if (given != null)
            {
                foreach (KeyValuePair<string, object?> kv in given)
                {
                    if (kv.Key != null && s_columns.TryGetValue(kv.Key, out Field f))
                    {
                        table[(int)f] = kv.Value;
                    }
                }
            }

            return table;
        }

        internal CloudTask WholeTask(object? value, long row, string? column)
        {
            object? v = Unwrap(value);
            try
            {
                return v switch
                {
                    CloudTask task => task.Clone(),
                    string text when TaskInputText.IsJson(text) => Reader.ReadTask(text),
                    string text => throw Fail(Property, value, TaskInputText.Quote(text) + " is not a task: give its JSON object, a dictionary or a CloudTask.", row, column),
                    _ => Reader.ReadFromTree(v),
                };
            }
            catch (BatchTaskReadException e)
            {
                throw Fail(Property, value, "not a valid task: " + e.Message, row, column, e);
            }
        }

        internal static void Apply(CloudTask task, Context c)
        {
            if (task == null)
            {
                throw new ArgumentNullException(nameof(task));
            }

            if (c.Has(Field.UserName) && (c.Has(Field.AutoUserScope) || c.Has(Field.ElevationLevel)))
            {
                throw new ConflictingUserIdentityException(
                    (c.Row > 0 ? RowName(c.Row) + ": " : string.Empty) +
                    "UserName names a pool user; AutoUserScope and ElevationLevel describe an auto-user. A task runs as one or the other: give either UserName, or AutoUserScope/ElevationLevel.");
            }

            if (c.TryGet(Field.Id, out object? v))
            {
                task.Id = Text(v);
            }

            if (c.TryGet(Field.DisplayName, out v))
            {
                task.DisplayName = Text(v);
            }

            if (c.TryGet(Field.CommandLine, out v))
            {
                task.CommandLine = Text(v);
            }

            if (c.TryGet(Field.ContainerSettings, out v))
            {
                task.ContainerSettings = c.Model<TaskContainerSettings>(Field.ContainerSettings, v);
            }

            if (c.TryGet(Field.ContainerImage, out v))
            {
                (task.ContainerSettings ??= new TaskContainerSettings()).ImageName = Text(v);
            }

            if (c.TryGet(Field.RegistryServer, out v))
            {
                ((task.ContainerSettings ??= new TaskContainerSettings()).Registry ??= new ContainerRegistry()).RegistryServer = Text(v);
            }

            if (c.TryGet(Field.RegistryCredential, out v))
            {
                var registry = (task.ContainerSettings ??= new TaskContainerSettings()).Registry ??= new ContainerRegistry();
                switch (v)
                {
                    case null:
                        registry.UserName = null;
                        registry.Password = null;
                        break;
                    case NetworkCredential credential:
                        registry.UserName = credential.UserName;
                        registry.Password = credential.Password;
                        break;
                    default:
                        throw c.Fail(Field.RegistryCredential, "a registry password is never read from text or a spreadsheet cell: give -RegistryCredential a PSCredential on the command line (for example from Get-Credential or Get-Secret).");
                }
            }

            if (c.TryGet(Field.ResourceFiles, out v))
            {
                task.ResourceFiles = c.ModelList(Field.ResourceFiles, v, TaskInputText.ParseResourceFile);
            }

            if (c.TryGet(Field.OutputFiles, out v))
            {
                task.OutputFiles = c.ModelList(Field.OutputFiles, v, TaskInputText.ParseOutputFile);
            }

            if (c.TryGet(Field.EnvironmentSettings, out v))
            {
                task.EnvironmentSettings = c.Environment(v);
            }

            if (c.TryGet(Field.AffinityInfo, out v))
            {
                task.AffinityInfo = c.Model<AffinityInformation>(Field.AffinityInfo, v);
            }

            if (c.TryGet(Field.AffinityId, out v))
            {
                string? id = Text(v);
                task.AffinityInfo = id == null ? null : new AffinityInformation { AffinityId = id };
            }

            ApplyConstraints(task, c);

            if (c.TryGet(Field.RequiredSlots, out v))
            {
                task.RequiredSlots = c.Integer(Field.RequiredSlots, v);
            }

            if (c.TryGet(Field.UserIdentity, out v))
            {
                task.UserIdentity = c.Model<UserIdentityModel>(Field.UserIdentity, v);
            }

            if (c.TryGet(Field.UserName, out v))
            {
                string? user = Text(v);
                task.UserIdentity = user == null ? null : new UserIdentityModel { UserName = user };
            }

            bool hasScope = c.TryGet(Field.AutoUserScope, out object? scope);
            bool hasLevel = c.TryGet(Field.ElevationLevel, out object? level);
            if (hasScope || hasLevel)
            {
                // An auto-user replaces a named user; values not given keep the task's current auto-user values.
                var identity = task.UserIdentity ?? new UserIdentityModel();
                identity.UserName = null;
                var auto = identity.AutoUser ??= new AutoUserSpecification();
                if (hasScope)
                {
                    auto.Scope = c.Enum(Field.AutoUserScope, scope, AutoUserScopeValue.KnownValues, t => new AutoUserScopeValue(t));
                }

                if (hasLevel)
                {
                    auto.ElevationLevel = c.Enum(Field.ElevationLevel, level, ElevationLevelValue.KnownValues, t => new ElevationLevelValue(t));
                }

                task.UserIdentity = identity;
            }

            if (c.TryGet(Field.MultiInstanceSettings, out v))
            {
                task.MultiInstanceSettings = c.Model<MultiInstanceSettingsModel>(Field.MultiInstanceSettings, v);
            }

            if (c.TryGet(Field.DependsOn, out v))
            {
                task.DependsOn = c.Model<TaskDependencies>(Field.DependsOn, v);
            }

            if (c.TryGet(Field.DependsOnTaskId, out v))
            {
                var deps = task.DependsOn ??= new TaskDependencies();
                deps.TaskIds = c.TextList(v);
            }

            if (c.TryGet(Field.DependsOnTaskIdRange, out v))
            {
                var deps = task.DependsOn ??= new TaskDependencies();
                deps.TaskIdRanges = c.Ranges(v);
            }

            if (task.DependsOn != null && task.DependsOn.TaskIds == null && task.DependsOn.TaskIdRanges == null && !task.DependsOn.AdditionalProperties.GetEnumerator().MoveNext())
            {
                task.DependsOn = null;
            }

            if (c.TryGet(Field.ApplicationPackageReferences, out v))
            {
                task.ApplicationPackageReferences = c.ModelList(Field.ApplicationPackageReferences, v, TaskInputText.ParsePackage);
            }

            if (c.TryGet(Field.AuthenticationTokenSettings, out v))
            {
                task.AuthenticationTokenSettings = c.Model<AuthenticationTokenSettingsModel>(Field.AuthenticationTokenSettings, v);
            }

            if (c.TryGet(Field.ExitConditions, out v))
            {
                task.ExitConditions = c.Model<ExitConditionsModel>(Field.ExitConditions, v);
            }
        }

        /// <summary>
        /// Constraints: start from the task's current constraints (the service's update resets omitted
        /// fields to defaults, so everything not given is carried over), then a Constraints object (its set
        /// fields), then the single-field values.
        /// </summary>
        private static void ApplyConstraints(CloudTask task, Context c)
        {
            bool any = false;
            foreach (Field f in s_constraintFields)
            {
                any |= c.Has(f);
            }

            if (!any)
            {
                return;
            }

            TaskConstraints constraints = task.Constraints?.Clone() ?? new TaskConstraints();
            if (c.TryGet(Field.Constraints, out object? v) && v != null)
            {
                TaskConstraints given = c.Model<TaskConstraints>(Field.Constraints, v)!;
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

            if (c.TryGet(Field.MaxWallClockTime, out v))
            {
                constraints.MaxWallClockTime = c.Duration(Field.MaxWallClockTime, v);
            }

            if (c.TryGet(Field.RetentionTime, out v))
            {
                constraints.RetentionTime = c.Duration(Field.RetentionTime, v);
            }

            if (c.TryGet(Field.MaxTaskRetryCount, out v))
            {
                constraints.MaxTaskRetryCount = c.Integer(Field.MaxTaskRetryCount, v);
            }

            task.Constraints = constraints;
        }

        internal object? Unwrap(object? value) =>
            value is null ? null : Reader.Options.ValueAdapter?.Invoke(value) ?? value;

        private static string? Text(object? value) =>
            value is null ? null : value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture);


        private static TaskInputException Fail(string field, object? value, string message, long row, string? column, Exception? inner = null)
        {
            string where = row > 0
                ? RowName(row) + ", " + (column != null ? "column '" + column + "'" : "-" + field)
                : "-" + field;
            return new TaskInputException(field, value, where + ": " + message, row, column, inner);
        }

        private static IEnumerable Items(object value) =>
            value is IEnumerable e && value is not string && value is not IDictionary ? e : new[] { value };

        private static Dictionary<string, Field> BuildColumns()
        {
            var map = new Dictionary<string, Field>(StringComparer.OrdinalIgnoreCase);
            void Add(string field, params string[] names)
            {
                Field f = (Field)System.Enum.Parse(typeof(Field), field);
                map[field] = f;
                foreach (string n in names)
                {
                    map[n] = f;
                }
            }

            Add(Id, "TaskId");
            Add(DisplayName, "display_name");
            Add(CommandLine, "command_line");
            Add(ContainerSettings, "container_settings");
            Add(ResourceFiles, "resource_files");
            Add(OutputFiles, "output_files");
            Add(EnvironmentSettings, "environment_settings");
            Add(AffinityId);
            Add(AffinityInfo, "affinity_info");
            Add(MaxWallClockTime);
            Add(RetentionTime);
            Add(MaxTaskRetryCount);
            Add(Constraints);
            Add(RequiredSlots, "required_slots");
            Add(UserName);
            Add(UserIdentity, "user_identity");
            Add(AutoUserScope);
            Add(ElevationLevel);
            Add(MultiInstanceSettings, "multi_instance_settings");
            Add(DependsOnTaskId);
            Add(DependsOnTaskIdRange);
            Add(DependsOn, "depends_on");
            Add(ApplicationPackageReferences, "application_package_references");
            Add(AuthenticationTokenSettings, "authentication_token_settings");
            Add(ExitConditions, "exit_conditions");
            Add(ContainerImage);
            Add(RegistryServer);
            Add(RegistryCredential);
            Add(Property);
            return map;
        }

        /// <summary>One application: a value table (raw values, <see cref="Absent"/> where not given), where each came from, for errors.</summary>
        internal readonly struct Context
        {
            private readonly TaskInput _input;
            private readonly object?[] _values;
            private readonly string?[]? _columns;

            public Context(TaskInput input, object?[] values, string?[]? columns, long row)
            {
                _input = input;
                _values = values;
                _columns = columns;
                Row = row;
            }

            /// <summary>The row's number, or 0 for parameter values.</summary>
            public long Row { get; }

            public bool Has(Field field) => !ReferenceEquals(_values[(int)field], Absent);

            public bool TryGet(Field field, out object? value)
            {
                object? raw = _values[(int)field];
                if (ReferenceEquals(raw, Absent))
                {
                    value = null;
                    return false;
                }

                value = raw is string ? raw : _input.Unwrap(raw);
                return true;
            }

            public TaskInputException Fail(Field field, string message, Exception? inner = null) =>
                TaskInput.Fail(NameOf(field), Has(field) ? _values[(int)field] : null, message, Row, _columns?[(int)field], inner);

            public TimeSpan? Duration(Field field, object? v)
            {
                switch (v)
                {
                    case null:
                        return null;
                    case TimeSpan t:
                        return t;
                    case string text:
                        try
                        {
                            return TaskInputText.ParseDuration(text);
                        }
                        catch (FormatException e)
                        {
                            throw Fail(field, e.Message);
                        }

                    case IConvertible number when v is not bool && v is not char:
                        throw Fail(field, "the number " + Convert.ToString(number, CultureInfo.InvariantCulture) + " is not a duration (seconds? hours? days?): " + TaskInputText.DurationForms + ".");
                    default:
                        throw Fail(field, "a " + v.GetType().Name + " is not a duration: " + TaskInputText.DurationForms + ".");
                }
            }

            public int? Integer(Field field, object? v)
            {
                try
                {
                    switch (v)
                    {
                        case null:
                            return null;
                        case int i:
                            return i;
                        case string text:
                            return TaskInputText.ParseInteger(text);
                        case long or short or byte or sbyte or ushort or uint or ulong:
                            return Convert.ToInt32(v, CultureInfo.InvariantCulture);
                        case double or float or decimal:
                            decimal d = Convert.ToDecimal(v, CultureInfo.InvariantCulture);
                            if (decimal.Truncate(d) == d)
                            {
                                return decimal.ToInt32(d);
                            }

                            throw Fail(field, "the number " + Convert.ToString(v, CultureInfo.InvariantCulture) + " is not a whole number.");
                        default:
                            throw Fail(field, "a " + v.GetType().Name + " is not a whole number.");
                    }
                }
                catch (FormatException e)
                {
                    throw Fail(field, e.Message);
                }
                catch (OverflowException)
                {
                    throw Fail(field, "the number " + Convert.ToString(v, CultureInfo.InvariantCulture) + " is too large for this field (a 32-bit whole number).");
                }
            }

            public TEnum? Enum<TEnum>(Field field, object? v, IReadOnlyList<string> known, Func<string, TEnum> make)
                where TEnum : struct, IBatchEnum
            {
                switch (v)
                {
                    case null:
                        return null;
                    case TEnum typed:
                        // A value of the model's own type is kept as it is (it may have been read from JSON).
                        return typed;
                    case string or IBatchEnum:
                        string text = v as string ?? ((IBatchEnum)v).Value;
                        try
                        {
                            return make(TaskInputText.ParseKnownValue(text, typeof(TEnum).Name, known));
                        }
                        catch (FormatException e)
                        {
                            throw Fail(field, e.Message);
                        }

                    default:
                        throw Fail(field, "a " + v.GetType().Name + " is not a " + typeof(TEnum).Name + " value. Known values: " + string.Join(", ", known) + ".");
                }
            }

            public T? Model<T>(Field field, object? v)
                where T : BatchModel<T>, new()
            {
                try
                {
                    switch (v)
                    {
                        case null:
                            return null;
                        case T model:
                            return model.Clone();
                        case string text when TaskInputText.IsJson(text):
                            return _input.Reader.ReadModel<T>(text);
                        case string text:
                            throw Fail(field, TaskInputText.Quote(text) + " is not a " + typeof(T).Name + ": give its JSON object (REST keys), a dictionary or a " + typeof(T).Name + " object.");
                        default:
                            return _input.Reader.ReadModelFromTree<T>(v);
                    }
                }
                catch (BatchTaskReadException e)
                {
                    throw Fail(field, "not a valid " + typeof(T).Name + ": " + e.Message, e);
                }
            }

            /// <summary>
            /// A list field: model objects (copied), dictionaries, JSON text, or text in the field's short form, read by
            /// <paramref name="shortForm"/> for each ';'-separated item, or by <paramref name="addText"/> for the whole text.
            /// </summary>
            public List<T?>? ModelList<T>(Field field, object? v, Func<string, T>? shortForm, Action<List<T?>, string>? addText = null)
                where T : BatchModel<T>, new()
            {
                if (v == null)
                {
                    return null;
                }

                var list = new List<T?>();
                int number = 0;
                foreach (object? raw in Items(v))
                {
                    object? item = _input.Unwrap(raw);
                    number++;
                    try
                    {
                        switch (item)
                        {
                            case null:
                                list.Add(null);
                                break;
                            case T model:
                                list.Add(model.Clone());
                                break;
                            case string text when addText != null:
                                addText(list, text);
                                break;
                            case string text:
                                AddText(list, text, shortForm!, field);
                                break;
                            default:
                                list.Add(_input.Reader.ReadModelFromTree<T>(item));
                                break;
                        }
                    }
                    catch (FormatException e)
                    {
                        throw Fail(field, e.Message);
                    }
                    catch (BatchTaskReadException e)
                    {
                        throw Fail(field, "item " + number.ToString(CultureInfo.InvariantCulture) + " is not a valid " + typeof(T).Name + ": " + e.Message, e);
                    }
                }

                return list;
            }

            private void AddText<T>(List<T?> list, string text, Func<string, T> shortForm, Field field)
                where T : BatchModel<T>, new()
            {
                if (TaskInputText.IsJson(text))
                {
                    foreach (string json in JsonItems(text, field))
                    {
                        list.Add(_input.Reader.ReadModel<T>(json));
                    }

                    return;
                }

                foreach (string part in TaskInputText.SplitList(text))
                {
                    list.Add(shortForm(part));
                }
            }

            /// <summary>The JSON texts of the objects in JSON text: the object itself, or each element of an array.</summary>
            private List<string> JsonItems(string text, Field field)
            {
                var items = new List<string>();
                try
                {
                    using JsonDocument doc = JsonDocument.Parse(text);
                    if (doc.RootElement.ValueKind == JsonValueKind.Array)
                    {
                        foreach (JsonElement e in doc.RootElement.EnumerateArray())
                        {
                            items.Add(e.GetRawText());
                        }
                    }
                    else
                    {
                        items.Add(doc.RootElement.GetRawText());
                    }
                }
                catch (JsonException e)
                {
                    throw Fail(field, "the text starts like JSON but is not JSON (" + Redaction.Shorten(e.Message, 200) + ").");
                }

                return items;
            }

            public List<EnvironmentSetting?>? Environment(object? v)
            {
                const Field field = Field.EnvironmentSettings;
                if (v == null)
                {
                    return null;
                }

                if (v is object[] single && single.Length == 1 && _input.Unwrap(single[0]) is IDictionary one)
                {
                    v = one;
                }

                if (v is IDictionary map)
                {
                    var settings = new List<EnvironmentSetting?>();
                    foreach (DictionaryEntry entry in map)
                    {
                        settings.Add(new EnvironmentSetting { Name = Text(_input.Unwrap(entry.Key)), Value = Text(_input.Unwrap(entry.Value)) });
                    }

                    return settings;
                }

                return ModelList<EnvironmentSetting>(field, v, null, AddEnvironmentText);
            }

            /// <summary>Environment text: JSON, or 'NAME=value;NAME2=value2' as a whole (';;' stands for a ';').</summary>
            private void AddEnvironmentText(List<EnvironmentSetting?> list, string text)
            {
                if (TaskInputText.IsJson(text))
                {
                    EnvironmentJson(list, text);
                }
                else
                {
                    list.AddRange(TaskInputText.ParseEnvironment(text));
                }
            }

            /// <summary>JSON environment text: an array of {name, value} objects, or one object of NAME: "value" pairs.</summary>
            private void EnvironmentJson(List<EnvironmentSetting?> list, string text)
            {
                if (text.TrimStart()[0] == '[')
                {
                    foreach (string json in JsonItems(text, Field.EnvironmentSettings))
                    {
                        list.Add(_input.Reader.ReadModel<EnvironmentSetting>(json));
                    }

                    return;
                }

                try
                {
                    using JsonDocument doc = JsonDocument.Parse(text);
                    foreach (JsonProperty p in doc.RootElement.EnumerateObject())
                    {
                        if (p.Value.ValueKind != JsonValueKind.String)
                        {
                            throw Fail(Field.EnvironmentSettings, "the value of setting '" + Redaction.Shorten(p.Name, 80) + "' is not a JSON string: " + TaskInputText.EnvironmentForms + ".");
                        }

                        list.Add(new EnvironmentSetting { Name = p.Name, Value = p.Value.GetString() });
                    }
                }
                catch (JsonException e)
                {
                    throw Fail(Field.EnvironmentSettings, "the text starts like JSON but is not JSON (" + Redaction.Shorten(e.Message, 200) + ").");
                }
            }

            public List<string?>? TextList(object? v)
            {
                if (v == null)
                {
                    return null;
                }

                var list = new List<string?>();
                foreach (object? raw in Items(v))
                {
                    object? item = _input.Unwrap(raw);
                    if (item != null)
                    {
                        list.AddRange(TaskInputText.SplitList(Text(item)!));
                    }
                }

                return list.Count == 0 ? null : list;
            }

            /// <summary>Id ranges: 'start-end' text (';'-separated), JSON, TaskIdRange objects or dictionaries; none given is null.</summary>
            public List<TaskIdRange?>? Ranges(object? v)
            {
                List<TaskIdRange?>? list = ModelList(Field.DependsOnTaskIdRange, v, TaskInputText.ParseRange);
                return list is { Count: 0 } ? null : list;
            }
        }
    }
}

namespace BatchTaskPS.Factories
{
    /// <summary>
    /// Where a row's value was refused, as an error's target: the row's number, the column and the value as
    /// text, masked and shortened (a row may hold SAS URLs, and PowerShell prints an error's target).
    /// </summary>
    public sealed class TaskRowFault
    {
        public TaskRowFault(TaskInputException fault)
        {
            if (fault == null)
            {
                throw new ArgumentNullException(nameof(fault));
            }

            Row = fault.Row;
            Column = fault.Column;
            Field = fault.Field;
            Value = fault.Value switch
            {
                null => null,
                string text => Redaction.Shorten(text.Length > 800 ? text.Substring(0, 800) : text, 200),
                _ => fault.Value.GetType().Name,
            };
        }

        /// <summary>The row's number: 1 for the first row given.</summary>
        public long Row { get; }

        /// <summary>The column as the row spells it; null when the value came from a parameter.</summary>
        public string? Column { get; }

        /// <summary>The task field.</summary>
        public string Field { get; }

        /// <summary>The value's text (masked, at most 200 characters), or the type name of a value that is not text.</summary>
        public string? Value { get; }

        public override string ToString() =>
            "row " + Row.ToString(CultureInfo.InvariantCulture) + (Column != null ? ", column " + Column : ", " + Field);
    }
}
