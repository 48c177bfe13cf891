using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;

namespace BatchTaskPS.Validation
{
    /// <summary>Options for <see cref="BatchTaskValidator"/>.</summary>
    public sealed class BatchTaskValidationOptions
    {
        /// <summary>
        /// The body the task is meant for. With <see cref="TaskShape.Create"/>, service-owned
        /// properties (url, state, executionInfo...) are reported (rule T12).
        /// </summary>
        public TaskShape Shape { get; set; } = TaskShape.Full;

        /// <summary>
        /// The REST API version the task is meant for (one of <see cref="BatchApiVersions.Known"/>): properties that
        /// version lacks or has removed are reported (rule <c>ApiVersion</c>). Null, the default, checks no version.
        /// </summary>
        public string? ApiVersion { get; set; }
    }

    /// <summary>
    /// Checks a task against what the reference's <c>validate()</c> reports (missing required
    /// properties) and against the service's one-task rules (rest-spec §3). Returns every finding
    /// with its JSON path; never throws for any task.
    /// </summary>
    public static class BatchTaskValidator
    {
        private static readonly IReadOnlyList<ValidationIssue> s_none = Array.Empty<ValidationIssue>();

        /// <summary>Validates one task. The list is empty when nothing is wrong.</summary>
        public static IReadOnlyList<ValidationIssue> Validate(CloudTask task, BatchTaskValidationOptions? options = null)
        {
            if (task == null)
            {
                throw new ArgumentNullException(nameof(task));
            }

            Walker walker = t_walker ??= new Walker();
            walker.Begin();
            walker.Walk(task);
            ServiceRules.Check(task, options?.Shape ?? TaskShape.Full, walker);
            if (options?.ApiVersion != null)
            {
                ApiVersionRules.Check(task, options.ApiVersion, walker);
            }
            return walker.Issues ?? s_none;
        }

        [ThreadStatic]
        private static Walker? t_walker;

