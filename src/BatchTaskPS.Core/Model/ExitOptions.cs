using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>The job and dependency actions taken for an exit condition. Reference type <c>ExitOptions</c>; newest REST API name <c>ExitOptions</c>.</summary>
    public sealed partial class ExitOptions : BatchModel<ExitOptions>
    {
        /// <summary>REST key <c>jobAction</c> (JobAction).</summary>
        public JobAction? JobAction { get; set; }

        /// <summary>REST key <c>dependencyAction</c> (DependencyAction).</summary>
        public DependencyAction? DependencyAction { get; set; }
    }
}
