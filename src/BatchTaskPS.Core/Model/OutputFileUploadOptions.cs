using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>When output files are uploaded. Reference type <c>OutputFileUploadOptions</c>; newest REST API name <c>OutputFileUploadConfig</c>.</summary>
    public sealed partial class OutputFileUploadOptions : BatchModel<OutputFileUploadOptions>
    {
        /// <summary>REST key <c>uploadCondition</c> (OutputFileUploadCondition). Required by the reference's validate().</summary>
        public OutputFileUploadCondition? UploadCondition { get; set; }
    }
}
