using System;
using System.Collections.Generic;
using System.Globalization;
using BatchTaskPS.Model;
using BatchTaskPS.Validation;

namespace BatchTaskPS.Factories
{
    /// <summary>One axis of a parametric sweep: a name and its values, read by position (a range is never materialised).</summary>
    public abstract class SweepAxis
    {
        protected SweepAxis(string name)
        {
            if (string.IsNullOrEmpty(name) || !(char.IsLetter(name[0]) || name[0] == '_'))
            {
                throw new ArgumentException("An axis name must start with a letter or '_' (it is used as {" + name + "}).", nameof(name));
            }

            foreach (char c in name)
            {
                if (!char.IsLetterOrDigit(c) && c != '_')
                {
                    throw new ArgumentException("An axis name may hold only letters, digits and '_': '" + name + "'.", nameof(name));
                }
            }

            Name = name;
        }

        public string Name { get; }

        /// <summary>How many values the axis has.</summary>
        public abstract long Count { get; }

        /// <summary>The value at a position (0 to Count - 1).</summary>
        public abstract object? ValueAt(long index);

        /// <summary>True when two different positions always give different values (an integer range).</summary>
        internal virtual bool ValuesAreDistinctNumbers => false;

        /// <summary>Integers from <paramref name="from"/> to <paramref name="to"/> (both included when the step reaches it) in steps of <paramref name="step"/>.</summary>
        public static SweepAxis Range(string name, long from, long to, long step = 1) => new RangeAxis(name, from, to, step);

        /// <summary>The values as given.</summary>
        public static SweepAxis List(string name, IEnumerable<object?> values) => new ListAxis(name, values);

        private sealed class RangeAxis : SweepAxis
        {
            private readonly long _from;
            private readonly long _step;
            private readonly long _count;

            public RangeAxis(string name, long from, long to, long step)
                : base(name)
            {
                if (step == 0)
                {
                    throw new ArgumentException("The step of axis '" + name + "' must not be 0.", nameof(step));
                }

                if ((to - from) / step < 0 || (to != from && Math.Sign(to - from) != Math.Sign(step)))
                {
                    throw new ArgumentException("Axis '" + name + "': a step of " + step + " never goes from " + from + " to " + to + ".", nameof(step));
                }

                _from = from;
                _step = step;
                _count = ((to - from) / step) + 1;
            }

            public override long Count => _count;

            internal override bool ValuesAreDistinctNumbers => true;

            public override object? ValueAt(long index) => _from + (index * _step);
        }

        private sealed class ListAxis : SweepAxis
        {
            private readonly List<object?> _values;

            public ListAxis(string name, IEnumerable<object?> values)
                : base(name)
            {
                _values = new List<object?>(values ?? throw new ArgumentNullException(nameof(values)));
                if (_values.Count == 0)
                {
                    throw new ArgumentException("Axis '" + name + "' has no values.", nameof(values));
                }
            }

            public override long Count => _values.Count;

            public override object? ValueAt(long index) => _values[(int)index];
        }
    }

    /// <summary>
    /// Collects the ids a merge task waits for, as it goes: as id ranges while every id is an integer that fits
    /// (the service reads ranges by the ids' integer values, leading zeros ignored), else as the explicit list.
    /// </summary>
    public sealed class DependencyCollector
    {
        /// <summary>The service's limit on the combined length of the ids in dependsOn.taskIds (rule D2).</summary>
        public const int MaxExplicitIdsLength = 64000;

        private readonly List<TaskIdRange> _ranges = new List<TaskIdRange>();
        private readonly bool _keepIds;
        private List<string>? _ids;
        private bool _numeric = true;

        /// <param name="keepIds">Keep every id as text too (needed unless it is known up front that all are integers).</param>
        public DependencyCollector(bool keepIds = true)
        {
            _keepIds = keepIds;
            _ids = keepIds ? new List<string>() : null;
        }

        /// <summary>How many ids were added.</summary>
        public long Count { get; private set; }

        /// <summary>The combined length of the ids (what an explicit list would hold).</summary>
        public long ExplicitLength { get; private set; }

        /// <summary>True while every id is an integer the ranges can hold.</summary>
        public bool AllNumeric => _numeric;

        /// <summary>The ranges so far (only meaningful while <see cref="AllNumeric"/>).</summary>
        public int RangeCount => _ranges.Count;

