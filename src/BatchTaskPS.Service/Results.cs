using System;
using System.Collections.Generic;
using BatchTaskPS.Model;

namespace BatchTaskPS.Service
{
    /// <summary>One detail of a service error: <c>{"key": ..., "value": ...}</c> (rest-spec 2.5, BatchErrorDetail).</summary>
    public sealed class BatchErrorDetail
    {
        public BatchErrorDetail(string? key, string? value)
        {
            Key = key;
            Value = value;
        }

        public string? Key { get; }

        public string? Value { get; }

        public override string ToString() => Key + "=" + Value;
    }

    /// <summary>A service error body (<c>odata.error</c> shape: code, message.value, values), or one made by this library.</summary>
    public sealed class BatchError
    {
        public BatchError(string? code, string? message, IReadOnlyList<BatchErrorDetail>? values = null)
        {
            Code = code;
            Message = message;
            Values = values ?? Array.Empty<BatchErrorDetail>();
        }

        /// <summary>The service's error code, such as <c>TaskExists</c>, <c>RequestBodyTooLarge</c>, <c>ConditionNotMet</c>.</summary>
        public string? Code { get; }

        /// <summary>The text of <c>message.value</c> (with the service's RequestId and Time lines).</summary>
        public string? Message { get; }

        public IReadOnlyList<BatchErrorDetail> Values { get; }

        public override string ToString() => Code + ": " + Message;
    }

    /// <summary>What became of one task sent to add-collection (rest-spec 2.5 BatchTaskAddStatus, plus NotSent).</summary>
    public enum TaskAddStatus
    {
        /// <summary>The service added the task.</summary>
        Success,

        /// <summary>The service refused the task; resending it unchanged fails again.</summary>
        ClientError,

        /// <summary>The service failed; the task was retried and still failed.</summary>
        ServerError,

        /// <summary>The task was not sent: no id, too large for any request, or its id twice in one request (or refused by the caller).</summary>
        NotSent,
    }

    /// <summary>The result for one task of an add-collection.</summary>
    public sealed class TaskAddResult
    {
        public TaskAddResult(string taskId, TaskAddStatus status, string? eTag, DateTime? lastModified, string? location, BatchError? error, int attempts = 1, bool addedEarlier = false)
        {
            AddedEarlier = addedEarlier;
            TaskId = taskId;
            Status = status;
            ETag = eTag;
            LastModified = lastModified;
            Location = location;
            Error = error;
            Attempts = attempts;
        }

        public string TaskId { get; }

        public TaskAddStatus Status { get; }

        public string? ETag { get; }

        /// <summary>UTC, as the service wrote it (7 fractional digits kept).</summary>
        public DateTime? LastModified { get; }

        public string? Location { get; }

        public BatchError? Error { get; }

        /// <summary>How many add-collection requests carried this task (1 when it was not retried).</summary>
        public int Attempts { get; }

        /// <summary>
        /// True for a Success that the service answered TaskExists for: the task it holds was read back and is the one
        /// sent (<see cref="TaskAdderOptions.ConfirmExistingTasks"/>), so an earlier request whose answer was lost (a
        /// dropped connection, a killed run) added it. ETag and LastModified are then those read back.
        /// </summary>
        public bool AddedEarlier { get; }

        public override string ToString() => TaskId + ": " + Status + (AddedEarlier ? " (added earlier)" : string.Empty) + (Error != null ? " (" + Error.Code + ")" : string.Empty);
    }

    /// <summary>A task read by Get: the task as the service wrote it, and the response headers.</summary>
    public sealed class BatchTaskResponse
    {
        public BatchTaskResponse(CloudTask task, string? eTag, DateTime? lastModified, string? requestId)
        {
            Task = task;
            ETag = eTag;
            LastModified = lastModified;
            RequestId = requestId;
        }

        /// <summary>The body, read by the core reader (unknown properties and 7-digit times kept).</summary>
        public CloudTask Task { get; }

        /// <summary>The <c>ETag</c> response header, exactly as sent (unquoted, such as <c>0x8D3D62350711C55</c>).</summary>
        public string? ETag { get; }

        /// <summary>The <c>Last-Modified</c> response header (whole seconds, UTC).</summary>
        public DateTime? LastModified { get; }

        public string? RequestId { get; }
    }

    public enum TaskUpdateStatus
    {
        /// <summary>The service changed the task (200).</summary>
        Updated,

        /// <summary>A precondition did not hold (412, ConditionNotMet): nothing was changed.</summary>
        ConditionNotMet,
    }

    /// <summary>The answer to an update: the new ETag and Last-Modified from the response headers.</summary>
    public sealed class TaskUpdateResult
    {
        public TaskUpdateResult(string jobId, string taskId, TaskUpdateStatus status, string? eTag, DateTime? lastModified, BatchError? error, string? requestId)
        {
            JobId = jobId;
            TaskId = taskId;
            Status = status;
            ETag = eTag;
            LastModified = lastModified;
            Error = error;
            RequestId = requestId;
        }

        public string JobId { get; }

        public string TaskId { get; }

        public TaskUpdateStatus Status { get; }

        public string? ETag { get; }

        public DateTime? LastModified { get; }

        public BatchError? Error { get; }

        public string? RequestId { get; }
    }

    /// <summary>The service answered with an error status (after the retries the pipeline makes), or could not be reached.</summary>
    [Serializable]
    public sealed class BatchServiceException : Exception
    {
        public BatchServiceException(int status, BatchError error, string? requestId, Exception? inner = null)
            : base(Describe(status, error), inner)
        {
            Status = status;
            Error = error;
            RequestId = requestId;
        }

        /// <summary>The HTTP status (0: no answer, such as a dropped connection).</summary>
        public int Status { get; }

        public BatchError Error { get; }

        /// <summary>The service's error code, the best ErrorId for a caller.</summary>
        public string Code => Error.Code ?? (Status == 0 ? "ServiceUnreachable" : "Http" + Status);

        public string? RequestId { get; }

        private static string Describe(int status, BatchError error)
        {
            string first = error.Message ?? string.Empty;
            int newline = first.IndexOf('\n');
            if (newline >= 0)
            {
                first = first.Substring(0, newline);
            }

            return (status == 0 ? "No answer from the Batch service" : "The Batch service answered " + status) +
                (error.Code != null ? " " + error.Code : string.Empty) + (first.Length > 0 ? ": " + first : ".");
        }
    }
}
