using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using BatchTaskPS.Commands.Support;
using BatchTaskPS.Factories;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Updates;
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
    /// old one) and LastModified = now (UTC, 100 ns). A task file gets them only where it had them: a file
    /// without eTag (a definition never submitted) stays a valid Create body, and its conditions are those of
    /// a task with no ETag (-IfMatch &lt;etag&gt; fails, -IfMatch * passes, -IfNoneMatch &lt;etag&gt; passes).</para>
    /// <para>-Path updates task files: under an exclusive lock honoured by every BatchTaskPS process of the user
    /// (a lock file in the user's lock folder, nothing beside the task file; see FileLock) the file is read,
    /// checked, changed and replaced atomically with its mode and owner kept (see AtomicFile); a symbolic link
    /// is followed and its target updated; a read-only file is refused (TaskFileReadOnly); temporary files left
    /// by killed updates are removed. Everything else in the file, unknown properties included, is kept, and
    /// the file keeps its layout: only what changed is rewritten, in the file's indentation and line endings
    /// (see JsonLayout).</para>
    /// </remarks>
    [Cmdlet(VerbsData.Update, "BatchTask", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(CloudTask))]
    public sealed partial class UpdateBatchTaskCommand : PSCmdlet
    {
        public const string InputObjectSet = "InputObject";
        public const string PathSet = "Path";

        /// <summary>How long -Path waits for another process's update of the same file.</summary>
        internal static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);


        /// <summary>The condition parameters, in the order their combinations are named.</summary>
        private static readonly string[] ConditionParameters = { nameof(IfMatch), nameof(IfNoneMatch), nameof(IfModifiedSince), nameof(IfUnmodifiedSince) };

        private HashSet<string> _boundBeforePipeline = null!;
        private Request _commandLineRequest = null!;
        private Request _request = null!;

        // The parameters (-InputObject, -Path, the conditions, the task fields, -AllowDefinitionChange and the
        // service's) are declared once, in TaskFieldParameters (Support/TaskFieldParameters.cs), and generated into
        // UpdateBatchTaskCommand.Fields.g.cs as static properties: ./build.sh generate after changing them. Their
        // values are read from the bound parameters (GivenValues).

        protected override void BeginProcessing()
        {
            // Parameters given on the command line are bound by now; with -Path, conditions and changes may also
            // come from each pipeline record by property name. The command line is checked here (terminating).
            _boundBeforePipeline = new HashSet<string>(MyInvocation.BoundParameters.Keys, StringComparer.OrdinalIgnoreCase);
            foreach (string name in new[] { nameof(IfMatch), nameof(IfNoneMatch) })
            {
                // An empty ETag typed (or an unset variable) would make the update unconditional: refused. From the
                // pipeline, an empty cell means "not given", as for every other parameter.
                if (MyInvocation.BoundParameters.TryGetValue(name, out object? etag) && PSObjectAdapter.Unwrap(etag) is null or string { Length: 0 })
                {
                    ThrowTerminatingError(Errors.Create(ErrorIds.EmptyCondition, ErrorCategory.InvalidArgument, name,
                        "-" + name + " is empty. Give the ETag to compare with (or * for any task); an empty condition would make the update unconditional."));
                }
            }

            _commandLineRequest = BuildRequest(GivenValues(), terminating: true, target: null)!;
        }

        protected override void ProcessRecord()
        {
            if (IsServiceSet)
            {
                ProcessService(); // UpdateBatchTaskCommand.Service.cs
                return;
            }

            try
            {
                ProcessOne();
            }
            finally
            {
                // PowerShell keeps a value bound from an earlier pipeline record in BoundParameters even when
                // the next record has no such property: forget them, so that each record stands alone.
                foreach (string key in new List<string>(MyInvocation.BoundParameters.Keys))
                {
                    if (!_boundBeforePipeline.Contains(key))
                    {
                        MyInvocation.BoundParameters.Remove(key);
                    }
                }
            }
        }

        private void ProcessOne()
        {
            if (ParameterSetName == InputObjectSet)
            {
                _request = _commandLineRequest;
                CloudTask? updated = TryUpdate(InputObject, addServerProperties: true);
                if (updated != null)
                {
                    WriteObject(updated);
                }

                return;
            }

            // This record's conditions and changes: the command line's plus those bound from the record.
            Dictionary<string, object?> given = GivenValues();
            Request? request = given.Count == _commandLineRequest.Count ? _commandLineRequest : BuildRequest(given, terminating: false, target: Path);
            if (request == null)
            {
                return;
            }

            _request = request;
            foreach (string p in Path)
            {
                if (request.Changes.Count == 0)
                {
                    // Nothing asked: the file is not touched (no new eTag, no rewrite).
                    WriteError(Errors.Create(ErrorIds.NothingToUpdate, ErrorCategory.InvalidArgument, p,
                        "No change was given for the task file '" + p + "', so it was not touched. Give what to change: -MaxWallClockTime, -RetentionTime, -MaxTaskRetryCount or -Constraints (or, with -AllowDefinitionChange, a property such as -CommandLine), on the command line or as properties of the piped object."));
                    continue;
                }

                UpdateFile(p);
            }
        }

        /// <summary>
        /// The condition and change parameters of this record: every one given on the command line, and those
        /// bound from the pipeline record whose value is not null or empty text (an empty Import-Csv cell or a
        /// null property means "not given").
        /// </summary>
        private Dictionary<string, object?> GivenValues()
        {
            var given = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (string name in ConditionParameters.Concat(TaskInput.ConstraintFields).Concat(TaskInput.DefinitionFields))
            {
                if (!MyInvocation.BoundParameters.TryGetValue(name, out object? value))
                {
                    continue;
                }

                if (!_boundBeforePipeline.Contains(name) && PSObjectAdapter.Unwrap(value) is null or string { Length: 0 })
                {
                    continue;
                }

                given[name] = value;
            }

            return given;
        }

        /// <summary>
        /// Checks a set of conditions and changes. A problem stops the command when <paramref name="terminating"/>
        /// (the command line); otherwise it is a non-terminating error for this record (target
        /// <paramref name="target"/>) and null is returned.
        /// </summary>
        private Request? BuildRequest(Dictionary<string, object?> given, bool terminating, object? target)
        {
            List<string> conditions = ConditionParameters.Where(given.ContainsKey).ToList();
            if (!ToConditions(given).IsSupportedCombination)
            {
                return Refuse(terminating, Errors.Create(ErrorIds.MultipleConditionHeadersNotSupported, ErrorCategory.InvalidArgument, target ?? conditions.ToArray(),
                    "The conditions -" + string.Join(", -", conditions) + " cannot be combined. Give one condition, or -IfMatch with -IfUnmodifiedSince, or -IfNoneMatch with -IfModifiedSince."));
            }

            var changes = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (string name in TaskInput.ConstraintFields.Concat(TaskInput.DefinitionFields))
            {
                if (given.TryGetValue(name, out object? value))
                {
                    changes[name] = value;
                }
            }

            List<string> definition = TaskInput.DefinitionFields.Where(changes.ContainsKey).ToList();
            if (definition.Count > 0 && !AllowDefinitionChange.IsPresent)
            {
                return Refuse(terminating, Errors.Create(ErrorIds.DefinitionChangeNotAllowed, ErrorCategory.InvalidOperation, target ?? definition.ToArray(),
                    "-" + string.Join(", -", definition) + " change the task's definition; the service's update changes only the constraints. Add -AllowDefinitionChange to change a task that is not yet submitted."));
            }

            if (changes.TryGetValue(TaskInput.UserName, out object? userName) && (changes.ContainsKey(TaskInput.AutoUserScope) || changes.ContainsKey(TaskInput.ElevationLevel)))
            {
                return Refuse(terminating, Errors.Create(ErrorIds.ConflictingUserIdentity, ErrorCategory.InvalidArgument, target ?? userName,
                    "-UserName names a pool user; -AutoUserScope and -ElevationLevel describe an auto-user. Give one or the other."));
            }

            return new Request(given, changes, definition.Count > 0);
        }

        private Request? Refuse(bool terminating, ErrorRecord error)
        {
            if (terminating)
            {
                ThrowTerminatingError(error);
            }

            WriteError(error);
            return null;
        }

        /// <summary>
        /// Checks and changes one task; null (after writing any error) when nothing is to be emitted. With
        /// <paramref name="addServerProperties"/> false (task files) the new ETag and LastModified are set only
        /// where the task had them, so a definition never submitted stays a valid Create body.
        /// </summary>
        private CloudTask? TryUpdate(CloudTask task, bool addServerProperties)
        {
            string? failed = FailedCondition(task);
            if (failed != null)
            {
                WriteError(Errors.Create(ErrorIds.ConditionNotMet, ErrorCategory.InvalidOperation, task,
                    "The condition " + failed + " does not hold for task '" + task.Id + "'; the task was not changed."));
                return null;
            }

            if (_request.DefinitionChange && task.State.HasValue && task.State.Value != TaskState.Active)
            {
                WriteError(Errors.Create(ErrorIds.DefinitionChangeNotAllowed, ErrorCategory.InvalidOperation, task,
                    "Task '" + task.Id + "' is " + task.State.Value + "; only the constraints of a submitted task that is no longer active can change."));
                return null;
            }

            CloudTask copy = task.Clone();
            try
            {
                PSObjectAdapter.Input.Apply(copy, _request.Changes);
            }
            catch (TaskInputException e)
            {
                WriteError(Errors.Create(ErrorIds.InvalidTaskProperty, ErrorCategory.InvalidArgument, e.Value, e.Message, e.InnerException));
                return null;
            }

            if (!ShouldProcess(task.Id ?? "(task without id)", _request.Action + (IsWhatIf() ? TaskChangeText.For(task, copy) : string.Empty)))
            {
                return null;
            }

            if (addServerProperties || task.ETag != null)
            {
                copy.ETag = TaskConditions.NewETag(task.ETag);
            }

            if (addServerProperties || task.LastModified.HasValue)
            {
                copy.LastModified = DateTime.UtcNow;
            }

            WriteVerbose(copy.ETag == null
                ? "Task '" + task.Id + "' updated (it has no ETag, and none is added)."
                : "Task '" + task.Id + "' updated: ETag " + task.ETag + " -> " + copy.ETag + ".");
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

            // A symbolic link is followed: its target is locked, read and replaced, and the link stays a link.
            string target = TaskFile.Resolve(file);
            if (TaskFile.IsReadOnly(target))
            {
                WriteError(Errors.Create(ErrorIds.TaskFileReadOnly, ErrorCategory.PermissionDenied, given,
                    "The task file '" + file + "' is read-only" + (string.Equals(target, file, StringComparison.Ordinal) ? string.Empty : " (it links to '" + target + "')") +
                    "; it was not changed. Make it writable first if it is meant to be updated."));
                return;
            }

            if (IsWhatIf())
            {
                // -WhatIf writes nothing, not even the lock file: read, check and report only.
                UpdateFileUnderLock(target, given, write: false);
                return;
            }

            FileStream? gate;
            try
            {
                gate = TaskFile.TryLock(target, LockTimeout);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
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
                foreach (string stale in TaskFile.RemoveStaleTemporaryFiles(target))
                {
                    WriteVerbose("Removed '" + stale + "', left by an update that did not finish.");
                }

                UpdateFileUnderLock(target, given, write: true);
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

            // A file without eTag (a definition never submitted) gets none: eTag and lastModified are the
            // service's, and Test-BatchTask -Shape Create refuses them.
            CloudTask? updated = TryUpdate(task, addServerProperties: false);
            if (updated == null || !write)
            {
                return;
            }

            byte[] json = TaskFile.Render(bytes, task, updated, ReadSingleTaskObject);
            if (json.AsSpan().SequenceEqual(bytes))
            {
                // Already as asked (possible only without an eTag to renew): the file is not touched.
                WriteVerbose("The task file '" + file + "' already holds the values given; it was not rewritten.");
                WriteObject(updated);
                return;
            }
            IReadOnlyList<string> lost;
            try
            {
                lost = TaskFile.WriteAtomic(file, json);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                WriteError(Errors.Create(ErrorIds.TaskFileWriteFailed, ErrorCategory.WriteError, given,
                    "Cannot write the task file '" + file + "': " + e.Message, e));
                return;
            }

            if (lost.Count > 0)
            {
                WriteWarning("The task file '" + file + "' was updated, but " + string.Join(" and ", lost) + " could not be kept.");
            }

            WriteObject(updated);
        }

        /// <summary>The one task of a task file: one task object (the core refuses arrays, list responses and several tasks).</summary>
        private static CloudTask ReadSingleTaskObject(byte[] bytes) => PSObjectAdapter.Reader.ReadTaskObject(bytes);

        /// <summary>True when this call runs under -WhatIf (given, or through $WhatIfPreference).</summary>
        private bool IsWhatIf()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? given))
            {
                return given is SwitchParameter sp ? sp.IsPresent : LanguagePrimitives.IsTrue(given);
            }

            return LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));
        }

        /// <summary>Null when this request's conditions hold for the task (judged by the core, as the service does).</summary>
        private string? FailedCondition(CloudTask task)
        {
            string? failed = _request.TaskConditions.FailedFor(task);
            return failed == null ? null : "-" + failed;
        }

        /// <summary>The conditions among the given parameters, as the core takes them.</summary>
        private static TaskConditions ToConditions(Dictionary<string, object?> given)
        {
            static object? Get(Dictionary<string, object?> d, string name) => d.TryGetValue(name, out object? v) ? PSObjectAdapter.Unwrap(v) : null;
            return new TaskConditions
            {
                IfMatch = (string?)Get(given, nameof(IfMatch)),
                IfNoneMatch = (string?)Get(given, nameof(IfNoneMatch)),
                IfModifiedSince = (DateTime?)Get(given, nameof(IfModifiedSince)),
                IfUnmodifiedSince = (DateTime?)Get(given, nameof(IfUnmodifiedSince)),
            };
        }

        /// <summary>What one update asks: its conditions and changes (per pipeline record with -Path).</summary>
        private sealed class Request
        {
            public Request(Dictionary<string, object?> given, Dictionary<string, object?> changes, bool definitionChange)
            {
                Count = given.Count;
                Conditions = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                foreach (string name in ConditionParameters)
                {
                    if (given.TryGetValue(name, out object? value))
                    {
                        Conditions[name] = value;
                    }
                }

                Changes = changes;
                DefinitionChange = definitionChange;
                TaskConditions = ToConditions(given);
                Action = changes.Count == 0
                    ? "Update task (new ETag and LastModified only)"
                    : "Update task: " + string.Join(", ", changes.Keys);
            }

            /// <summary>How many conditions and changes were given.</summary>
            public int Count { get; }

            public Dictionary<string, object?> Conditions { get; }

            /// <summary>The same conditions, as the core judges them.</summary>
            public TaskConditions TaskConditions { get; }

            public Dictionary<string, object?> Changes { get; }

            public bool DefinitionChange { get; }

            public string Action { get; }
        }
    }
}
