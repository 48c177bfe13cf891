namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="ComputeNodeInformation"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class ComputeNodeInformation
    {
        internal static readonly ModelInfo<ComputeNodeInformation> Metadata = new ModelInfo<ComputeNodeInformation>(
            "ComputeNodeInformation",
            "BatchNodeInfo",
            () => new ComputeNodeInformation(),
            new StringProperty<ComputeNodeInformation>("affinityId", "affinity_id", nameof(AffinityId), o => o.AffinityId, (o, v) => o.AffinityId = v),
            new StringProperty<ComputeNodeInformation>("nodeUrl", "node_url", nameof(NodeUrl), o => o.NodeUrl, (o, v) => o.NodeUrl = v),
            new StringProperty<ComputeNodeInformation>("poolId", "pool_id", nameof(PoolId), o => o.PoolId, (o, v) => o.PoolId = v),
            new StringProperty<ComputeNodeInformation>("nodeId", "node_id", nameof(NodeId), o => o.NodeId, (o, v) => o.NodeId = v),
            new StringProperty<ComputeNodeInformation>("taskRootDirectory", "task_root_directory", nameof(TaskRootDirectory), o => o.TaskRootDirectory, (o, v) => o.TaskRootDirectory = v),
            new StringProperty<ComputeNodeInformation>("taskRootDirectoryUrl", "task_root_directory_url", nameof(TaskRootDirectoryUrl), o => o.TaskRootDirectoryUrl, (o, v) => o.TaskRootDirectoryUrl = v));

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
