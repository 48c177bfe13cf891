using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;
using BatchTaskPS.Commands.Support;
using BatchTaskPS.Factories;
using BatchTaskPS.Model;
using BatchTaskPS.Validation;
using PSErrorCategory = System.Management.Automation.ErrorCategory;

namespace BatchTaskPS.Commands
{
    /// <summary>
    /// New-BatchTaskSweep: tasks from a template with placeholders (the core's TaskTemplate and TaskSweep): a parametric
    /// sweep over axes (-Sweep, times -Repeat), or one task per pipeline input (its properties fill the placeholders);
    /// an optional merge task last, depending on every task made. Tasks are written as they are made, one at a time.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "BatchTaskSweep", DefaultParameterSetName = SweepSet)]
    [OutputType(typeof(CloudTask))]
    public sealed class NewBatchTaskSweepCommand : PSCmdlet
    {
        private const string SweepSet = "Sweep";
        private const string PipelineSet = "Pipeline";
        private static readonly Regex s_range = new Regex(@"^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*(?::\s*(-?\d+))?\s*$", RegexOptions.CultureInvariant);

        private TaskTemplate _template = null!;
        private DependencyCollector? _merge;
        private HashSet<string>? _ids;
        private long _index;

        /// <summary>The task every task is made from; its text fields may hold placeholders such as {frame:D4}.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public CloudTask Template { get; set; } = null!;

        /// <summary>The axes: name = values (a list, 'from..to[:step]' or @{ From; To; Step }); use [ordered] for a fixed order.</summary>
        [Parameter(ParameterSetName = SweepSet, Position = 1)]
        public IDictionary Sweep { get; set; } = null!;

        /// <summary>How many times the whole sweep is made (with {index} or {number} in the id).</summary>
        [Parameter(ParameterSetName = SweepSet)]
        [ValidateRange(1, long.MaxValue)]
        public long Repeat { get; set; } = 1;

        /// <summary>One task per input: its properties (or keys) fill the placeholders.</summary>
        [Parameter(ParameterSetName = PipelineSet, Mandatory = true, ValueFromPipeline = true)]
        public PSObject InputObject { get; set; } = null!;

        /// <summary>Scalar properties from placeholders: RequiredSlots, MaxTaskRetryCount, MaxWallClockTime, RetentionTime.</summary>
        [Parameter]
        public IDictionary Set { get; set; } = null!;

        /// <summary>A task written last that depends on every task made (as id ranges when the ids are integers).</summary>
        [Parameter]
        public CloudTask MergeTask { get; set; } = null!;

        protected override void BeginProcessing()
        {
            _template = new TaskTemplate(Template);
            if (Set != null)
            {
                foreach (DictionaryEntry entry in Set)
                {
                    try
                    {
                        _template.Set(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!, Convert.ToString(Unwrap(entry.Value), CultureInfo.InvariantCulture) ?? string.Empty);
                    }
                    catch (ArgumentException e)
                    {
                        ThrowTerminatingError(Errors.Create(ErrorIds.InvalidSweepValue, PSErrorCategory.InvalidArgument, entry.Key, e.Message, e));
                    }
                }
            }

            if (MergeTask != null)
            {
                IReadOnlyList<ValidationIssue> issues = TaskTemplate.CheckId(MergeTask.Id);
                if (issues.Count > 0)
                {
                    ThrowTerminatingError(Errors.Create(ErrorIds.InvalidSweepId, PSErrorCategory.InvalidArgument, new TaskValidationRecord(MergeTask.Id, issues[0]),
                        "The merge task's id '" + MergeTask.Id + "': " + issues[0].Message + " Nothing was made."));
                }
            }

            if (ParameterSetName == PipelineSet)
            {
                _ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                _merge = MergeTask != null ? new DependencyCollector(keepIds: true) : null;
            }
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != PipelineSet)
            {
                return;
            }

            var values = new InputValues(InputObject, _index++);
            string id = _template.MakeId(values);
            IReadOnlyList<ValidationIssue> issues = TaskTemplate.CheckId(id);
            if (issues.Count == 0 && !_ids!.Add(id))
            {
                issues = new[] { new ValidationIssue("$.id", "CloudTask", "id", "T4", ValidationSeverity.Error, "The id '" + id + "' was already made for an earlier input (ids are unique ignoring letter case).") };
            }

            if (issues.Count > 0)
            {
                WriteError(Errors.Create(ErrorIds.InvalidSweepId, PSErrorCategory.InvalidData, new TaskValidationRecord(id, _index, issues[0]),
                    "Input " + _index + " would make the id '" + id + "': " + issues[0].Message + " No task was made for it."));
                return;
            }

            CloudTask task;
            try
            {
                task = _template.Make(values, id);
            }
            catch (TaskFactoryException e)
            {
                WriteError(Errors.Create(ErrorIds.InvalidSweepValue, PSErrorCategory.InvalidData, InputObject, e.Message, e));
                return;
            }

            _merge?.Add(id);
            WriteObject(task);
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName != PipelineSet)
            {
                // Made here, not in BeginProcessing: the commands after this one have all begun.
                RunSweep();
                return;
            }

            if (_merge == null)
            {
                return;
            }

