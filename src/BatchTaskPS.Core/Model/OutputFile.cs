using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>Files uploaded from the node after the task runs. Reference type <c>OutputFile</c>; newest REST API name <c>OutputFile</c>.</summary>
    public sealed partial class OutputFile : BatchModel<OutputFile>
    {
        /// <summary>REST key <c>filePattern</c> (str). Required by the reference's validate().</summary>
        public string? FilePattern { get; set; }

        /// <summary>REST key <c>destination</c> (OutputFileDestination). Required by the reference's validate().</summary>
        public OutputFileDestination? Destination { get; set; }

        /// <summary>REST key <c>uploadOptions</c> (OutputFileUploadOptions). Required by the reference's validate().</summary>
        public OutputFileUploadOptions? UploadOptions { get; set; }
    }
}
