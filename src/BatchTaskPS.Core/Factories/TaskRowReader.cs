using System;
using System.Collections.Generic;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;

namespace BatchTaskPS.Factories
{
    /// <summary>
    /// Makes tasks from rows, one row at a time: <see cref="Begin"/>, <see cref="Add"/> for each cell,
    /// <see cref="End"/>. The rules are <see cref="TaskInput.FromRow"/>'s. The reader keeps its tables between
    /// rows and remembers, by position, which field the previous row's column name went to: rows of one
    /// spreadsheet share their column name strings, so a cell costs a reference comparison and an array write.
    /// Not for use by several threads at once.
    /// </summary>
    public sealed class TaskRowReader
    {
        private readonly TaskInput _input;
        private readonly object?[] _defaults;
        private readonly object?[] _values = new object?[TaskInput.FieldCount];
        private readonly string?[] _columns = new string?[TaskInput.FieldCount];
        private readonly List<string> _unknown = new List<string>();
        private string?[] _seenNames = new string?[32];
        private int[] _seenFields = new int[32];
        private int _position;
        private TaskInputException? _fault;

        internal TaskRowReader(TaskInput input, object?[] defaults)
        {
            _input = input;
            _defaults = defaults;
        }

        /// <summary>How many column names were looked up by name (a test counter: once per distinct column position and name, not per row).</summary>
        internal long NameLookups { get; private set; }

        /// <summary>Starts a row.</summary>
        public void Begin()
        {
            Array.Copy(_defaults, _values, _values.Length);
            Array.Clear(_columns, 0, _columns.Length);
            _unknown.Clear();
            _position = 0;
            _fault = null;
        }

        /// <summary>One cell of the row: its column name and value. Null or blank text means "not given".</summary>
        public void Add(string name, object? value)
        {
            int at = _position++;
            int field = FieldAt(at, name);
            if (field < 0)
            {
                _unknown.Add(name);
                return;
            }

            if (value is null || (value is string text && IsBlank(text)))
            {
                return;
            }

            if (_columns[field] != null)
            {
                _fault ??= new TaskInputException(TaskInput.NameOf((TaskInput.Field)field), value,
                    "gives " + TaskInput.NameOf((TaskInput.Field)field) + " twice, in column '" + _columns[field] + "' and in column '" + name + "': keep one of them.",
                    0, name);
                return;
            }

            _values[field] = value;
            _columns[field] = name;
        }

        /// <summary>
        /// Ends the row and makes its task, or throws the <see cref="TaskInputException"/> (or
        /// <see cref="ConflictingUserIdentityException"/>) for its first fault. Column names that are not task
        /// fields are added to <paramref name="unusedColumns"/> either way.
        /// </summary>
        public CloudTask End(long rowNumber, ICollection<string>? unusedColumns = null)
        {
            if (unusedColumns != null)
            {
                foreach (string name in _unknown)
                {
                    unusedColumns.Add(name);
                }
            }

            if (_fault != null)
            {
                throw new TaskInputException(_fault.Field, _fault.Value, TaskInput.RowName(rowNumber) + " " + _fault.Message, rowNumber, _fault.Column);
            }

            // A bad cell does not hide the next one: its field is left out and the row is made again, so that every
            // bad cell is reported (at most once per field, so a row is made at most as many times as it has fields).
            List<TaskInputException>? faults = null;
            while (true)
            {
                try
                {
                    CloudTask task = Make(rowNumber, checkRequired: faults == null);
                    if (faults != null)
                    {
                        throw faults[0].WithFaults(faults);
                    }

                    return task;
                }
                catch (TaskInputException e) when (e.Faults.Count == 0)
                {
                    (faults ??= new List<TaskInputException>()).Add(e);
                    if (e.Column == null || !TaskInput.TryGetField(e.Field, out TaskInput.Field f) || _columns[(int)f] == null)
                    {
                        // Not a cell's fault (a default from the command line, a missing id): nothing more can be learnt.
                        throw faults[0].WithFaults(faults);
                    }

                    _values[(int)f] = TaskInput.Absent;
                    _columns[(int)f] = null;
                }
            }
        }

        private CloudTask Make(long rowNumber, bool checkRequired)
        {
            var context = new TaskInput.Context(_input, _values, _columns, rowNumber);
            CloudTask task;
            if (context.Has(TaskInput.Field.Property))
            {
                task = _input.WholeTask(_values[(int)TaskInput.Field.Property], rowNumber, _columns[(int)TaskInput.Field.Property]);
            }
            else
            {
                task = new CloudTask();
            }

            TaskInput.Apply(task, context);
            if (!checkRequired)
            {
                // A bad cell was left out (a Property cell may have been where the id came from): only its faults count.
                return task;
            }

            if (task.Id == null)
            {
                throw new TaskInputException(TaskInput.Id, null,
                    TaskInput.RowName(rowNumber) + " has no Id: give it a column Id (or TaskId), or give -Id.", rowNumber);
            }

            if (task.CommandLine == null)
            {
                throw new TaskInputException(TaskInput.CommandLine, null,
                    TaskInput.RowName(rowNumber) + " (task '" + Redaction.Shorten(task.Id.Length > 400 ? task.Id.Substring(0, 400) : task.Id, 80) + "') has no CommandLine: give it a column CommandLine, or give -CommandLine.", rowNumber);
            }

            return task;
        }

        /// <summary>The field of the column at <paramref name="at"/>: the previous row's answer when the name is the same string.</summary>
        private int FieldAt(int at, string name)
        {
            if (at >= _seenNames.Length)
            {
                Array.Resize(ref _seenNames, Math.Max(at + 1, _seenNames.Length * 2));
                Array.Resize(ref _seenFields, _seenNames.Length);
            }

            if (ReferenceEquals(_seenNames[at], name))
            {
                return _seenFields[at];
            }

            NameLookups++;
            int field = name != null && TaskInput.TryGetField(name, out TaskInput.Field f) ? (int)f : -1;
            _seenNames[at] = name;
            _seenFields[at] = field;
            return field;
        }

        private static bool IsBlank(string text)
        {
            foreach (char ch in text)
            {
                if (!char.IsWhiteSpace(ch))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
