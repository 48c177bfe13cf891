using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Serialization.Wire;

namespace BatchTaskPS.Comparison
{
    /// <summary>What happened to a value between the reference task and the other one.</summary>
    public enum TaskChangeKind
    {
        /// <summary>Absent (or null) in the reference, present in the other task.</summary>
        Added,

        /// <summary>Present in the reference, absent in the other task.</summary>
        Removed,

        /// <summary>Present in both, with different values.</summary>
        Changed,
    }

    /// <summary>One difference between two tasks, at one JSON path. Values are shown as on the wire, secrets masked.</summary>
    public sealed class TaskDifference
    {
        public TaskDifference(string path, TaskChangeKind change, string? oldValue, string? newValue)
        {
            Path = path;
            Change = change;
            OldValue = oldValue;
            NewValue = newValue;
        }

        /// <summary>JSON path of the value, such as <c>$.constraints.maxWallClockTime</c> or <c>$.resourceFiles[1]</c>.</summary>
        public string Path { get; }

        public TaskChangeKind Change { get; }

        /// <summary>
        /// The reference's value as its JSON text would show it (<c>PT2H</c>, <c>3</c>, <c>true</c>, a string without
        /// quotes, an object or list as compact JSON), secrets masked; null when it was absent.
        /// </summary>
        public string? OldValue { get; }

        /// <summary>The other task's value, in the same form as <see cref="OldValue"/>; null when it is absent.</summary>
        public string? NewValue { get; }

        public override string ToString() => Path + " " + Change + ": " + (OldValue ?? "(absent)") + " -> " + (NewValue ?? "(absent)");
    }

    /// <summary>Options of <see cref="TaskComparer"/>.</summary>
    public sealed class TaskComparerOptions
    {
        /// <summary>Leaves out what the service owns (url, eTag, state, times, executionInfo, nodeInfo, stats, OData annotations).</summary>
        public bool IgnoreServerProperties { get; set; }
    }

    /// <summary>
    /// Compares two tasks as the service would see them, walking the property tables: an absent value equals the
    /// service's default for it (<see cref="PropertyDescriptor.ServiceDefault"/>: retentionTime 7 days,
    /// maxWallClockTime unlimited, maxTaskRetryCount 0, ...), enumeration values match ignoring letter case, durations
    /// and date-times compare as values (<c>PT90M</c> equals <c>PT1H30M</c>), unknown properties compare as JSON
    /// text. Lists compare item by item; an absent list differs from an empty one. Model objects themselves
    /// compare by reference; <see cref="BatchModelComparer"/> compares them by exact value.
    /// </summary>
    public static class TaskComparer
    {
        // Work on this thread: properties, list items and unknown properties compared, and the characters of every
        // difference's path and values (what it costs to write them). For tests that prove comparing linear by
        // counting its work instead of timing it; only diagnostic, never reset here.
        [ThreadStatic]
        internal static long t_work;

        private static readonly BatchTaskWriter s_redactingWriter = new BatchTaskWriter(new BatchTaskWriterOptions { RedactSecrets = true });

        /// <summary>Every difference, in property-table order (the reference's order), depth first.</summary>
        public static IReadOnlyList<TaskDifference> Compare(CloudTask reference, CloudTask difference, TaskComparerOptions? options = null)
        {
            if (reference == null)
            {
                throw new ArgumentNullException(nameof(reference));
            }

            if (difference == null)
            {
                throw new ArgumentNullException(nameof(difference));
            }

            var result = new List<TaskDifference>();
            CompareModels(reference, difference, CloudTask.Schema, "$", options?.IgnoreServerProperties == true, result);
            return result;
        }

        /// <summary>True when the tasks have no difference by <see cref="Compare"/>'s rules.</summary>
        public static bool AreEquivalent(CloudTask reference, CloudTask difference, TaskComparerOptions? options = null) =>
            Compare(reference, difference, options).Count == 0;

