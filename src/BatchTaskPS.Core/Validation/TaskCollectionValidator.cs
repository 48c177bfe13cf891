using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using BatchTaskPS.Model;

namespace BatchTaskPS.Validation
{
    /// <summary>A finding about a set of tasks taken together (a whole job).</summary>
    public sealed class TaskCollectionIssue
    {
        internal TaskCollectionIssue(string? taskId, long recordNumber, string path, string rule, ValidationSeverity severity, string message)
        {
            TaskId = taskId;
            RecordNumber = recordNumber;
            Path = path;
            Rule = rule;
            Severity = severity;
            Message = message;
        }

        /// <summary>The task the finding is about.</summary>
        public string? TaskId { get; }

        /// <summary>1-based position of that task in the input.</summary>
        public long RecordNumber { get; }

        /// <summary>JSON path inside that task, such as <c>$.dependsOn.taskIdRanges[0]</c>.</summary>
        public string Path { get; }

        /// <summary><c>DuplicateTaskId</c>, <c>UnknownDependency</c>, <c>DependencyCycle</c> or <c>EmptyDependencyRange</c>.</summary>
        public string Rule { get; }

        public ValidationSeverity Severity { get; }

        public string Message { get; }

        public override string ToString() => Severity + " " + TaskId + " " + Path + " [" + Rule + "] " + Message;
    }

    /// <summary>
    /// Checks tasks as one job: ids unique ignoring case, dependencies that name tasks outside the set,
    /// dependency cycles (through task ids and through id ranges, without expanding the ranges) and
    /// ranges that select no task. (The dependency list length limit, D2, is a one-task rule of
    /// <see cref="BatchTaskValidator"/>.) Keeps only ids and dependencies, not the tasks, so a million
    /// tasks fit in memory.
    /// </summary>
    public sealed class TaskCollectionValidator
    {
        private readonly List<string?> _ids = new List<string?>();
        private readonly List<string[]?> _parents = new List<string[]?>();
        private readonly List<(int Start, int End)[]?> _ranges = new List<(int, int)[]?>();
        private readonly Dictionary<string, int> _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        private readonly List<TaskCollectionIssue> _issues = new List<TaskCollectionIssue>();

        /// <summary>A cycle's message names at most this many ids at each end; the ones between are counted.</summary>
        internal const int CycleEnds = 10;

        /// <summary>Longest id written whole into a message (the service's limit, T2); longer ones are cut.</summary>
        internal const int MaxIdLength = 64;

        /// <summary>
        /// At most this many cycles are reported; the others are counted in one more finding. Each names its
        /// first and last <see cref="CycleEnds"/> tasks, so the findings' size does not grow with the cycles' length.
        /// </summary>
        public int MaxCyclesReported { get; set; } = 100;

        /// <summary>Tasks added so far.</summary>
        public int Count => _ids.Count;

        /// <summary>
        /// Elementary steps taken by <see cref="Complete"/> (binary-search halvings, skip-pointer and Fenwick-tree
        /// steps, edges looked at): lets tests prove the work grows as n log n by counting it instead of timing it.
        /// </summary>
        internal long Steps { get; private set; }

        /// <summary>Takes a task's id and dependencies. Duplicate ids are reported at once.</summary>
        public void Add(CloudTask task)
        {
            if (task == null)
            {
                throw new ArgumentNullException(nameof(task));
            }

            int n = _ids.Count;
            string? id = task.Id;
            _ids.Add(id);
            if (!string.IsNullOrEmpty(id))
            {
                if (_index.TryGetValue(id!, out int first))
                {
                    _issues.Add(new TaskCollectionIssue(id, n + 1, "$.id", "DuplicateTaskId", ValidationSeverity.Error,
                        "Task id '" + id + "' is also used by task record " + (first + 1) + " ('" + _ids[first] + "'); ids must be unique in a job, ignoring case."));
                }
                else
                {
                    _index.Add(id!, n);
                }
            }

            TaskDependencies? deps = task.DependsOn;
            string[]? parents = deps?.TaskIds?.Where(p => p != null).Select(p => p!).ToArray();
            _parents.Add(parents != null && parents.Length > 0 ? parents : null);
            (int, int)[]? ranges = deps?.TaskIdRanges?
                .Where(r => r?.Start != null && r.End != null && r.Start >= 0 && r.End >= r.Start)
                .Select(r => (r!.Start!.Value, r.End!.Value)).ToArray();
            _ranges.Add(ranges != null && ranges.Length > 0 ? ranges : null);

        }

