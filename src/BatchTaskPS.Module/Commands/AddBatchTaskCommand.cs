using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using BatchTaskPS.Commands.Support;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Service;
using BatchTaskPS.Validation;

using ErrorCategory = System.Management.Automation.ErrorCategory;

namespace BatchTaskPS.Commands
{
    /// <summary>
    /// Add-BatchTask: adds tasks to a job through add-collection requests (at most 100 tasks and under 1 MB each, up to
    /// -ThrottleLimit in flight). Each task is first checked as a Create body with the core validator; one with an error
    /// is not sent (a TaskValidationFailed error per finding, a NotSent result). One result per task, as its answer
    /// arrives; a task the service refused is also a non-terminating error whose ErrorId is the service's code.
    /// -ResultPath appends every result to an NDJSON file as it arrives; a rerun skips the tasks that file shows as added.
    /// With -ResultPath a TaskExists answer is checked: the task is read back, and when it is the task sent (an earlier run
    /// was killed after the service added it, before its result was written) it is a Success with AddedEarlier.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "BatchTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(TaskAddResult))]
    public sealed class AddBatchTaskCommand : PSCmdlet, IDisposable
    {
        private readonly HashSet<string> _done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private readonly BatchTaskValidationOptions _validation = new BatchTaskValidationOptions { Shape = TaskShape.Create };
        private TaskAdder? _adder;
        private FileStream? _results;
        private long _record;
        private long _skipped;

