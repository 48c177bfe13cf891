namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="OutputFile"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class OutputFile
    {
        internal static readonly ModelInfo<OutputFile> Metadata = new ModelInfo<OutputFile>(
            "OutputFile",
            "OutputFile",
            () => new OutputFile(),
            new StringProperty<OutputFile>("filePattern", "file_pattern", nameof(FilePattern), o => o.FilePattern, (o, v) => o.FilePattern = v) { Required = true, ServiceRule = "O1" },
            new ModelProperty<OutputFile, OutputFileDestination>("destination", "destination", nameof(Destination), o => o.Destination, (o, v) => o.Destination = v) { Required = true, ServiceRule = "O1" },
            new ModelProperty<OutputFile, OutputFileUploadOptions>("uploadOptions", "upload_options", nameof(UploadOptions), o => o.UploadOptions, (o, v) => o.UploadOptions = v) { Required = true, ServiceRule = "O1" });

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
