using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>The container a task runs in. Reference type <c>TaskContainerSettings</c>; newest REST API name <c>BatchTaskContainerSettings</c>.</summary>
    public sealed partial class TaskContainerSettings : BatchModel<TaskContainerSettings>
    {
        /// <summary>REST key <c>containerRunOptions</c> (str).</summary>
        public string? ContainerRunOptions { get; set; }

        /// <summary>REST key <c>imageName</c> (str). Required by the reference's validate().</summary>
        public string? ImageName { get; set; }

        /// <summary>REST key <c>registry</c> (ContainerRegistry).</summary>
        public ContainerRegistry? Registry { get; set; }

        /// <summary>REST key <c>workingDirectory</c> (ContainerWorkingDirectory).</summary>
        public ContainerWorkingDirectory? WorkingDirectory { get; set; }

        /// <summary>REST key <c>containerHostBatchBindMounts</c> ([ContainerHostBatchBindMountEntry]). Null means absent; an empty list is a different, kept state.</summary>
        public List<ContainerHostBatchBindMountEntry?>? ContainerHostBatchBindMounts { get; set; }
    }
}