        public void Add(string id)
        {
            if (id == null)
            {
                throw new ArgumentNullException(nameof(id));
            }

            Count++;
            ExplicitLength += id.Length;
            _ids?.Add(id);
            if (!_numeric)
            {
                return;
            }

            long? n = ServiceRules.ParseIntegerId(id);
            if (n is not long value || value > int.MaxValue)
            {
                _numeric = false;
                _ranges.Clear();
                if (!_keepIds)
                {
                    throw new InvalidOperationException("Id '" + id + "' is not an integer, but the ids were not kept.");
                }

                return;
            }

            int v = (int)value;
            TaskIdRange? last = _ranges.Count > 0 ? _ranges[_ranges.Count - 1] : null;
            if (last != null && last.End == v - 1)
            {
                last.End = v;
            }
            else if (last == null || v < last.Start!.Value || v > last.End!.Value)
            {
                _ranges.Add(new TaskIdRange { Start = v, End = v });
            }
        }

        /// <summary>
        /// Adds what was collected to <paramref name="dependsOn"/> (or a new one): the ranges when every id is an
        /// integer, else the ids. Returns the result.
        /// </summary>
        public TaskDependencies AddTo(TaskDependencies? dependsOn)
        {
            TaskDependencies d = dependsOn ?? new TaskDependencies();
            if (Count == 0)
            {
                return d;
            }

            if (_numeric)
            {
                (d.TaskIdRanges ??= new List<TaskIdRange?>()).AddRange(_ranges);
            }
            else
            {
                (d.TaskIds ??= new List<string?>()).AddRange(_ids!);
            }

            return d;
        }
    }

    /// <summary>
    /// A parametric sweep: one task per point of the axes (the last axis varies fastest), times <see cref="Repeat"/>,
    /// made from a <see cref="TaskTemplate"/>. Placeholders are the axis names plus <c>{index}</c> (0-based position)
    /// and <c>{number}</c> (1-based). Every id is checked (rules T1-T3, and T4 duplicates) before the first task is
    /// made; tasks are then made one at a time as they are read, so a sweep of any size holds one task at once.
    /// An optional merge task comes last, depending on every task of the sweep.
    /// </summary>
    public sealed class TaskSweep
    {
        /// <summary>Up to this many tasks, ids are checked for duplicates exactly; above it, by the id's placeholders.</summary>
        public const long ExactDuplicateCheckLimit = 100_000;

        private readonly TaskTemplate _template;
        private readonly List<SweepAxis> _axes = new List<SweepAxis>();

        public TaskSweep(TaskTemplate template) => _template = template ?? throw new ArgumentNullException(nameof(template));

        public IList<SweepAxis> Axes => _axes;

        /// <summary>How many times the whole sweep is made (default 1).</summary>
        public long Repeat { get; set; } = 1;

        /// <summary>A task made last that depends on every task of the sweep (its id and its own dependencies are kept).</summary>
        public CloudTask? MergeTask { get; set; }

        /// <summary>Tasks made so far (the merge task included): the work count.</summary>
        public long TasksMade { get; private set; }

        /// <summary>Ids checked before anything was made.</summary>
        public long IdsChecked { get; private set; }

        /// <summary>After the tasks were read: how the merge task's dependencies were written (null without a merge task).</summary>
        public DependencyCollector? MergeDependencies { get; private set; }

        /// <summary>Tasks of the sweep, without the merge task.</summary>
        public long Count
        {
            get
            {
                long n = Repeat;
                foreach (SweepAxis axis in _axes)
                {
                    n = checked(n * axis.Count);
                }

                return n;
            }
        }

        /// <summary>Checks every id, then makes the tasks one by one as they are read.</summary>
        /// <exception cref="TaskFactoryException">An id breaks the service's rules (nothing was made).</exception>
        public IEnumerable<CloudTask> Tasks()
        {
            if (Repeat < 1)
            {
                throw new TaskFactoryException("Repeat must be 1 or more, not " + Repeat + ".");
            }

            long count = Count;
            var point = new Point(this);
            bool allNumeric = CheckIds(count, point);
            return Make(count, point, allNumeric);
        }

        private IEnumerable<CloudTask> Make(long count, Point point, bool allNumeric)
        {
            DependencyCollector? merge = MergeTask != null ? new DependencyCollector(keepIds: !allNumeric) : null;
            for (long i = 0; i < count; i++)
            {
                point.MoveTo(i);
                string id = _template.MakeId(point);
                CloudTask task = _template.Make(point, id);
                merge?.Add(id);
                TasksMade++;
                yield return task;
            }

            if (merge != null)
            {
                CloudTask last = MergeTask!.Clone();
                last.DependsOn = merge.AddTo(last.DependsOn);
                MergeDependencies = merge;
                TasksMade++;
                yield return last;
            }
        }

