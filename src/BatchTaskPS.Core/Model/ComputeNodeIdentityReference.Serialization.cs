namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="ComputeNodeIdentityReference"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class ComputeNodeIdentityReference
    {
        internal static readonly ModelInfo<ComputeNodeIdentityReference> Metadata = new ModelInfo<ComputeNodeIdentityReference>(
            "ComputeNodeIdentityReference",
            "BatchNodeIdentityReference",
            () => new ComputeNodeIdentityReference(),
            new StringProperty<ComputeNodeIdentityReference>("resourceId", "resource_id", nameof(ResourceId), o => o.ResourceId, (o, v) => o.ResourceId = v));

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
