using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization.Wire;
using BatchTaskPS.Validation;

namespace BatchTaskPS.Factories
{
    /// <summary>A task factory's fault: a bad id, a duplicate id, a value that does not fit its property.</summary>
    [Serializable]
    public sealed class TaskFactoryException : Exception
    {
        public TaskFactoryException(string message, string? taskId = null, IReadOnlyList<ValidationIssue>? issues = null, Exception? inner = null)
            : base(message, inner)
        {
            TaskId = taskId;
            Issues = issues ?? Array.Empty<ValidationIssue>();
        }

        public TaskFactoryException()
            : this("The task factory failed.")
        {
        }

        public TaskFactoryException(string message)
            : this(message, null, null, null)
        {
        }

        public TaskFactoryException(string message, Exception inner)
            : this(message, null, null, inner)
        {
        }

        /// <summary>The id the fault is about, as it was made.</summary>
        public string? TaskId { get; }

        /// <summary>For a bad id, the findings of the id rules (T1-T3) or DuplicateTaskId (T4).</summary>
        public IReadOnlyList<ValidationIssue> Issues { get; }
    }

    /// <summary>
    /// A task with placeholders (<c>{frame:D4}</c>) that makes tasks from values: in the id, displayName, commandLine,
    /// containerSettings imageName and containerRunOptions, environment values, resource-file and output-file fields,
    /// and dependsOn.taskIds (an item that becomes "a;b" gives two ids: ids never hold ';' or ','). Scalar properties
    /// take values through <see cref="Set"/>. Each task made is a deep copy of the template.
    /// </summary>
    public sealed class TaskTemplate
    {
        /// <summary>The properties <see cref="Set"/> takes: requiredSlots, maxTaskRetryCount, maxWallClockTime, retentionTime.</summary>
        public static readonly IReadOnlyList<string> SettableProperties = new[] { "requiredSlots", "maxTaskRetryCount", "maxWallClockTime", "retentionTime" };

        private readonly CloudTask _template;
        private readonly List<(PlaceholderText Text, Action<CloudTask, string> Apply)> _edits = new List<(PlaceholderText, Action<CloudTask, string>)>();
        private readonly PlaceholderText _id;

        public TaskTemplate(CloudTask template)
        {
            _template = template?.Clone() ?? throw new ArgumentNullException(nameof(template));
            _id = PlaceholderText.Parse(_template.Id ?? string.Empty);
            Compile();
        }

        /// <summary>The id with its placeholders.</summary>
        public PlaceholderText Id => _id;

        /// <summary>
        /// Gives a scalar property a text with placeholders, read after they are replaced: <c>requiredSlots</c> and
        /// <c>maxTaskRetryCount</c> as integers, <c>maxWallClockTime</c> and <c>retentionTime</c> as ISO 8601 durations.
        /// </summary>
        public void Set(string property, string text)
        {
            if (property == null)
            {
                throw new ArgumentNullException(nameof(property));
            }

            var parsed = PlaceholderText.Parse(text ?? throw new ArgumentNullException(nameof(text)));
            switch (property.Replace("constraints.", string.Empty).ToUpperInvariant())
            {
                case "REQUIREDSLOTS":
                    _edits.Add((parsed, (t, v) => t.RequiredSlots = Integer(v, "requiredSlots")));
                    break;
                case "MAXTASKRETRYCOUNT":
                    _edits.Add((parsed, (t, v) => (t.Constraints ??= new TaskConstraints()).MaxTaskRetryCount = Integer(v, "maxTaskRetryCount")));
                    break;
                case "MAXWALLCLOCKTIME":
                    _edits.Add((parsed, (t, v) => (t.Constraints ??= new TaskConstraints()).MaxWallClockTime = Duration(v, "maxWallClockTime")));
                    break;
                case "RETENTIONTIME":
                    _edits.Add((parsed, (t, v) => (t.Constraints ??= new TaskConstraints()).RetentionTime = Duration(v, "retentionTime")));
                    break;
                default:
                    throw new ArgumentException("'" + property + "' cannot be set from a placeholder; these can: " + string.Join(", ", SettableProperties) + ".", nameof(property));
            }
        }

        /// <summary>Every placeholder name the template uses (id, fields and <see cref="Set"/>), each once, ignoring case.</summary>
        public ISet<string> Names
        {
            get
            {
                var names = new HashSet<string>(_id.Names, StringComparer.OrdinalIgnoreCase);
                foreach (var edit in _edits)
                {
                    names.UnionWith(edit.Text.Names);
                }

                return names;
            }
        }

        /// <summary>The id for these values (not checked).</summary>
        public string MakeId(IPlaceholderValues values) => _id.Render(values);

