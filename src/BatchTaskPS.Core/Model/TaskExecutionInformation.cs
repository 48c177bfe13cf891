using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>Service-reported information about the task's execution. Reference type <c>TaskExecutionInformation</c>; newest REST API name <c>BatchTaskExecutionInfo</c>.</summary>
    public sealed partial class TaskExecutionInformation : BatchModel<TaskExecutionInformation>
    {
        /// <summary>REST key <c>startTime</c> (iso-8601).</summary>
        public DateTime? StartTime { get; set; }

        /// <summary>REST key <c>endTime</c> (iso-8601).</summary>
        public DateTime? EndTime { get; set; }

        /// <summary>REST key <c>exitCode</c> (int).</summary>
        public int? ExitCode { get; set; }

        /// <summary>REST key <c>containerInfo</c> (TaskContainerExecutionInformation).</summary>
        public TaskContainerExecutionInformation? ContainerInfo { get; set; }

        /// <summary>REST key <c>failureInfo</c> (TaskFailureInformation).</summary>
        public TaskFailureInformation? FailureInfo { get; set; }

        /// <summary>REST key <c>retryCount</c> (int). Required by the reference's validate().</summary>
        public int? RetryCount { get; set; }

        /// <summary>REST key <c>lastRetryTime</c> (iso-8601).</summary>
        public DateTime? LastRetryTime { get; set; }

        /// <summary>REST key <c>requeueCount</c> (int). Required by the reference's validate().</summary>
        public int? RequeueCount { get; set; }

        /// <summary>REST key <c>lastRequeueTime</c> (iso-8601).</summary>
        public DateTime? LastRequeueTime { get; set; }

        /// <summary>REST key <c>result</c> (TaskExecutionResult).</summary>
        public TaskExecutionResult? Result { get; set; }
    }
}
