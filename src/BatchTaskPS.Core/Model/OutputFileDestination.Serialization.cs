namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="OutputFileDestination"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class OutputFileDestination
    {
        internal static readonly ModelInfo<OutputFileDestination> Metadata = new ModelInfo<OutputFileDestination>(
            "OutputFileDestination",
            "OutputFileDestination",
            () => new OutputFileDestination(),
            new ModelProperty<OutputFileDestination, OutputFileBlobContainerDestination>("container", "container", nameof(Container), o => o.Container, (o, v) => o.Container = v));

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
