namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="TaskDependencies"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class TaskDependencies
    {
        internal static readonly ModelInfo<TaskDependencies> Metadata = new ModelInfo<TaskDependencies>(
            "TaskDependencies",
            "BatchTaskDependencies",
            () => new TaskDependencies(),
            new StringListProperty<TaskDependencies>("taskIds", "task_ids", nameof(TaskIds), o => o.TaskIds, (o, v) => o.TaskIds = v),
            new ModelListProperty<TaskDependencies, TaskIdRange>("taskIdRanges", "task_id_ranges", nameof(TaskIdRanges), o => o.TaskIdRanges, (o, v) => o.TaskIdRanges = v));

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
