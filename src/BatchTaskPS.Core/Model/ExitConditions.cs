using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>How the service responds when the task exits: per exit code, per range, and on errors. Reference type <c>ExitConditions</c>; newest REST API name <c>ExitConditions</c>.</summary>
    public sealed partial class ExitConditions : BatchModel<ExitConditions>
    {
        /// <summary>REST key <c>exitCodes</c> ([ExitCodeMapping]). Null means absent; an empty list is a different, kept state.</summary>
        public List<ExitCodeMapping?>? ExitCodes { get; set; }

        /// <summary>REST key <c>exitCodeRanges</c> ([ExitCodeRangeMapping]). Null means absent; an empty list is a different, kept state.</summary>
        public List<ExitCodeRangeMapping?>? ExitCodeRanges { get; set; }

        /// <summary>REST key <c>preProcessingError</c> (ExitOptions).</summary>
        public ExitOptions? PreProcessingError { get; set; }

        /// <summary>REST key <c>fileUploadError</c> (ExitOptions).</summary>
        public ExitOptions? FileUploadError { get; set; }

        /// <summary>REST key <c>default</c> (ExitOptions).</summary>
        public ExitOptions? Default { get; set; }
    }
}
