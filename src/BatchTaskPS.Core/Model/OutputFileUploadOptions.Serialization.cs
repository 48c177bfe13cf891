namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="OutputFileUploadOptions"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class OutputFileUploadOptions
    {
        internal static readonly ModelInfo<OutputFileUploadOptions> Metadata = new ModelInfo<OutputFileUploadOptions>(
            "OutputFileUploadOptions",
            "OutputFileUploadConfig",
            () => new OutputFileUploadOptions(),
            new EnumProperty<OutputFileUploadOptions, OutputFileUploadCondition>("uploadCondition", "upload_condition", nameof(UploadCondition), global::BatchTaskPS.Model.OutputFileUploadCondition.Info, o => o.UploadCondition, (o, v) => o.UploadCondition = v) { Required = true, ServiceRule = "O4" });

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
