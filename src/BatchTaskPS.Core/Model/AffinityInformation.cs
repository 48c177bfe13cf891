using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>A hint for which node to run the task on. Reference type <c>AffinityInformation</c>; newest REST API name <c>BatchAffinityInfo</c>.</summary>
    public sealed partial class AffinityInformation : BatchModel<AffinityInformation>
    {
        /// <summary>REST key <c>affinityId</c> (str). Required by the reference's validate().</summary>
        public string? AffinityId { get; set; }
    }
}
