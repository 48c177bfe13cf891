using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>Execution limits of a task: wall clock time, retention, retries. Reference type <c>TaskConstraints</c>; newest REST API name <c>BatchTaskConstraints</c>.</summary>
    public sealed partial class TaskConstraints : BatchModel<TaskConstraints>
    {
        /// <summary>REST key <c>maxWallClockTime</c> (duration).</summary>
        public TimeSpan? MaxWallClockTime { get; set; }

        /// <summary>REST key <c>retentionTime</c> (duration).</summary>
        public TimeSpan? RetentionTime { get; set; }

        /// <summary>REST key <c>maxTaskRetryCount</c> (int).</summary>
        public int? MaxTaskRetryCount { get; set; }
    }
}