        /// <summary>Runs the whole-set checks and returns every finding (duplicates first, in input order).</summary>
        public IReadOnlyList<TaskCollectionIssue> Complete()
        {
            var issues = new List<TaskCollectionIssue>(_issues);
            int count = _ids.Count;

            // Tasks whose ids are integers, sorted by value: what id ranges select (leading zeros ignored).
            var numeric = new List<(long Value, int Task)>();
            for (int k = 0; k < count; k++)
            {
                long? v = ServiceRules.ParseIntegerId(_ids[k]);
                if (v.HasValue && _index.TryGetValue(_ids[k]!, out int owner) && owner == k)
                {
                    numeric.Add((v.Value, k));
                }
            }

            numeric.Sort((a, b) => a.Value != b.Value ? a.Value.CompareTo(b.Value) : a.Task.CompareTo(b.Task));
            long[] values = numeric.Select(x => x.Value).ToArray();
            int[] order = numeric.Select(x => x.Task).ToArray();

            // Named parents that resolve, and the ones that do not.
            var edges = new int[count][];
            for (int k = 0; k < count; k++)
            {
                string[]? parents = _parents[k];
                if (parents == null)
                {
                    continue;
                }

                var resolved = new List<int>(parents.Length);
                for (int p = 0; p < parents.Length; p++)
                {
                    if (_index.TryGetValue(parents[p], out int target))
                    {
                        resolved.Add(target);
                    }
                    else
                    {
                        issues.Add(new TaskCollectionIssue(_ids[k], k + 1, "$.dependsOn.taskIds", "UnknownDependency", ValidationSeverity.Warning,
                            "Task '" + _ids[k] + "' depends on '" + parents[p] + "', which is not among these tasks (it may exist in the job already)."));
                    }
                }

                edges[k] = resolved.ToArray();
            }

            for (int k = 0; k < count; k++)
            {
                (int Start, int End)[]? ranges = _ranges[k];
                if (ranges == null)
                {
                    continue;
                }

                for (int r = 0; r < ranges.Length; r++)
                {
                    if (LowerBound(values, ranges[r].Start) >= UpperBound(values, ranges[r].End))
                    {
                        issues.Add(new TaskCollectionIssue(_ids[k], k + 1, "$.dependsOn.taskIdRanges[" + r.ToString(CultureInfo.InvariantCulture) + "]", "EmptyDependencyRange",
                            ValidationSeverity.Warning, "The range " + ranges[r].Start + "-" + ranges[r].End + " selects none of these tasks (ranges select tasks whose ids are integers)."));
                    }
                }
            }

            FindCycles(count, edges, values, order, issues);
            return issues;
        }