        /// <summary>A new task for these values, with <paramref name="id"/> (from <see cref="MakeId"/>).</summary>
        /// <exception cref="TaskFactoryException">A value does not fit its property.</exception>
        public CloudTask Make(IPlaceholderValues values, string id)
        {
            CloudTask task = _template.Clone();
            task.Id = id;
            foreach (var edit in _edits)
            {
                string text;
                try
                {
                    text = edit.Text.Render(values);
                }
                catch (FormatException e)
                {
                    throw new TaskFactoryException(e.Message, id, null, e);
                }

                try
                {
                    edit.Apply(task, text);
                }
                catch (TaskFactoryException e) when (e.TaskId == null)
                {
                    throw new TaskFactoryException("Task '" + id + "': " + e.Message, id, null, e);
                }
            }

            if (task.DependsOn?.TaskIds is List<string?> parents)
            {
                SplitIds(parents);
            }

            return task;
        }

        /// <summary>The id rules T1-T3 for one id, from the validator: no findings when it is good.</summary>
        public static IReadOnlyList<ValidationIssue> CheckId(string? id)
        {
            var probe = new CloudTask { Id = id, CommandLine = "x" };
            var found = new List<ValidationIssue>();
            foreach (ValidationIssue issue in BatchTaskValidator.Validate(probe))
            {
                if (issue.Path == "$.id")
                {
                    found.Add(issue);
                }
            }

            return found;
        }

        private void Compile()
        {
            CloudTask t = _template;
            Add(t.DisplayName, (x, v) => x.DisplayName = v);
            Add(t.CommandLine, (x, v) => x.CommandLine = v);
            if (t.ContainerSettings != null)
            {
                Add(t.ContainerSettings.ImageName, (x, v) => x.ContainerSettings!.ImageName = v);
                Add(t.ContainerSettings.ContainerRunOptions, (x, v) => x.ContainerSettings!.ContainerRunOptions = v);
            }

            for (int k = 0; t.EnvironmentSettings != null && k < t.EnvironmentSettings.Count; k++)
            {
                int at = k;
                Add(t.EnvironmentSettings[k]?.Value, (x, v) => x.EnvironmentSettings![at]!.Value = v);
            }

            for (int k = 0; t.ResourceFiles != null && k < t.ResourceFiles.Count; k++)
            {
                ResourceFile? f = t.ResourceFiles[k];
                int at = k;
                if (f == null)
                {
                    continue;
                }

                Add(f.HttpUrl, (x, v) => x.ResourceFiles![at]!.HttpUrl = v);
                Add(f.StorageContainerUrl, (x, v) => x.ResourceFiles![at]!.StorageContainerUrl = v);
                Add(f.AutoStorageContainerName, (x, v) => x.ResourceFiles![at]!.AutoStorageContainerName = v);
                Add(f.BlobPrefix, (x, v) => x.ResourceFiles![at]!.BlobPrefix = v);
                Add(f.FilePath, (x, v) => x.ResourceFiles![at]!.FilePath = v);
            }

            for (int k = 0; t.OutputFiles != null && k < t.OutputFiles.Count; k++)
            {
                OutputFile? f = t.OutputFiles[k];
                int at = k;
                if (f == null)
                {
                    continue;
                }

                Add(f.FilePattern, (x, v) => x.OutputFiles![at]!.FilePattern = v);
                Add(f.Destination?.Container?.ContainerUrl, (x, v) => x.OutputFiles![at]!.Destination!.Container!.ContainerUrl = v);
                Add(f.Destination?.Container?.Path, (x, v) => x.OutputFiles![at]!.Destination!.Container!.Path = v);
            }

            for (int k = 0; t.DependsOn?.TaskIds != null && k < t.DependsOn.TaskIds.Count; k++)
            {
                int at = k;
                Add(t.DependsOn.TaskIds[k], (x, v) => x.DependsOn!.TaskIds![at] = v);
            }
        }

        private void Add(string? text, Action<CloudTask, string> apply)
        {
            if (text == null)
            {
                return;
            }

            PlaceholderText parsed = PlaceholderText.Parse(text);
            if (parsed.HasPlaceholders)
            {
                _edits.Add((parsed, apply));
            }
        }

        private static void SplitIds(List<string?> ids)
        {
            bool any = false;
            foreach (string? id in ids)
            {
                any |= id != null && (id.IndexOf(';') >= 0 || id.IndexOf(',') >= 0 || id.Trim().Length == 0);
            }

            if (!any)
            {
                return;
            }

            var result = new List<string?>(ids.Count + 2);
            foreach (string? id in ids)
            {
                if (id == null)
                {
                    result.Add(id);
                    continue;
                }

                foreach (string part in id.Split(';', ','))
                {
                    if (part.Trim().Length > 0)
                    {
                        result.Add(part.Trim());
                    }
                }
            }

            ids.Clear();
            ids.AddRange(result);
        }

        private static int Integer(string text, string property)
        {
            if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            {
                throw new TaskFactoryException(property + " must be an integer, not '" + text + "'.");
            }

            return value;
        }

        private static TimeSpan Duration(string text, string property)
        {
            string? fault = DurationFormat.TryParse(Encoding.UTF8.GetBytes(text.Trim()), out TimeSpan value);
            if (fault != null)
            {
                throw new TaskFactoryException(property + " must be an ISO 8601 duration such as PT2H, not '" + text + "': " + fault + ".");
            }

            return value;
        }
    }
}