            CloudTask last = MergeTask.Clone();
            last.DependsOn = _merge.AddTo(last.DependsOn);
            WarnIfTooLong(_merge);
            WriteObject(last);
        }

        private void RunSweep()
        {
            var sweep = new TaskSweep(_template) { Repeat = Repeat, MergeTask = MergeTask };
            if (Sweep != null)
            {
                foreach (DictionaryEntry entry in Sweep)
                {
                    try
                    {
                        sweep.Axes.Add(Axis(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!, Unwrap(entry.Value)));
                    }
                    catch (ArgumentException e)
                    {
                        ThrowTerminatingError(Errors.Create(ErrorIds.InvalidSweepAxis, PSErrorCategory.InvalidArgument, entry.Key, e.Message, e));
                    }
                }
            }

            IEnumerable<CloudTask> tasks;
            try
            {
                tasks = sweep.Tasks();
            }
            catch (TaskFactoryException e)
            {
                object target = e.Issues.Count > 0 ? new TaskValidationRecord(e.TaskId, e.Issues[0]) : (object?)e.TaskId ?? Template;
                ThrowTerminatingError(Errors.Create(ErrorIds.InvalidSweepId, PSErrorCategory.InvalidData, target, e.Message, e));
                return;
            }
            catch (OverflowException e)
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.InvalidSweepAxis, PSErrorCategory.InvalidArgument, Sweep, "The sweep has more tasks than can be counted.", e));
                return;
            }

            WriteVerbose("Sweep: " + sweep.Count + " tasks" + (MergeTask != null ? " and a merge task" : string.Empty) + "; every id checked.");
            using IEnumerator<CloudTask> e2 = tasks.GetEnumerator();
            while (true)
            {
                try
                {
                    if (!e2.MoveNext())
                    {
                        break;
                    }
                }
                catch (TaskFactoryException e)
                {
                    ThrowTerminatingError(Errors.Create(ErrorIds.InvalidSweepValue, PSErrorCategory.InvalidData, e.TaskId, e.Message, e));
                    return;
                }

                if (sweep.MergeDependencies != null)
                {
                    WarnIfTooLong(sweep.MergeDependencies);
                }

                WriteObject(e2.Current);
            }
        }

        private void WarnIfTooLong(DependencyCollector merge)
        {
            if (!merge.AllNumeric && merge.ExplicitLength > DependencyCollector.MaxExplicitIdsLength)
            {
                WriteWarning("The merge task '" + MergeTask.Id + "' lists " + merge.Count + " task ids of " + merge.ExplicitLength + " characters in all; the service allows " +
                    DependencyCollector.MaxExplicitIdsLength + " (rule D2, TaskDependencyListTooLong). Use integer ids, which go into compact id ranges.");
            }
        }

        private static SweepAxis Axis(string name, object? spec)
        {
            if (spec is IDictionary range)
            {
                long from = Number(range, "From", null), to = Number(range, "To", null);
                return SweepAxis.Range(name, from, to, Number(range, "Step", to >= from ? 1 : -1));
            }

            if (spec is string text && s_range.Match(text) is Match m && m.Success)
            {
                long from = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), to = long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                long step = m.Groups[3].Success ? long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) : to >= from ? 1 : -1;
                return SweepAxis.Range(name, from, to, step);
            }

            var values = new List<object?>();
            if (spec is IEnumerable list && spec is not string)
            {
                foreach (object? item in list)
                {
                    values.Add(Unwrap(item));
                }
            }
            else
            {
                values.Add(spec);
            }

            return SweepAxis.List(name, values);
        }

        private static long Number(IDictionary d, string key, long? fallback)
        {
            foreach (DictionaryEntry e in d)
            {
                if (string.Equals(Convert.ToString(e.Key, CultureInfo.InvariantCulture), key, StringComparison.OrdinalIgnoreCase))
                {
                    return LanguagePrimitives.ConvertTo<long>(Unwrap(e.Value));
                }
            }

            return fallback ?? throw new ArgumentException("A range axis needs " + key + " (@{ From = 1; To = 100; Step = 1 }).");
        }

        private static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;

        /// <summary>A pipeline input's properties (or a dictionary's keys) and its position, as placeholder values.</summary>
        private sealed class InputValues : IPlaceholderValues
        {
            private readonly PSObject _input;
            private readonly long _index;

            public InputValues(PSObject input, long index)
            {
                _input = input;
                _index = index;
            }

            public bool TryGetValue(string name, out object? value)
            {
                if (_input.BaseObject is IDictionary d)
                {
                    foreach (DictionaryEntry e in d)
                    {
                        if (string.Equals(Convert.ToString(e.Key, CultureInfo.InvariantCulture), name, StringComparison.OrdinalIgnoreCase))
                        {
                            value = Unwrap(e.Value);
                            return true;
                        }
                    }
                }
                else if (_input.Properties[name] is PSPropertyInfo p)
                {
                    value = Unwrap(p.Value);
                    return true;
                }

                if (string.Equals(name, "index", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "number", StringComparison.OrdinalIgnoreCase))
                {
                    value = name.Length == 5 ? _index : _index + 1;
                    return true;
                }

                value = null;
                return false;
            }
        }
    }
}
