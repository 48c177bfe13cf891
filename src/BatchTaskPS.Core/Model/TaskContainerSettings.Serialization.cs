namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="TaskContainerSettings"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class TaskContainerSettings
    {
        internal static readonly ModelInfo<TaskContainerSettings> Metadata = new ModelInfo<TaskContainerSettings>(
            "TaskContainerSettings",
            "BatchTaskContainerSettings",
            () => new TaskContainerSettings(),
            new StringProperty<TaskContainerSettings>("containerRunOptions", "container_run_options", nameof(ContainerRunOptions), o => o.ContainerRunOptions, (o, v) => o.ContainerRunOptions = v),
            new StringProperty<TaskContainerSettings>("imageName", "image_name", nameof(ImageName), o => o.ImageName, (o, v) => o.ImageName = v) { Required = true, ServiceRule = "K1" },
            new ModelProperty<TaskContainerSettings, ContainerRegistry>("registry", "registry", nameof(Registry), o => o.Registry, (o, v) => o.Registry = v),
            new EnumProperty<TaskContainerSettings, ContainerWorkingDirectory>("workingDirectory", "working_directory", nameof(WorkingDirectory), global::BatchTaskPS.Model.ContainerWorkingDirectory.Info, o => o.WorkingDirectory, (o, v) => o.WorkingDirectory = v) { ServiceDefault = "taskWorkingDirectory", ServiceRule = "K2" },
            new ModelListProperty<TaskContainerSettings, ContainerHostBatchBindMountEntry>("containerHostBatchBindMounts", "container_host_batch_bind_mounts", nameof(ContainerHostBatchBindMounts), o => o.ContainerHostBatchBindMounts, (o, v) => o.ContainerHostBatchBindMounts = v) { AddedIn = BatchApiVersions.V20240701 });

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