        [Parameter(Mandatory = true)]
        [ValidateNotNull]
        public BatchContext BatchContext { get; set; } = null!;

        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string JobId { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        public CloudTask InputObject { get; set; } = null!;

        /// <summary>Add-collection requests in flight at once.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        /// <summary>An NDJSON file every result is appended to; tasks it shows as added are skipped.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ResultPath { get; set; } = null!;

        protected override void BeginProcessing()
        {
            if (ResultPath != null)
            {
                string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(ResultPath);
                try
                {
                    ReadDone(path);
                    if (!IsWhatIf())
                    {
                        _results = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
                        if (_results.Length > 0 && !EndsWithNewline(path))
                        {
                            _results.WriteByte((byte)'\n'); // a line cut short by a killed run
                        }
                    }
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    ThrowTerminatingError(Errors.Create(ErrorIds.ResultPathFailed, ErrorCategory.WriteError, ResultPath, "Cannot use the result file '" + path + "': " + e.Message, e));
                }

                if (_done.Count > 0)
                {
                    WriteVerbose(_done.Count + " tasks are already added according to '" + path + "'; they are skipped.");
                }
            }

            // With a result file a run may be a resume: a task the service already has (TaskExists) is read back, and
            // when it is the task sent, an earlier run whose answer was lost (killed, disconnected) added it: Success.
            _adder = BatchContext.Client.CreateTaskAdder(JobId, new TaskAdderOptions { MaxRequestsInFlight = ThrottleLimit, ConfirmExistingTasks = ResultPath != null });
        }

        protected override void ProcessRecord()
        {
            _record++;
            CloudTask task = InputObject;
            if (task.Id != null && _done.Contains(task.Id))
            {
                _skipped++;
                return;
            }

            IReadOnlyList<ValidationIssue> issues = BatchTaskValidator.Validate(task, _validation);
            bool valid = true;
            foreach (ValidationIssue issue in issues)
            {
                if (issue.Severity == ValidationSeverity.Error)
                {
                    valid = false;
                    var record = new TaskValidationRecord(task.Id, _record, issue);
                    WriteError(Errors.Create(ErrorIds.TaskValidationFailed, ErrorCategory.InvalidData, record, record.ToString()));
                }
            }

            if (!valid)
            {
                Emit(new TaskAddResult(task.Id ?? string.Empty, TaskAddStatus.NotSent, null, null, null,
                    new BatchError(ErrorIds.TaskValidationFailed, "The task is not a valid Create body (see Test-BatchTask -Detailed -Shape Create)."), 0), record: false);
                return;
            }

            if (!ShouldProcess(TaskDisplay.Text(task.Id ?? "(task without id)"), "Add task to job '" + JobId + "'"))
            {
                return;
            }

            try
            {
                _adder!.Add(task);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Drain();
        }

        protected override void EndProcessing()
        {
            if (_adder != null)
            {
                foreach (TaskAddResult result in _adder.Complete())
                {
                    Emit(result, record: true);
                }
            }

            if (_skipped > 0)
            {
                WriteVerbose(_skipped + " tasks skipped: already added according to the result file.");
            }

            Dispose();
        }

        protected override void StopProcessing() => Dispose();

        public void Dispose()
        {
            _adder?.Dispose();
            _adder = null;
            _results?.Dispose();
            _results = null;
        }

        private void Drain()
        {
            while (_adder != null && _adder.TryTake(out TaskAddResult result))
            {
                Emit(result, record: true);
            }
        }

        private void Emit(TaskAddResult result, bool record)
        {
            if (record && _results != null)
            {
                byte[] line = Line(result);
                _results.Write(line, 0, line.Length);
                _results.Flush();
            }

            WriteObject(result);
            if (result.Status != TaskAddStatus.Success && !(result.Status == TaskAddStatus.NotSent && result.Error?.Code == ErrorIds.TaskValidationFailed))
            {
                WriteError(ServiceErrors.From(result));
            }
        }

        /// <summary>One NDJSON line: taskId, status, eTag, lastModified (7 digits), location, error code and message.</summary>
        internal static byte[] Line(TaskAddResult result)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("taskId", result.TaskId);
                json.WriteString("status", result.Status.ToString());
                if (result.ETag != null)
                {
                    json.WriteString("eTag", result.ETag);
                }

                if (result.LastModified.HasValue)
                {
                    json.WriteString("lastModified", result.LastModified.Value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
                }

                if (result.Location != null)
                {
                    json.WriteString("location", result.Location);
                }

                if (result.Error != null)
                {
                    json.WriteString("errorCode", result.Error.Code);
                    json.WriteString("errorMessage", result.Error.Message);
                }

                json.WriteNumber("attempts", result.Attempts);
                if (result.AddedEarlier)
                {
                    json.WriteBoolean("addedEarlier", true);
                }

                json.WriteEndObject();
            }

            buffer.WriteByte((byte)'\n');
            return buffer.ToArray();
        }

        /// <summary>
        /// The ids a result file shows as added: Success lines (among them AddedEarlier ones: a TaskExists whose task was
        /// read back and found to be the one sent). A TaskExists line is not one of them: it was a different task under
        /// the same id, so the rerun sends the task again and gets (and checks) the service's answer again.
        /// </summary>
        private void ReadDone(string path)
        {
            if (!File.Exists(path))
            {
                return;
            }

            using var reader = new StreamReader(path, Encoding.UTF8);
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                try
                {
                    using JsonDocument document = JsonDocument.Parse(line);
                    JsonElement root = document.RootElement;
                    string? id = root.TryGetProperty("taskId", out JsonElement i) ? i.GetString() : null;
                    string? status = root.TryGetProperty("status", out JsonElement s) ? s.GetString() : null;
                    if (id != null && status == nameof(TaskAddStatus.Success))
                    {
                        _done.Add(id);
                    }
                }
                catch (JsonException)
                {
                    // the last line of a run that was killed while writing it
                }
            }
        }

        private static bool EndsWithNewline(string path)
        {
            using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (read.Length == 0)
            {
                return true;
            }

            read.Seek(-1, SeekOrigin.End);
            return read.ReadByte() == '\n';
        }

        private bool IsWhatIf()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? given))
            {
                return given is SwitchParameter sp ? sp.IsPresent : LanguagePrimitives.IsTrue(given);
            }

            return LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));
        }
    }
}