        /// <summary>True when the task has no errors (and, when <paramref name="strict"/>, no warnings).</summary>
        public static bool IsValid(CloudTask task, bool strict = false, BatchTaskValidationOptions? options = null)
        {
            foreach (ValidationIssue issue in Validate(task, options))
            {
                if (issue.Severity == ValidationSeverity.Error || (strict && issue.Severity == ValidationSeverity.Warning))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Collects findings; walks every model generically for Required, null items and unknown enum values.</summary>
        internal sealed class Walker : IModelVisitor
        {
            private string?[] _names = new string?[16];
            private int[] _indexes = new int[16];
            private int _depth;
            private ModelInfo? _type;

            public List<ValidationIssue>? Issues { get; private set; }

            /// <summary>Starts a new validation with this (per-thread) walker: the findings list is new each time.</summary>
            public void Begin()
            {
                Issues = null;
                _depth = 0;
                _type = null;
            }

            public void Walk(BatchModel root)
            {
                ModelInfo info = root.Info;
                _type = info;
                if (root.HasAdditionalProperties)
                {
                    UnknownProperties(root, info);
                }

                info.Visit(root, this);
            }

            public void Add(string path, string typeName, string property, string rule, ValidationSeverity severity, string message, string? serviceRule = null)
            {
                (Issues ??= new List<ValidationIssue>()).Add(new ValidationIssue(path, typeName, property, rule, severity, message, serviceRule));
            }

            public void Scalar(PropertyDescriptor p, bool isSet)
            {
                if (!isSet && p.Required)
                {
                    Missing(p);
                }
            }

            public void Enum(PropertyDescriptor p, string? value, bool isKnown)
            {
                if (value == null)
                {
                    if (p.Required)
                    {
                        Missing(p);
                    }
                }
                else if (!isKnown)
                {
                    UnknownEnum(p, value, Path(p.RestKey));
                }
            }

            public void Model(PropertyDescriptor p, BatchModel? value)
            {
                if (value == null)
                {
                    if (p.Required)
                    {
                        Missing(p);
                    }

                    return;
                }

                Push(p.RestKey, 0);
                Descend(value);
                Pop(1);
            }

            public void ModelList(PropertyDescriptor p, IReadOnlyList<BatchModel?>? list)
            {
                if (list == null)
                {
                    if (p.Required)
                    {
                        Missing(p);
                    }

                    return;
                }

                Push(p.RestKey, 0);
                for (int k = 0; k < list.Count; k++)
                {
                    Push(null, k);
                    BatchModel? item = list[k];
                    if (item == null)
                    {
                        NullItem(p);
                    }
                    else
                    {
                        Descend(item);
                    }

                    Pop(1);
                }

                Pop(1);
            }

            public void StringList(PropertyDescriptor p, List<string?>? list)
            {
                if (list == null)
                {
                    if (p.Required)
                    {
                        Missing(p);
                    }

                    return;
                }

                for (int k = 0; k < list.Count; k++)
                {
                    if (list[k] == null)
                    {
                        Push(p.RestKey, 0);
                        Push(null, k);
                        NullItem(p);
                        Pop(2);
                    }
                }
            }

            public void EnumList<TEnum>(PropertyDescriptor p, List<TEnum?>? list)
                where TEnum : struct, IBatchEnum
            {
                if (list == null)
                {
                    if (p.Required)
                    {
                        Missing(p);
                    }

                    return;
                }

                for (int k = 0; k < list.Count; k++)
                {
                    TEnum? item = list[k];
                    if (item == null || !item.Value.IsKnown)
                    {
                        Push(p.RestKey, 0);
                        Push(null, k);
                        if (item == null)
                        {
                            NullItem(p);
                        }
                        else
                        {
                            UnknownEnum(p, item.Value.Value, Path(null));
                        }

                        Pop(2);
                    }
                }
            }

            private void Push(string? name, int index)
            {
                if (_depth == _names.Length)
                {
                    Array.Resize(ref _names, _depth * 2);
                    Array.Resize(ref _indexes, _depth * 2);
                }

                _names[_depth] = name;
                _indexes[_depth++] = index;
            }

            private void Pop(int count) => _depth -= count;

            private void Descend(BatchModel value)
            {
                ModelInfo? outer = _type;
                ModelInfo info = value.Info;
                _type = info;
                if (value.HasAdditionalProperties)
                {
                    UnknownProperties(value, info);
                }

                info.Visit(value, this);
                _type = outer;
            }

            /// <summary>
            /// Each unknown property (kept, and written back) is reported with the REST key it is probably a typo of;
            /// OData annotations and properties other service versions use are not typos and are not reported.
            /// </summary>
            private void UnknownProperties(BatchModel value, ModelInfo info)
            {
                string[]? keys = null;
                foreach (KeyValuePair<string, string> property in value.AdditionalProperties)
                {
                    string name = property.Key;
                    if (NameSuggestions.IsExpectedUnknownProperty(info.TypeName, name))
                    {
                        continue;
                    }

                    if (keys == null)
                    {
                        keys = new string[info.Properties.Count];
                        for (int k = 0; k < keys.Length; k++)
                        {
                            keys[k] = info.Properties[k].RestKey;
                        }
                    }

                    string? suggestion = NameSuggestions.Closest(name, keys);
                    string shown = name.Length > 100 ? name.Substring(0, 100) + "..." : name;
                    Add(PathTo(name), info.TypeName, name, "UnknownProperty", ValidationSeverity.Warning,
                        "'" + shown + "' is not a property of " + info.TypeName +
                        (suggestion != null ? "; did you mean '" + suggestion + "'?" : ".") +
                        " It is kept and written back as given, but the service does not know it.");
                }
            }

            private void Missing(PropertyDescriptor p)
            {
                string type = _type!.TypeName;
                string? rule = p.ServiceRule;
                Add(Path(p.RestKey), type, p.RestKey, "Required", ValidationSeverity.Error,
                    p.RestKey + " is required (" + type + "." + p.AttributeName + ") but is missing" + (rule != null ? " (service rule " + rule + ")." : "."), rule);
            }

            private void NullItem(PropertyDescriptor p)
            {
                Add(Path(null), _type!.TypeName, p.RestKey, "NullItem", ValidationSeverity.Error,
                    "The list " + p.RestKey + " holds a null item; the service expects a value there.");
            }

            private void UnknownEnum(PropertyDescriptor p, string value, string path)
            {
                bool error = p.UserSet;

                // A value is shown up to 100 characters (as an unknown property's name is): a finding's size does not grow with the input.
                string shown = value.Length > 100 ? value.Substring(0, 100) + "..." : value;
                Add(path, _type!.TypeName, p.RestKey, "UnknownEnumValue", error ? ValidationSeverity.Error : ValidationSeverity.Warning,
                    "'" + shown + "' is not a known " + p.EnumTypeName + " value (known: " + string.Join(", ", p.EnumValues!) + ")" +
                    (error ? "." : "; it is kept as given, since the service may have added it."),
                    p.ServiceRule);
            }

            /// <summary>The path of a property of the current object, in bracket form when the name needs it (<c>$['odd name']</c>).</summary>
            private string PathTo(string name)
            {
                var sb = new StringBuilder(Path(null));
                JsonPath.AppendName(sb, name);
                return sb.ToString();
            }

            private string Path(string? last)
            {
                var sb = new StringBuilder("$");
                for (int k = 0; k < _depth; k++)
                {
                    if (_names[k] is string name)
                    {
                        JsonPath.AppendName(sb, name);
                    }
                    else
                    {
                        JsonPath.AppendIndex(sb, _indexes[k]);
                    }
                }

                if (last != null)
                {
                    JsonPath.AppendName(sb, last);
                }

                return sb.ToString();
            }
        }
    }
}