        // a or b may be null (an absent object whose type has service defaults: compared as an empty object).
        private static void CompareModels(BatchModel? a, BatchModel? b, ModelInfo info, string path, bool ignoreServer, List<TaskDifference> result)
        {
            foreach (PropertyDescriptor p in info.Properties)
            {
                if (ignoreServer && p.ServerOwned)
                {
                    continue;
                }

                CompareProperty(a, b, p, path + "." + p.RestKey, ignoreServer, result);
            }

            CompareAdditional(a, b, path, ignoreServer, result);
        }

        private static void CompareProperty(BatchModel? a, BatchModel? b, PropertyDescriptor p, string path, bool ignoreServer, List<TaskDifference> result)
        {
            t_work++;
            bool inA = a != null && p.IsSetOn(a), inB = b != null && p.IsSetOn(b);
            if (!inA && !inB)
            {
                return;
            }

            switch (p.WireType)
            {
                case WireType.Model:
                    {
                        BatchModel? x = inA ? (BatchModel)p.ValueOf(a!)! : null, y = inB ? (BatchModel)p.ValueOf(b!)! : null;
                        if (inA && inB || HasDefaults(p.ModelType!))
                        {
                            // An absent object with documented defaults is the same as an empty one (constraints).
                            CompareModels(x, y, p.ModelType!, path, ignoreServer, result);
                        }
                        else
                        {
                            Add(result, new TaskDifference(path, inA ? TaskChangeKind.Removed : TaskChangeKind.Added, x == null ? null : Json(x), y == null ? null : Json(y)));
                        }

                        return;
                    }

                case WireType.ModelList:
                case WireType.StringList:
                case WireType.EnumList:
                    if (!inA || !inB)
                    {
                        Add(result, new TaskDifference(path, inA ? TaskChangeKind.Removed : TaskChangeKind.Added,
                            inA ? ListText(p, (IList)p.ValueOf(a!)!) : null, inB ? ListText(p, (IList)p.ValueOf(b!)!) : null));
                        return;
                    }

                    CompareLists(p, (IList)p.ValueOf(a!)!, (IList)p.ValueOf(b!)!, path, ignoreServer, result);
                    return;
                default:
                    break;
            }

            // Scalars: an absent value is the service's default, when it has one.
            object? x0 = inA ? p.ValueOf(a!) : p.ServiceDefault, y0 = inB ? p.ValueOf(b!) : p.ServiceDefault;
            if (ScalarEquals(x0, y0))
            {
                return;
            }

            string? oldText = inA ? ScalarText(p, a!) : null, newText = inB ? ScalarText(p, b!) : null;
            Add(result, new TaskDifference(path, inA && inB ? TaskChangeKind.Changed : inA ? TaskChangeKind.Removed : TaskChangeKind.Added, oldText, newText));
        }

        private static void CompareLists(PropertyDescriptor p, IList x, IList y, string path, bool ignoreServer, List<TaskDifference> result)
        {
            int common = Math.Min(x.Count, y.Count);
            for (int k = 0; k < Math.Max(x.Count, y.Count); k++)
            {
                t_work++;
                string at = path + "[" + k.ToString(CultureInfo.InvariantCulture) + "]";
                object? u = k < x.Count ? x[k] : null, v = k < y.Count ? y[k] : null;
                if (k >= common)
                {
                    Add(result, new TaskDifference(at, k < x.Count ? TaskChangeKind.Removed : TaskChangeKind.Added,
                        k < x.Count ? ItemText(u) : null, k < y.Count ? ItemText(v) : null));
                    continue;
                }

                if (u is BatchModel mu && v is BatchModel mv)
                {
                    CompareModels(mu, mv, p.ModelType!, at, ignoreServer, result);
                }
                else if (u is BatchModel || v is BatchModel || !ScalarEquals(u, v))
                {
                    // A null item against a value, or two different scalar items.
                    Add(result, new TaskDifference(at, TaskChangeKind.Changed, ItemText(u), ItemText(v)));
                }
            }
        }

