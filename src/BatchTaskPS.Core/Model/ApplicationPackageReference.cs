using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>An application package deployed to the node for the task. Reference type <c>ApplicationPackageReference</c>; newest REST API name <c>BatchApplicationPackageReference</c>.</summary>
    public sealed partial class ApplicationPackageReference : BatchModel<ApplicationPackageReference>
    {
        /// <summary>REST key <c>applicationId</c> (str). Required by the reference's validate().</summary>
        public string? ApplicationId { get; set; }

        /// <summary>REST key <c>version</c> (str).</summary>
        public string? Version { get; set; }
    }
}
