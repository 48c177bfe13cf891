namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="TaskIdRange"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class TaskIdRange
    {
        internal static readonly ModelInfo<TaskIdRange> Metadata = new ModelInfo<TaskIdRange>(
            "TaskIdRange",
            "BatchTaskIdRange",
            () => new TaskIdRange(),
            new Int32Property<TaskIdRange>("start", "start", nameof(Start), o => o.Start, (o, v) => o.Start = v) { Required = true, ServiceRule = "D4" },
            new Int32Property<TaskIdRange>("end", "end", nameof(End), o => o.End, (o, v) => o.End = v) { Required = true, ServiceRule = "D4" });

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
