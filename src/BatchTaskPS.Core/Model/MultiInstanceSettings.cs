using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>Settings for a multi-instance (MPI) task. Reference type <c>MultiInstanceSettings</c>; newest REST API name <c>MultiInstanceSettings</c>.</summary>
    public sealed partial class MultiInstanceSettings : BatchModel<MultiInstanceSettings>
    {
        /// <summary>REST key <c>numberOfInstances</c> (int).</summary>
        public int? NumberOfInstances { get; set; }

        /// <summary>REST key <c>coordinationCommandLine</c> (str). Required by the reference's validate().</summary>
        public string? CoordinationCommandLine { get; set; }

        /// <summary>REST key <c>commonResourceFiles</c> ([ResourceFile]). Null means absent; an empty list is a different, kept state.</summary>
        public List<ResourceFile?>? CommonResourceFiles { get; set; }
    }
}
