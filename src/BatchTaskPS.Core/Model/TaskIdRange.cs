using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>An inclusive range of integer task ids that a task depends on. Reference type <c>TaskIdRange</c>; newest REST API name <c>BatchTaskIdRange</c>.</summary>
    public sealed partial class TaskIdRange : BatchModel<TaskIdRange>
    {
        /// <summary>REST key <c>start</c> (int). Required by the reference's validate().</summary>
        public int? Start { get; set; }

        /// <summary>REST key <c>end</c> (int). Required by the reference's validate().</summary>
        public int? End { get; set; }
    }
}
