namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="TaskContainerExecutionInformation"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class TaskContainerExecutionInformation
    {
        internal static readonly ModelInfo<TaskContainerExecutionInformation> Metadata = new ModelInfo<TaskContainerExecutionInformation>(
            "TaskContainerExecutionInformation",
            "BatchTaskContainerExecutionInfo",
            () => new TaskContainerExecutionInformation(),
            new StringProperty<TaskContainerExecutionInformation>("containerId", "container_id", nameof(ContainerId), o => o.ContainerId, (o, v) => o.ContainerId = v),
            new StringProperty<TaskContainerExecutionInformation>("state", "state", nameof(State), o => o.State, (o, v) => o.State = v),
            new StringProperty<TaskContainerExecutionInformation>("error", "error", nameof(Error), o => o.Error, (o, v) => o.Error = v));

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
