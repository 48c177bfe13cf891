using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Collections;
using BatchTaskPS.Commands.Support;
using BatchTaskPS.Factories;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using ErrorCategory = System.Management.Automation.ErrorCategory;

namespace BatchTaskPS.Commands
{
    /// <summary>
    /// New-BatchTask: builds a CloudTask from parameters, from a whole task given as -Property, or from each
    /// object piped in (an Import-Csv row, a PSCustomObject, a hashtable or a CloudTask). Every value goes
    /// through the core's one mapping (<see cref="TaskInput"/>): the same conversions for a typed parameter
    /// and a spreadsheet cell, and a value that cannot be used is an error naming the row, column and the
    /// accepted forms, never dropped. A piped object binds whole to -InputObject, so PowerShell's binder does
    /// not visit two dozen parameters per row; the typed parameters stay for interactive use and completion,
    /// and given beside a pipeline they are defaults for the fields a row leaves empty.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "BatchTask", DefaultParameterSetName = ParametersSet)]
    [OutputType(typeof(CloudTask))]
    public sealed partial class NewBatchTaskCommand : PSCmdlet
    {
        public const string ParametersSet = "Parameters";
        public const string PropertySet = "Property";
        public const string RowSet = "InputObject";

        // The parameters (-Id, -CommandLine, -Property, -InputObject and the task fields -DisplayName ...
        // -RegistryCredential) are declared once, in TaskFieldParameters (Support/TaskFieldParameters.cs), and generated
        // into NewBatchTaskCommand.Fields.g.cs as static properties: ./build.sh generate after changing them. The
        // task-field values are read from the bound parameters.

        private Dictionary<string, object?> _given = null!;
        private TaskRowReader _rows = null!;
        private bool _verbose;
        private readonly HashSet<string> _unusedColumns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _newUnused = new List<string>();
        private long _row;

        protected override void BeginProcessing()
        {
            // Every task parameter is given on the command line (none binds from the pipeline), so they are known now.
            _given = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, object> kv in MyInvocation.BoundParameters)
            {
                if (kv.Key != nameof(Property) && kv.Key != nameof(InputObject) && TaskInput.FieldOfColumn(kv.Key) != null)
                {
                    _given[kv.Key] = kv.Value;
                }
            }

            _rows = PSObjectAdapter.Input.OpenRows(_given);
            _verbose = MyInvocation.BoundParameters.TryGetValue("Verbose", out object? v) ? v is SwitchParameter { IsPresent: true } :
                GetVariableValue("VerbosePreference") is ActionPreference preference && preference != ActionPreference.SilentlyContinue && preference != ActionPreference.Ignore;
        }

        protected override void ProcessRecord()
        {
            CloudTask task;
            try
            {
                switch (ParameterSetName)
                {
                    case RowSet:
                        _row++;
                        task = FromRow(InputObject);
                        break;
                    case PropertySet:
                        task = PSObjectAdapter.Input.WholeTask(Property);
                        PSObjectAdapter.Input.Apply(task, _given);
                        break;
                    default:
                        task = new CloudTask();
                        PSObjectAdapter.Input.Apply(task, _given);
                        break;
                }
            }
            catch (TaskInputException e)
            {
                // A row with several bad cells gets an error for each of them.
                foreach (TaskInputException fault in e.Faults.Count > 0 ? e.Faults : new[] { e })
                {
                    object? target = fault.Row > 0 ? new TaskRowFault(fault) : fault.Value;
                    WriteError(Errors.Create(ErrorIds.InvalidTaskProperty, ErrorCategory.InvalidArgument, target, fault.Message, fault.InnerException ?? fault));
                }

                return;
            }
            catch (ConflictingUserIdentityException e)
            {
                WriteError(Errors.Create(ErrorIds.ConflictingUserIdentity, ErrorCategory.InvalidArgument,
                    _row > 0 ? (object)("row " + _row.ToString(System.Globalization.CultureInfo.InvariantCulture)) : MyInvocation.BoundParameters[TaskInput.UserName], e.Message, e));
                return;
            }

            if (_verbose)
            {
                WriteVerbose("Created task '" + task.Id + "'.");
            }

            WriteObject(task);
        }

        /// <summary>One piped object to one task: a CloudTask is copied; anything else is a row of named values.</summary>
        private CloudTask FromRow(PSObject row)
        {
            object value = row.BaseObject;
            if (value is CloudTask given)
            {
                CloudTask copy = given.Clone();
                PSObjectAdapter.Input.Apply(copy, _given);
                return copy;
            }

            if (value is string or ValueType)
            {
                throw new TaskInputException(nameof(InputObject), null,
                    "Row " + _row.ToString(System.Globalization.CultureInfo.InvariantCulture) + " is a " + value.GetType().Name +
                    ", not a row: pipe objects whose properties are task fields (Import-Csv rows, PSCustomObjects, hashtables) or CloudTask objects.", _row);
            }

            _newUnused.Clear();
            _rows.Begin();
            if (value is IDictionary map)
            {
                foreach (DictionaryEntry entry in map)
                {
                    _rows.Add(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, entry.Value);
                }
            }
            else
            {
                foreach (PSPropertyInfo p in PSObjectAdapter.DataProperties(row))
                {
                    _rows.Add(p.Name, p.Value);
                }
            }

            CloudTask task = _rows.End(_row, _newUnused);
            foreach (string column in _newUnused)
            {
                if (_unusedColumns.Add(column))
                {
                    string? closest = Validation.NameSuggestions.Closest(column, KnownColumns);
                    WriteWarning("Column '" + column + "' is not a task field, so its values are not used" +
                        (closest != null ? " (did you mean '" + closest + "'?)" : string.Empty) + ". The task fields are New-BatchTask's parameter names.");
                }
            }

            return task;
        }

        private static readonly string[] KnownColumns = BuildKnownColumns();

        private static string[] BuildKnownColumns()
        {
            var names = new List<string>();
            foreach (KeyValuePair<string, string> c in TaskInput.Columns)
            {
                names.Add(c.Key);
            }

            return names.ToArray();
        }
    }
}
