using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>A user-assigned managed identity of the pool. Reference type <c>ComputeNodeIdentityReference</c>; newest REST API name <c>BatchNodeIdentityReference</c>.</summary>
    public sealed partial class ComputeNodeIdentityReference : BatchModel<ComputeNodeIdentityReference>
    {
        /// <summary>REST key <c>resourceId</c> (str).</summary>
        public string? ResourceId { get; set; }
    }
}