        /// <summary>
        /// Iterative depth-first search. Range edges are never expanded: the tasks of a range are found in
        /// the sorted id array, unvisited ones through a "next unvisited" skip structure (each task is
        /// stepped over once in all), and ones on the current path through a Fenwick tree of counts.
        /// </summary>
        private void FindCycles(int count, int[][] edges, long[] values, int[] order, List<TaskCollectionIssue> issues)
        {
            int m = values.Length;
            var positionOf = new int[count];
            for (int k = 0; k < count; k++)
            {
                positionOf[k] = -1;
            }

            for (int i = 0; i < m; i++)
            {
                positionOf[order[i]] = i;
            }

            var state = new byte[count]; // 0 new, 1 on the path, 2 done
            var nextNew = new int[m + 1];  // skip pointers over the sorted array: next index >= i not yet visited
            for (int i = 0; i <= m; i++)
            {
                nextNew[i] = i;
            }

            var onPath = new int[m + 1]; // Fenwick tree: how many tasks at sorted positions are on the path
            var pathIndex = new int[count];
            var stackTask = new List<int>();
            var stackEdge = new List<int>();   // next named edge to look at
            var stackRange = new List<int>();  // next range to look at
            var stackCursor = new List<int>(); // position inside the current range
            int cycles = 0;

            int Find(int i)
            {
                int root = i;
                while (nextNew[root] != root)
                {
                    Steps++;
                    root = nextNew[root];
                }

                while (nextNew[i] != root)
                {
                    int up = nextNew[i];
                    nextNew[i] = root;
                    i = up;
                }

                return root;
            }

            void FenwickAdd(int i, int delta)
            {
                for (i++; i <= m; i += i & -i)
                {
                    Steps++;
                    onPath[i] += delta;
                }
            }

            int FenwickSum(int i)
            {
                int s = 0;
                for (; i > 0; i -= i & -i)
                {
                    Steps++;
                    s += onPath[i];
                }

                return s;
            }

            void Enter(int task)
            {
                state[task] = 1;
                pathIndex[task] = stackTask.Count;
                stackTask.Add(task);
                stackEdge.Add(0);
                stackRange.Add(0);
                stackCursor.Add(-1);
                int pos = positionOf[task];
                if (pos >= 0)
                {
                    nextNew[pos] = pos + 1;
                    FenwickAdd(pos, 1);
                }
            }

            void ReportCycle(int from, int to, string via)
            {
                if (++cycles > MaxCyclesReported)
                {
                    return;
                }

                // The cycle is the path from 'to' to its top, then 'to' again. Only its first and last
                // CycleEnds ids are written (all of them when at most one would be left out), each cut to
                // MaxIdLength characters, so a message stays short however long the cycle is.
                int first = pathIndex[to];
                int length = stackTask.Count - first;
                int names = length + 1;
                var text = new StringBuilder();
                if (names <= (2 * CycleEnds) + 1)
                {
                    AppendNames(text, 0, names);
                }
                else
                {
                    AppendNames(text, 0, CycleEnds);
                    text.Append(" -> ... ").Append((names - (2 * CycleEnds)).ToString(CultureInfo.InvariantCulture)).Append(" more ... -> ");
                    AppendNames(text, names - CycleEnds, names);
                }

                issues.Add(new TaskCollectionIssue(_ids[from], from + 1, via, "DependencyCycle", ValidationSeverity.Error,
                    from == to
                        ? "Task '" + Shorten(_ids[from]) + "' depends on itself, so it can never run."
                        : "Dependency cycle of " + length.ToString(CultureInfo.InvariantCulture) + " tasks: " + text + "; none of these tasks can ever run."));

                void AppendNames(StringBuilder sb, int start, int end)
                {
                    for (int i = start; i < end; i++)
                    {
                        if (i > start)
                        {
                            sb.Append(" -> ");
                        }

                        sb.Append(Shorten(_ids[i < length ? stackTask[first + i] : to]));
                    }
                }
            }

            for (int root = 0; root < count; root++)
            {
                if (state[root] != 0 || (edges[root] == null && _ranges[root] == null))
                {
                    continue;
                }

                Enter(root);
                while (stackTask.Count > 0)
                {
                    int top = stackTask.Count - 1;
                    int task = stackTask[top];
                    int child = -1;

                    int[]? named = edges[task];
                    while (child < 0 && named != null && stackEdge[top] < named.Length)
                    {
                        Steps++;
                        int e = stackEdge[top]++;
                        int target = named[e];
                        if (state[target] == 1)
                        {
                            ReportCycle(task, target, "$.dependsOn.taskIds");
                        }
                        else if (state[target] == 0)
                        {
                            child = target;
                        }
                    }

                    (int Start, int End)[]? ranges = _ranges[task];
                    while (child < 0 && ranges != null && stackRange[top] < ranges.Length)
                    {
                        Steps++;
                        (int start, int end) = ranges[stackRange[top]];
                        int lo = LowerBound(values, start), hi = UpperBound(values, end);
                        if (stackCursor[top] < 0)
                        {
                            // First look at this range: is a task on the current path inside it?
                            if (FenwickSum(hi) - FenwickSum(lo) > 0)
                            {
                                int target = FirstOnPath(lo, hi);
                                ReportCycle(task, target, "$.dependsOn.taskIdRanges[" + stackRange[top].ToString(CultureInfo.InvariantCulture) + "]");
                            }

                            stackCursor[top] = lo;
                        }

                        int next = Find(stackCursor[top]);
                        if (next < hi)
                        {
                            stackCursor[top] = next + 1;
                            child = order[next];
                        }
                        else
                        {
                            stackRange[top]++;
                            stackCursor[top] = -1;
                        }
                    }

                    if (child >= 0)
                    {
                        Enter(child);
                        continue;
                    }

                    state[task] = 2;
                    int pos = positionOf[task];
                    if (pos >= 0)
                    {
                        FenwickAdd(pos, -1);
                    }

                    stackTask.RemoveAt(top);
                    stackEdge.RemoveAt(top);
                    stackRange.RemoveAt(top);
                    stackCursor.RemoveAt(top);
                }
            }

            if (cycles > MaxCyclesReported)
            {
                issues.Add(new TaskCollectionIssue(null, 0, "$", "DependencyCycle", ValidationSeverity.Error,
                    (cycles - MaxCyclesReported) + " more dependency cycles were found and not listed."));
            }

            int FirstOnPath(int lo, int hi)
            {
                // The smallest sorted position in [lo, hi) whose task is on the path.
                int before = FenwickSum(lo);
                int a = lo, b = hi - 1;
                while (a < b)
                {
                    Steps++;
                    int mid = (a + b) / 2;
                    if (FenwickSum(mid + 1) - before > 0)
                    {
                        b = mid;
                    }
                    else
                    {
                        a = mid + 1;
                    }
                }

                return order[a];
            }
        }

        private static string? Shorten(string? id) =>
            id != null && id.Length > MaxIdLength ? id.Substring(0, MaxIdLength) + "..." : id;

        private int LowerBound(long[] values, long key)
        {
            int a = 0, b = values.Length;
            while (a < b)
            {
                Steps++;
                int mid = (a + b) >> 1;
                if (values[mid] < key)
                {
                    a = mid + 1;
                }
                else
                {
                    b = mid;
                }
            }

            return a;
        }

        private int UpperBound(long[] values, long key)
        {
            int a = 0, b = values.Length;
            while (a < b)
            {
                Steps++;
                int mid = (a + b) >> 1;
                if (values[mid] <= key)
                {
                    a = mid + 1;
                }
                else
                {
                    b = mid;
                }
            }

            return a;
        }
    }
}
