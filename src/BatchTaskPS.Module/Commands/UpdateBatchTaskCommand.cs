using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography;
using System.Text;
using BatchTaskPS.Commands.Support;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using ErrorCategory = System.Management.Automation.ErrorCategory;

namespace BatchTaskPS.Commands
{
    /// <summary>
    /// Update-BatchTask: the service's conditional task update, offline. Returns an updated copy of each
    /// task whose conditions hold (the input object is never changed), or updates task files in place.
    /// </summary>
    /// <remarks>
    /// <para>Conditions (as HTTP preconditions): -IfMatch &lt;etag&gt; or *, -IfNoneMatch &lt;etag&gt; or *,
    /// -IfUnmodifiedSince, -IfModifiedSince. Only IfMatch+IfUnmodifiedSince and IfNoneMatch+IfModifiedSince may be
    /// combined, and then the ETag condition alone decides (as the service does); any other combination of two
    /// or more is the terminating error MultipleConditionHeadersNotSupported.</para>
    /// <para>ETags compare ordinally, exactly as received. '*' matches any existing task: IfMatch * always
    /// passes, IfNoneMatch * always fails. Dates compare at whole seconds in UTC (a DateTime of unspecified
    /// kind is taken as local time, as .NET does); IfModifiedSince passes when LastModified &gt; date,
    /// IfUnmodifiedSince when LastModified &lt;= date.</para>
    /// <para>A task with no ETag: IfMatch &lt;etag&gt; fails (nothing to match), IfNoneMatch &lt;etag&gt; passes.
    /// A task with no LastModified: the date conditions are ignored (they pass), as HTTP ignores
    /// If-(Un)Modified-Since for a resource without a modification date.</para>
    /// <para>A failed condition is the non-terminating error ConditionNotMet (category InvalidOperation, the task
    /// as target); that task is left as it was, nothing is emitted for it, and the next task is processed.</para>
    /// <para>What changes: the constraints. The service's update sends the whole constraints object and
    /// resets fields left out to their defaults, so this cmdlet starts from the task's current constraints and
    /// changes only the fields given (-MaxWallClockTime, -RetentionTime, -MaxTaskRetryCount, and the set fields
    /// of -Constraints). With -AllowDefinitionChange every writable property of New-BatchTask may change too,
    /// for tasks not yet submitted (no state, or active); otherwise DefinitionChangeNotAllowed.</para>
    /// <para>On success the copy gets a new service-shaped ETag ("0x" + 15 upper-case hex digits, never the
    /// old one) and LastModified = now (UTC, 100 ns).</para>
    /// <para>-Path updates task files: under an exclusive lock honoured by every BatchTaskPS process
    /// ("&lt;file&gt;.lock", kept beside the file) the file is read, checked, changed and replaced atomically;
    /// everything else in it, unknown properties included, is kept (Full shape, indented if it was).</para>
    /// </remarks>
    [Cmdlet(VerbsData.Update, "BatchTask", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CloudTask))]
    public sealed class UpdateBatchTaskCommand : PSCmdlet
    {
        public const string InputObjectSet = "InputObject";
        public const string PathSet = "Path";

        /// <summary>How long -Path waits for another process's update of the same file.</summary>
        internal static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);

        private static readonly object s_etagGate = new object();
        private static long s_lastETag;

        private Dictionary<string, object?> _bound = null!;
        private string _action = null!;
        private bool _definitionChange;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public CloudTask InputObject { get; set; } = null!;

        /// <summary>Task files (one task each), taken literally.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LiteralPath")]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = null!;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string IfMatch { get; set; } = null!;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string IfNoneMatch { get; set; } = null!;

        [Parameter]
        public DateTime IfModifiedSince { get; set; }

        [Parameter]
        public DateTime IfUnmodifiedSince { get; set; }

        [Parameter]
        [DurationTransformation]
        public TimeSpan MaxWallClockTime { get; set; }

        [Parameter]
        [DurationTransformation]
        public TimeSpan RetentionTime { get; set; }

        [Parameter]
        public int MaxTaskRetryCount { get; set; }

        /// <summary>A TaskConstraints or dictionary: its set fields are changed, the others kept.</summary>
        [Parameter]
        public object Constraints { get; set; } = null!;

        /// <summary>Lets the writable properties below change, for tasks not yet submitted (no state, or active).</summary>
        [Parameter]
        public SwitchParameter AllowDefinitionChange { get; set; }

        [Parameter]
        public string DisplayName { get; set; } = null!;

        [Parameter]
        public string CommandLine { get; set; } = null!;

        [Parameter]
        public object ContainerSettings { get; set; } = null!;

        [Parameter]
        public object[] ResourceFiles { get; set; } = null!;

        [Parameter]
        public object[] OutputFiles { get; set; } = null!;

        [Parameter]
        public object EnvironmentSettings { get; set; } = null!;

        [Parameter]
        public string AffinityId { get; set; } = null!;

        [Parameter]
        public int RequiredSlots { get; set; }

        [Parameter]
        public string UserName { get; set; } = null!;

        [Parameter]
        [ArgumentCompleter(typeof(AutoUserScopeCompleter))]
        public AutoUserScope AutoUserScope { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(ElevationLevelCompleter))]
        public ElevationLevel ElevationLevel { get; set; }

        [Parameter]
        public object MultiInstanceSettings { get; set; } = null!;

        [Parameter]
        public string[] DependsOnTaskId { get; set; } = null!;

        [Parameter]
        public object[] DependsOnTaskIdRange { get; set; } = null!;

        [Parameter]
        public object[] ApplicationPackageReferences { get; set; } = null!;

        [Parameter]
        public object AuthenticationTokenSettings { get; set; } = null!;

        [Parameter]
        public object ExitConditions { get; set; } = null!;

        [Parameter]
        public string ContainerImage { get; set; } = null!;

        [Parameter]
        public string RegistryServer { get; set; } = null!;

        [Parameter]
        [Credential]
        public PSCredential RegistryCredential { get; set; } = null!;

        protected override void BeginProcessing()
        {
            var given = new List<string>();
            foreach (string name in new[] { nameof(IfMatch), nameof(IfNoneMatch), nameof(IfModifiedSince), nameof(IfUnmodifiedSince) })
            {
                if (MyInvocation.BoundParameters.ContainsKey(name))
                {
                    given.Add(name);
                }
            }

            bool allowedPair = given.Count == 2 &&
                ((given.Contains(nameof(IfMatch)) && given.Contains(nameof(IfUnmodifiedSince))) ||
                 (given.Contains(nameof(IfNoneMatch)) && given.Contains(nameof(IfModifiedSince))));
            if (given.Count > 1 && !allowedPair)
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.MultipleConditionHeadersNotSupported, ErrorCategory.InvalidArgument, given.ToArray(),
                    "The conditions -" + string.Join(", -", given) + " cannot be combined. Give one condition, or -IfMatch with -IfUnmodifiedSince, or -IfNoneMatch with -IfModifiedSince."));
            }

            _bound = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (string name in TaskProperties.ConstraintParameters.Concat(TaskProperties.DefinitionParameters))
            {
                if (MyInvocation.BoundParameters.TryGetValue(name, out object? value))
                {
                    _bound[name] = value;
                }
            }

            List<string> definition = TaskProperties.DefinitionParameters.Where(_bound.ContainsKey).ToList();
            _definitionChange = definition.Count > 0;
            if (_definitionChange && !AllowDefinitionChange.IsPresent)
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.DefinitionChangeNotAllowed, ErrorCategory.InvalidOperation, definition.ToArray(),
                    "-" + string.Join(", -", definition) + " change the task's definition; the service's update changes only the constraints. Add -AllowDefinitionChange to change a task that is not yet submitted."));
            }

            if (_bound.ContainsKey(TaskProperties.UserName) && (_bound.ContainsKey(TaskProperties.AutoUserScope) || _bound.ContainsKey(TaskProperties.ElevationLevel)))
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.ConflictingUserIdentity, ErrorCategory.InvalidArgument, UserName,
                    "-UserName names a pool user; -AutoUserScope and -ElevationLevel describe an auto-user. Give one or the other."));
            }

            _action = _bound.Count == 0
                ? "Update task (new ETag and LastModified only)"
                : "Update task: " + string.Join(", ", _bound.Keys);
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == InputObjectSet)
            {
                CloudTask? updated = TryUpdate(InputObject);
                if (updated != null)
                {
                    WriteObject(updated);
                }

                return;
            }

            foreach (string p in Path)
            {
                UpdateFile(p);
            }
        }

        /// <summary>Checks and changes one task; null (after writing any error) when nothing is to be emitted.</summary>
        private CloudTask? TryUpdate(CloudTask task)
        {
            string? failed = FailedCondition(task);
            if (failed != null)
            {
                WriteError(Errors.Create(ErrorIds.ConditionNotMet, ErrorCategory.InvalidOperation, task,
                    "The condition " + failed + " does not hold for task '" + task.Id + "'; the task was not changed."));
                return null;
            }

            if (_definitionChange && task.State.HasValue && task.State.Value != TaskState.Active)
            {
                WriteError(Errors.Create(ErrorIds.DefinitionChangeNotAllowed, ErrorCategory.InvalidOperation, task,
                    "Task '" + task.Id + "' is " + task.State.Value + "; only the constraints of a submitted task that is no longer active can change."));
                return null;
            }

            CloudTask copy = task.Clone();
            try
            {
                TaskProperties.Apply(copy, _bound, PSObjectAdapter.Reader);
            }
            catch (TaskPropertyException e)
            {
                WriteError(Errors.Create(ErrorIds.InvalidTaskProperty, ErrorCategory.InvalidArgument, e.Value, e.Message, e.InnerException));
                return null;
            }

            if (!ShouldProcess(task.Id ?? "(task without id)", _action + (IsWhatIf() ? TaskChangeText.For(task, copy) : string.Empty)))
            {
                return null;
            }

            copy.ETag = NewETag(task.ETag);
            copy.LastModified = DateTime.UtcNow;
            WriteVerbose("Task '" + task.Id + "' updated: ETag " + task.ETag + " -> " + copy.ETag + ".");
            return copy;
        }

        private void UpdateFile(string given)
        {
            string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(given);
            if (!File.Exists(file))
            {
                WriteError(Errors.Create(ErrorIds.TaskFileNotFound, ErrorCategory.ObjectNotFound, given, "Cannot find the task file '" + file + "'."));
                return;
            }

            if (IsWhatIf())
            {
                // -WhatIf writes nothing, not even the lock file: read, check and report only.
                UpdateFileUnderLock(file, given, write: false);
                return;
            }

            FileStream? gate;
            try
            {
                gate = TaskFile.TryLock(file, LockTimeout);
            }
            catch (UnauthorizedAccessException e)
            {
                WriteError(Errors.Create(ErrorIds.TaskFileWriteFailed, ErrorCategory.PermissionDenied, given,
                    "Cannot lock the task file '" + file + "': " + e.Message, e));
                return;
            }

            if (gate == null)
            {
                WriteError(Errors.Create(ErrorIds.TaskFileLockTimeout, ErrorCategory.ResourceBusy, given,
                    "The task file '" + file + "' stayed locked by another update for " + LockTimeout.TotalSeconds + " seconds."));
                return;
            }

            using (gate)
            {
                UpdateFileUnderLock(file, given, write: true);
            }
        }

        /// <summary>Reads, checks and changes the task file; the caller holds the lock when <paramref name="write"/> is true.</summary>
        private void UpdateFileUnderLock(string file, string given, bool write)
        {
            byte[] bytes;
            CloudTask task;
            try
            {
                // A task file is read whole: the core's MaxDocumentBytes (512 MiB) bounds it.
                long limit = PSObjectAdapter.Reader.Options.MaxDocumentBytes;
                long length = new FileInfo(file).Length;
                if (length > limit)
                {
                    throw new BatchTaskReadException(ReadErrorKind.LimitExceeded,
                        "the file is " + length + " bytes, larger than the limit of " + limit + " bytes (MaxDocumentBytes)", "$", 0, 0, 0, 0);
                }

                bytes = TaskFile.ReadAll(file);
                task = ReadSingleTaskObject(bytes);
            }
            catch (FileNotFoundException e)
            {
                WriteError(Errors.Create(ErrorIds.TaskFileNotFound, ErrorCategory.ObjectNotFound, given, "Cannot find the task file '" + file + "'.", e));
                return;
            }
            catch (BatchTaskReadException e)
            {
                WriteError(Errors.Create(ErrorIds.InvalidTaskJson, e.Kind == ReadErrorKind.LimitExceeded ? ErrorCategory.LimitsExceeded : ErrorCategory.InvalidData, given,
                    "The task file '" + file + "' does not hold one valid task: " + TaskDisplay.Text(e.Message), e));
                return;
            }

            CloudTask? updated = TryUpdate(task);
            if (updated == null || !write)
            {
                return;
            }

            var writer = new BatchTaskWriter(new BatchTaskWriterOptions
            {
                Shape = TaskShape.Full,
                Indented = LooksIndented(bytes),
                IncludeAdditionalProperties = true,
            });
            byte[] json = writer.WriteUtf8(updated);
            if (EndsWithNewline(bytes))
            {
                Array.Resize(ref json, json.Length + 1);
                json[json.Length - 1] = (byte)'\n';
            }

            try
            {
                TaskFile.WriteAtomic(file, json);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                WriteError(Errors.Create(ErrorIds.TaskFileWriteFailed, ErrorCategory.WriteError, given,
                    "Cannot write the task file '" + file + "': " + e.Message, e));
                return;
            }

            WriteObject(updated);
        }

        /// <summary>
        /// The one task of a task file. The file must be a single task object: an array or list response
        /// would come back as a bare object, so it is refused rather than silently reshaped.
        /// </summary>
        private static CloudTask ReadSingleTaskObject(byte[] bytes)
        {
            using TaskSequenceReader sequence = new TaskSequenceReader(bytes, 0, bytes.Length, PSObjectAdapter.Reader.Options);
            CloudTask? found = null;
            foreach (TaskReadResult result in sequence)
            {
                if (result.Error != null)
                {
                    throw result.Error;
                }

                if (found != null || sequence.Format != TaskInputFormat.Single)
                {
                    throw new BatchTaskReadException(ReadErrorKind.NotATask,
                        "a task file for Update-BatchTask -Path must hold one task object, not " + (found != null ? "several tasks" : "a " + sequence.Format + " of tasks"),
                        "$", 1, 1, 0, result.RecordNumber);
                }

                found = result.Task;
            }

            return found ?? throw new BatchTaskReadException(ReadErrorKind.NotATask, "the file holds no task", "$", 1, 1, 0, 0);
        }

        /// <summary>True when this call runs under -WhatIf (given, or through $WhatIfPreference).</summary>
        private bool IsWhatIf()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? given))
            {
                return given is SwitchParameter sp ? sp.IsPresent : LanguagePrimitives.IsTrue(given);
            }

            return LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));
        }

        /// <summary>The first condition that fails, in words, or null when all hold.</summary>
        private string? FailedCondition(CloudTask task)
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(IfMatch)))
            {
                bool ok = IfMatch == "*" || string.Equals(task.ETag, IfMatch, StringComparison.Ordinal);
                return ok ? null : "-IfMatch '" + IfMatch + "' (the task's ETag is " + (task.ETag == null ? "absent" : "'" + task.ETag + "'") + ")";
            }

            if (MyInvocation.BoundParameters.ContainsKey(nameof(IfNoneMatch)))
            {
                bool ok = IfNoneMatch != "*" && !string.Equals(task.ETag, IfNoneMatch, StringComparison.Ordinal);
                return ok ? null : "-IfNoneMatch '" + IfNoneMatch + "'";
            }

            if (task.LastModified.HasValue)
            {
                DateTime modified = WholeSecondsUtc(task.LastModified.Value, unspecifiedIsUtc: true);
                if (MyInvocation.BoundParameters.ContainsKey(nameof(IfModifiedSince)) && !(modified > WholeSecondsUtc(IfModifiedSince, false)))
                {
                    return "-IfModifiedSince " + Http(IfModifiedSince) + " (last modified " + Http(modified) + ")";
                }

                if (MyInvocation.BoundParameters.ContainsKey(nameof(IfUnmodifiedSince)) && !(modified <= WholeSecondsUtc(IfUnmodifiedSince, false)))
                {
                    return "-IfUnmodifiedSince " + Http(IfUnmodifiedSince) + " (last modified " + Http(modified) + ")";
                }
            }

            return null;
        }

        private static DateTime WholeSecondsUtc(DateTime value, bool unspecifiedIsUtc)
        {
            DateTime utc = value.Kind == DateTimeKind.Utc || (unspecifiedIsUtc && value.Kind == DateTimeKind.Unspecified)
                ? DateTime.SpecifyKind(value, DateTimeKind.Utc)
                : value.ToUniversalTime();
            return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        }

        private static string Http(DateTime value) => WholeSecondsUtc(value, false).ToString("r", CultureInfo.InvariantCulture);

        /// <summary>
        /// A service-shaped ETag ("0x" + 15 upper-case hex digits): the current time in 100 ns ticks with its low
        /// 12 bits random, strictly increasing within this process, and never equal to <paramref name="previous"/>.
        /// </summary>
        internal static string NewETag(string? previous)
        {
            byte[] noise = new byte[2];
            using (var rng = RandomNumberGenerator.Create())
            {
                while (true)
                {
                    rng.GetBytes(noise);
                    long value;
                    lock (s_etagGate)
                    {
                        long random = ((long)noise[0] | ((long)noise[1] << 8)) & 0xFFFL;
                        value = (DateTime.UtcNow.Ticks & ~0xFFFL) | random;
                        if (value <= s_lastETag)
                        {
                            value = s_lastETag + 1;
                        }

                        s_lastETag = value;
                    }

                    string etag = "0x" + (value & 0x0FFFFFFFFFFFFFFFL).ToString("X15", CultureInfo.InvariantCulture);
                    if (!string.Equals(etag, previous, StringComparison.Ordinal))
                    {
                        return etag;
                    }
                }
            }
        }

        private static bool LooksIndented(byte[] bytes)
        {
            int start = 0, end = bytes.Length;
            while (start < end && IsSpace(bytes[start]))
            {
                start++;
            }

            while (end > start && IsSpace(bytes[end - 1]))
            {
                end--;
            }

            for (int k = start; k < end; k++)
            {
                if (bytes[k] == (byte)'\n')
                {
                    return true;
                }
            }

            return false;
        }

        private static bool EndsWithNewline(byte[] bytes) => bytes.Length > 0 && bytes[bytes.Length - 1] == (byte)'\n';

        private static bool IsSpace(byte b) => b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r' || b == (byte)'\n';
    }
}
