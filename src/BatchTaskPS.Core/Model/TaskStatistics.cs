using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>Service-reported resource usage of the task. Reference type <c>TaskStatistics</c>; newest REST API name <c>BatchTaskStatistics</c>.</summary>
    public sealed partial class TaskStatistics : BatchModel<TaskStatistics>
    {
        /// <summary>REST key <c>url</c> (str). Required by the reference's validate().</summary>
        public string? Url { get; set; }

        /// <summary>REST key <c>startTime</c> (iso-8601). Required by the reference's validate().</summary>
        public DateTime? StartTime { get; set; }

        /// <summary>REST key <c>lastUpdateTime</c> (iso-8601). Required by the reference's validate().</summary>
        public DateTime? LastUpdateTime { get; set; }

        /// <summary>REST key <c>userCPUTime</c> (duration). Required by the reference's validate().</summary>
        public TimeSpan? UserCpuTime { get; set; }

        /// <summary>REST key <c>kernelCPUTime</c> (duration). Required by the reference's validate().</summary>
        public TimeSpan? KernelCpuTime { get; set; }

        /// <summary>REST key <c>wallClockTime</c> (duration). Required by the reference's validate().</summary>
        public TimeSpan? WallClockTime { get; set; }

        /// <summary>REST key <c>readIOps</c> (long). Required by the reference's validate().</summary>
        public long? ReadIOps { get; set; }

        /// <summary>REST key <c>writeIOps</c> (long). Required by the reference's validate().</summary>
        public long? WriteIOps { get; set; }

        /// <summary>REST key <c>readIOGiB</c> (float). Required by the reference's validate().</summary>
        public double? ReadIOGiB { get; set; }

        /// <summary>REST key <c>writeIOGiB</c> (float). Required by the reference's validate().</summary>
        public double? WriteIOGiB { get; set; }

        /// <summary>REST key <c>waitTime</c> (duration). Required by the reference's validate().</summary>
        public TimeSpan? WaitTime { get; set; }
    }
}