        private static void CompareAdditional(BatchModel? a, BatchModel? b, string path, bool ignoreServer, List<TaskDifference> result)
        {
            AdditionalPropertyCollection? x = a?.AdditionalPropertiesOrNull, y = b?.AdditionalPropertiesOrNull;
            if ((x == null || x.Count == 0) && (y == null || y.Count == 0))
            {
                return;
            }

            foreach (KeyValuePair<string, string> item in (IEnumerable<KeyValuePair<string, string>>?)x ?? Array.Empty<KeyValuePair<string, string>>())
            {
                if (ignoreServer && ModelInfo<CloudTask>.IsODataAnnotation(item.Key))
                {
                    continue;
                }

                t_work++;
                string at = path + "." + item.Key;
                if (y != null && y.TryGetJson(item.Key, out string? other))
                {
                    t_work += item.Value.Length + other!.Length;
                    if (!string.Equals(Canonical(item.Value), Canonical(other!), StringComparison.Ordinal))
                    {
                        Add(result, new TaskDifference(at, TaskChangeKind.Changed, Redaction.RedactJson(item.Value), Redaction.RedactJson(other)));
                    }
                }
                else
                {
                    Add(result, new TaskDifference(at, TaskChangeKind.Removed, Redaction.RedactJson(item.Value), null));
                }
            }

            foreach (KeyValuePair<string, string> item in (IEnumerable<KeyValuePair<string, string>>?)y ?? Array.Empty<KeyValuePair<string, string>>())
            {
                t_work++;
                if ((ignoreServer && ModelInfo<CloudTask>.IsODataAnnotation(item.Key)) || (x != null && x.Contains(item.Key)))
                {
                    continue;
                }

                Add(result, new TaskDifference(path + "." + item.Key, TaskChangeKind.Added, null, Redaction.RedactJson(item.Value)));
            }
        }

        private static void Add(List<TaskDifference> result, TaskDifference difference)
        {
            t_work += difference.Path.Length + (difference.OldValue?.Length ?? 0) + (difference.NewValue?.Length ?? 0);
            result.Add(difference);
        }

        private static bool HasDefaults(ModelInfo info)
        {
            foreach (PropertyDescriptor p in info.Properties)
            {
                if (p.ServiceDefault != null)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ScalarEquals(object? x, object? y)
        {
            if (x == null || y == null)
            {
                return x == null && y == null;
            }

            string? ex = x is IBatchEnum e1 ? e1.Value : null, ey = y is IBatchEnum e2 ? e2.Value : null;
            if (ex != null || ey != null)
            {
                return string.Equals(ex ?? x as string, ey ?? y as string, StringComparison.OrdinalIgnoreCase);
            }

            return x switch
            {
                DateTime dx when y is DateTime dy => dx.ToUniversalTime() == dy.ToUniversalTime(),
                double fx when y is double fy => fx.Equals(fy) || fx == fy,
                string sx when y is string sy => string.Equals(sx, sy, StringComparison.Ordinal),
                _ => x.Equals(y),
            };
        }

        private static string? ScalarText(PropertyDescriptor p, BatchModel owner) => Text(p.SafeValueOf(owner));

        private static string? Text(object? value) => value switch
        {
            null => null,
            string s => s,
            IBatchEnum e => e.Value,
            TimeSpan t => DurationFormat.ToText(t),
            DateTime d => DateTimeFormat.ToText(d),
            bool flag => flag ? "true" : "false",
            double f => f.ToString("R", CultureInfo.InvariantCulture),
            IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };

        private static string ItemText(object? item) => item switch
        {
            null => "null",
            BatchModel m => Json(m),
            string s => Redaction.RedactText(s),
            _ => Text(item) ?? "null",
        };

        private static string ListText(PropertyDescriptor p, IList list)
        {
            if (p.WireType == WireType.ModelList)
            {
                var parts = new List<string>(list.Count);
                foreach (object? item in list)
                {
                    parts.Add(ItemText(item));
                }

                return "[" + string.Join(",", parts) + "]";
            }

            var texts = new List<string>(list.Count);
            foreach (object? item in list)
            {
                texts.Add(item == null ? "null" : "\"" + ItemText(item) + "\"");
            }

            return "[" + string.Join(",", texts) + "]";
        }

        private static string Json(BatchModel model) => s_redactingWriter.WriteModel(model);

        private static string Canonical(string json)
        {
            // Unknown values compare as JSON (whitespace aside).
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            return System.Text.Json.JsonSerializer.Serialize(doc.RootElement);
        }
    }
}
