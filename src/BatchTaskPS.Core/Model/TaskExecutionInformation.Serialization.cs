namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="TaskExecutionInformation"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class TaskExecutionInformation
    {
        internal static readonly ModelInfo<TaskExecutionInformation> Metadata = new ModelInfo<TaskExecutionInformation>(
            "TaskExecutionInformation",
            "BatchTaskExecutionInfo",
            () => new TaskExecutionInformation(),
            new DateTimeProperty<TaskExecutionInformation>("startTime", "start_time", nameof(StartTime), o => o.StartTime, (o, v) => o.StartTime = v),
            new DateTimeProperty<TaskExecutionInformation>("endTime", "end_time", nameof(EndTime), o => o.EndTime, (o, v) => o.EndTime = v),
            new Int32Property<TaskExecutionInformation>("exitCode", "exit_code", nameof(ExitCode), o => o.ExitCode, (o, v) => o.ExitCode = v),
            new ModelProperty<TaskExecutionInformation, TaskContainerExecutionInformation>("containerInfo", "container_info", nameof(ContainerInfo), o => o.ContainerInfo, (o, v) => o.ContainerInfo = v),
            new ModelProperty<TaskExecutionInformation, TaskFailureInformation>("failureInfo", "failure_info", nameof(FailureInfo), o => o.FailureInfo, (o, v) => o.FailureInfo = v),
            new Int32Property<TaskExecutionInformation>("retryCount", "retry_count", nameof(RetryCount), o => o.RetryCount, (o, v) => o.RetryCount = v) { Required = true },
            new DateTimeProperty<TaskExecutionInformation>("lastRetryTime", "last_retry_time", nameof(LastRetryTime), o => o.LastRetryTime, (o, v) => o.LastRetryTime = v),
            new Int32Property<TaskExecutionInformation>("requeueCount", "requeue_count", nameof(RequeueCount), o => o.RequeueCount, (o, v) => o.RequeueCount = v) { Required = true },
            new DateTimeProperty<TaskExecutionInformation>("lastRequeueTime", "last_requeue_time", nameof(LastRequeueTime), o => o.LastRequeueTime, (o, v) => o.LastRequeueTime = v),
            new EnumProperty<TaskExecutionInformation, TaskExecutionResult>("result", "result", nameof(Result), global::BatchTaskPS.Model.TaskExecutionResult.Info, o => o.Result, (o, v) => o.Result = v) { UserSet = false });

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
