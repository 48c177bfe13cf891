namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="ContainerHostBatchBindMountEntry"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class ContainerHostBatchBindMountEntry
    {
        internal static readonly ModelInfo<ContainerHostBatchBindMountEntry> Metadata = new ModelInfo<ContainerHostBatchBindMountEntry>(
            "ContainerHostBatchBindMountEntry",
            "ContainerHostBatchBindMountEntry",
            () => new ContainerHostBatchBindMountEntry(),
            new EnumProperty<ContainerHostBatchBindMountEntry, ContainerHostDataPath>("source", "source", nameof(Source), global::BatchTaskPS.Model.ContainerHostDataPath.Info, o => o.Source, (o, v) => o.Source = v) { ServiceRule = "K3" },
            new BoolProperty<ContainerHostBatchBindMountEntry>("isReadOnly", "is_read_only", nameof(IsReadOnly), o => o.IsReadOnly, (o, v) => o.IsReadOnly = v) { ServiceDefault = false });

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
