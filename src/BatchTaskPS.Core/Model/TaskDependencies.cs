using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>Tasks this task depends on, by id and by id range. Reference type <c>TaskDependencies</c>; newest REST API name <c>BatchTaskDependencies</c>.</summary>
    public sealed partial class TaskDependencies : BatchModel<TaskDependencies>
    {
        /// <summary>REST key <c>taskIds</c> ([str]). Null means absent; an empty list is a different, kept state.</summary>
        public List<string?>? TaskIds { get; set; }

        /// <summary>REST key <c>taskIdRanges</c> ([TaskIdRange]). Null means absent; an empty list is a different, kept state.</summary>
        public List<TaskIdRange?>? TaskIdRanges { get; set; }
    }
}
