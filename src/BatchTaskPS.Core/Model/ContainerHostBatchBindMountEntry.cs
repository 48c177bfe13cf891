using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>A host path mounted into the task's container (newest REST API). Reference type <c>ContainerHostBatchBindMountEntry</c>; newest REST API name <c>ContainerHostBatchBindMountEntry</c>.</summary>
    public sealed partial class ContainerHostBatchBindMountEntry : BatchModel<ContainerHostBatchBindMountEntry>
    {
        /// <summary>REST key <c>source</c> (ContainerHostDataPath).</summary>
        public ContainerHostDataPath? Source { get; set; }

        /// <summary>REST key <c>isReadOnly</c> (bool).</summary>
        public bool? IsReadOnly { get; set; }
    }
}
