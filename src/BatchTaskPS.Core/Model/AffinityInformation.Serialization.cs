namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="AffinityInformation"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class AffinityInformation
    {
        internal static readonly ModelInfo<AffinityInformation> Metadata = new ModelInfo<AffinityInformation>(
            "AffinityInformation",
            "BatchAffinityInfo",
            () => new AffinityInformation(),
            new StringProperty<AffinityInformation>("affinityId", "affinity_id", nameof(AffinityId), o => o.AffinityId, (o, v) => o.AffinityId = v) { Required = true, ServiceRule = "F1" });

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