        private bool CheckIds(long count, Point point)
        {
            HashSet<string>? seen = count <= ExactDuplicateCheckLimit ? new HashSet<string>(StringComparer.OrdinalIgnoreCase) : null;
            if (seen == null)
            {
                CheckIdsVary();
            }

            bool allNumeric = true;
            for (long i = 0; i < count; i++)
            {
                point.MoveTo(i);
                string id = _template.MakeId(point);
                IdsChecked++;
                IReadOnlyList<ValidationIssue> issues = TaskTemplate.CheckId(id);
                if (issues.Count > 0)
                {
                    throw new TaskFactoryException("Task " + (i + 1).ToString(CultureInfo.InvariantCulture) + " of the sweep would get the id '" + id + "': " + issues[0].Message +
                        " Nothing was made.", id, issues);
                }

                if (seen != null && !seen.Add(id))
                {
                    throw new TaskFactoryException("The sweep would make the id '" + id + "' twice (ids are unique ignoring letter case, rule T4); put every axis in the id. Nothing was made.", id,
                        new[] { new ValidationIssue("$.id", "CloudTask", "id", "T4", ValidationSeverity.Error, "The id '" + id + "' is made more than once.") });
                }

                allNumeric &= ServiceRules.ParseIntegerId(id).HasValue; // an integer id within the range bounds (int32)
            }

            if (MergeTask != null)
            {
                IReadOnlyList<ValidationIssue> issues = TaskTemplate.CheckId(MergeTask.Id);
                if (issues.Count > 0)
                {
                    throw new TaskFactoryException("The merge task's id '" + MergeTask.Id + "': " + issues[0].Message + " Nothing was made.", MergeTask.Id, issues);
                }
            }

            return allNumeric;
        }

        // Without the exact check: every axis with more than one value (and the repeat) must show in the id.
        private void CheckIdsVary()
        {
            var inId = new HashSet<string>(_template.Id.Names, StringComparer.OrdinalIgnoreCase);
            bool position = inId.Contains("index") || inId.Contains("number");
            foreach (SweepAxis axis in _axes)
            {
                if (axis.Count > 1 && !position && !inId.Contains(axis.Name))
                {
                    throw new TaskFactoryException("The id '" + _template.Id.Text + "' does not use {" + axis.Name + "}, so tasks would share ids (rule T4). Nothing was made.");
                }

                if (axis.Count > 1 && !position && !axis.ValuesAreDistinctNumbers)
                {
                    var texts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    for (long k = 0; k < axis.Count; k++)
                    {
                        if (!texts.Add(PlaceholderText.Format(axis.ValueAt(k), null)))
                        {
                            throw new TaskFactoryException("Axis '" + axis.Name + "' holds the value '" + axis.ValueAt(k) + "' twice (ignoring letter case), so tasks would share ids (rule T4). Nothing was made.");
                        }
                    }
                }
            }

            if (Repeat > 1 && !position)
            {
                throw new TaskFactoryException("A repeated sweep needs {index} or {number} in the id '" + _template.Id.Text + "' (rule T4). Nothing was made.");
            }
        }

        /// <summary>The values at one position of the sweep.</summary>
        private sealed class Point : IPlaceholderValues
        {
            private readonly TaskSweep _sweep;
            private readonly long[] _at;
            private long _index;

            public Point(TaskSweep sweep)
            {
                _sweep = sweep;
                _at = new long[sweep._axes.Count];
            }

            public void MoveTo(long index)
            {
                _index = index;
                long rest = index;
                for (int k = _at.Length - 1; k >= 0; k--)
                {
                    long n = _sweep._axes[k].Count;
                    _at[k] = rest % n;
                    rest /= n;
                }
            }

            public bool TryGetValue(string name, out object? value)
            {
                for (int k = 0; k < _at.Length; k++)
                {
                    if (string.Equals(_sweep._axes[k].Name, name, StringComparison.OrdinalIgnoreCase))
                    {
                        value = _sweep._axes[k].ValueAt(_at[k]);
                        return true;
                    }
                }

                if (string.Equals(name, "index", StringComparison.OrdinalIgnoreCase))
                {
                    value = _index;
                    return true;
                }

                if (string.Equals(name, "number", StringComparison.OrdinalIgnoreCase))
                {
                    value = _index + 1;
                    return true;
                }

                value = null;
                return false;
            }
        }
    }
}
