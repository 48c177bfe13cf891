using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>The auto-user a task runs as. Reference type <c>AutoUserSpecification</c>; newest REST API name <c>AutoUserSpecification</c>.</summary>
    public sealed partial class AutoUserSpecification : BatchModel<AutoUserSpecification>
    {
        /// <summary>REST key <c>scope</c> (AutoUserScope).</summary>
        public AutoUserScope? Scope { get; set; }

        /// <summary>REST key <c>elevationLevel</c> (ElevationLevel).</summary>
        public ElevationLevel? ElevationLevel { get; set; }
    }
}
