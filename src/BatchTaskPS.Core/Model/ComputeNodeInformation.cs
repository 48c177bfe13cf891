using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>Service-reported information about the node the task ran on. Reference type <c>ComputeNodeInformation</c>; newest REST API name <c>BatchNodeInfo</c>.</summary>
    public sealed partial class ComputeNodeInformation : BatchModel<ComputeNodeInformation>
    {
        /// <summary>REST key <c>affinityId</c> (str).</summary>
        public string? AffinityId { get; set; }

        /// <summary>REST key <c>nodeUrl</c> (str).</summary>
        public string? NodeUrl { get; set; }

        /// <summary>REST key <c>poolId</c> (str).</summary>
        public string? PoolId { get; set; }

        /// <summary>REST key <c>nodeId</c> (str).</summary>
        public string? NodeId { get; set; }

        /// <summary>REST key <c>taskRootDirectory</c> (str).</summary>
        public string? TaskRootDirectory { get; set; }

        /// <summary>REST key <c>taskRootDirectoryUrl</c> (str).</summary>
        public string? TaskRootDirectoryUrl { get; set; }
    }
}
