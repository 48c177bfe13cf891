namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="TaskStatistics"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class TaskStatistics
    {
        internal static readonly ModelInfo<TaskStatistics> Metadata = new ModelInfo<TaskStatistics>(
            "TaskStatistics",
            "BatchTaskStatistics",
            () => new TaskStatistics(),
            new StringProperty<TaskStatistics>("url", "url", nameof(Url), o => o.Url, (o, v) => o.Url = v) { Required = true },
            new DateTimeProperty<TaskStatistics>("startTime", "start_time", nameof(StartTime), o => o.StartTime, (o, v) => o.StartTime = v) { Required = true },
            new DateTimeProperty<TaskStatistics>("lastUpdateTime", "last_update_time", nameof(LastUpdateTime), o => o.LastUpdateTime, (o, v) => o.LastUpdateTime = v) { Required = true },
            new DurationProperty<TaskStatistics>("userCPUTime", "user_cpu_time", nameof(UserCpuTime), o => o.UserCpuTime, (o, v) => o.UserCpuTime = v) { Required = true },
            new DurationProperty<TaskStatistics>("kernelCPUTime", "kernel_cpu_time", nameof(KernelCpuTime), o => o.KernelCpuTime, (o, v) => o.KernelCpuTime = v) { Required = true },
            new DurationProperty<TaskStatistics>("wallClockTime", "wall_clock_time", nameof(WallClockTime), o => o.WallClockTime, (o, v) => o.WallClockTime = v) { Required = true },
            new Int64Property<TaskStatistics>("readIOps", "read_iops", nameof(ReadIOps), o => o.ReadIOps, (o, v) => o.ReadIOps = v) { Required = true },
            new Int64Property<TaskStatistics>("writeIOps", "write_iops", nameof(WriteIOps), o => o.WriteIOps, (o, v) => o.WriteIOps = v) { Required = true },
            new DoubleProperty<TaskStatistics>("readIOGiB", "read_io_gi_b", nameof(ReadIOGiB), o => o.ReadIOGiB, (o, v) => o.ReadIOGiB = v) { Required = true },
            new DoubleProperty<TaskStatistics>("writeIOGiB", "write_io_gi_b", nameof(WriteIOGiB), o => o.WriteIOGiB, (o, v) => o.WriteIOGiB = v) { Required = true },
            new DurationProperty<TaskStatistics>("waitTime", "wait_time", nameof(WaitTime), o => o.WaitTime, (o, v) => o.WaitTime = v) { Required = true });

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
