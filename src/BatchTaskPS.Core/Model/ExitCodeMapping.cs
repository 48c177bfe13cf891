using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>What to do when the task exits with one exit code. Reference type <c>ExitCodeMapping</c>; newest REST API name <c>ExitCodeMapping</c>.</summary>
    public sealed partial class ExitCodeMapping : BatchModel<ExitCodeMapping>
    {
        /// <summary>REST key <c>code</c> (int). Required by the reference's validate().</summary>
        public int? Code { get; set; }

        /// <summary>REST key <c>exitOptions</c> (ExitOptions). Required by the reference's validate().</summary>
        public ExitOptions? ExitOptions { get; set; }
    }
}
