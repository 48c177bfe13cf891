namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="TaskConstraints"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class TaskConstraints
    {
        internal static readonly ModelInfo<TaskConstraints> Metadata = new ModelInfo<TaskConstraints>(
            "TaskConstraints",
            "BatchTaskConstraints",
            () => new TaskConstraints(),
            new DurationProperty<TaskConstraints>("maxWallClockTime", "max_wall_clock_time", nameof(MaxWallClockTime), o => o.MaxWallClockTime, (o, v) => o.MaxWallClockTime = v) { ServiceDefault = System.TimeSpan.MaxValue },
            new DurationProperty<TaskConstraints>("retentionTime", "retention_time", nameof(RetentionTime), o => o.RetentionTime, (o, v) => o.RetentionTime = v) { ServiceDefault = System.TimeSpan.FromDays(7) },
            new Int32Property<TaskConstraints>("maxTaskRetryCount", "max_task_retry_count", nameof(MaxTaskRetryCount), o => o.MaxTaskRetryCount, (o, v) => o.MaxTaskRetryCount = v) { ServiceDefault = 0 });

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
