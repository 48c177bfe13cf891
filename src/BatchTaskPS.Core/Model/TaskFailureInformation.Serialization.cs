namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="TaskFailureInformation"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class TaskFailureInformation
    {
        internal static readonly ModelInfo<TaskFailureInformation> Metadata = new ModelInfo<TaskFailureInformation>(
            "TaskFailureInformation",
            "BatchTaskFailureInfo",
            () => new TaskFailureInformation(),
            new EnumProperty<TaskFailureInformation, ErrorCategory>("category", "category", nameof(Category), global::BatchTaskPS.Model.ErrorCategory.Info, o => o.Category, (o, v) => o.Category = v) { Required = true, UserSet = false },
            new StringProperty<TaskFailureInformation>("code", "code", nameof(Code), o => o.Code, (o, v) => o.Code = v),
            new StringProperty<TaskFailureInformation>("message", "message", nameof(Message), o => o.Message, (o, v) => o.Message = v),
            new ModelListProperty<TaskFailureInformation, NameValuePair>("details", "details", nameof(Details), o => o.Details, (o, v) => o.Details = v));

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
