using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>What to do when the task exits with a code in an inclusive range. Reference type <c>ExitCodeRangeMapping</c>; newest REST API name <c>ExitCodeRangeMapping</c>.</summary>
    public sealed partial class ExitCodeRangeMapping : BatchModel<ExitCodeRangeMapping>
    {
        /// <summary>REST key <c>start</c> (int). Required by the reference's validate().</summary>
        public int? Start { get; set; }

        /// <summary>REST key <c>end</c> (int). Required by the reference's validate().</summary>
        public int? End { get; set; }

        /// <summary>REST key <c>exitOptions</c> (ExitOptions). Required by the reference's validate().</summary>
        public ExitOptions? ExitOptions { get; set; }
    }
}
