using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>Where output files go. Reference type <c>OutputFileDestination</c>; newest REST API name <c>OutputFileDestination</c>.</summary>
    public sealed partial class OutputFileDestination : BatchModel<OutputFileDestination>
    {
        /// <summary>REST key <c>container</c> (OutputFileBlobContainerDestination).</summary>
        public OutputFileBlobContainerDestination? Container { get; set; }
    }
}
