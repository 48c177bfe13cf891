namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="OutputFileBlobContainerDestination"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class OutputFileBlobContainerDestination
    {
        internal static readonly ModelInfo<OutputFileBlobContainerDestination> Metadata = new ModelInfo<OutputFileBlobContainerDestination>(
            "OutputFileBlobContainerDestination",
            "OutputFileBlobContainerDestination",
            () => new OutputFileBlobContainerDestination(),
            new StringProperty<OutputFileBlobContainerDestination>("path", "path", nameof(Path), o => o.Path, (o, v) => o.Path = v),
            new StringProperty<OutputFileBlobContainerDestination>("containerUrl", "container_url", nameof(ContainerUrl), o => o.ContainerUrl, (o, v) => o.ContainerUrl = v) { Required = true, MayHoldSas = true, ServiceRule = "O3" },
            new ModelProperty<OutputFileBlobContainerDestination, ComputeNodeIdentityReference>("identityReference", "identity_reference", nameof(IdentityReference), o => o.IdentityReference, (o, v) => o.IdentityReference = v),
            new ModelListProperty<OutputFileBlobContainerDestination, HttpHeader>("uploadHeaders", "upload_headers", nameof(UploadHeaders), o => o.UploadHeaders, (o, v) => o.UploadHeaders = v));

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
