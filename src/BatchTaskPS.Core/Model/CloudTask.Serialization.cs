namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="CloudTask"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class CloudTask
    {
        internal static readonly ModelInfo<CloudTask> Metadata = new ModelInfo<CloudTask>(
            "CloudTask",
            "BatchTask",
            () => new CloudTask(),
            new StringProperty<CloudTask>("id", "id", nameof(Id), o => o.Id, (o, v) => o.Id = v) { CreateOrder = 0 },
            new StringProperty<CloudTask>("displayName", "display_name", nameof(DisplayName), o => o.DisplayName, (o, v) => o.DisplayName = v) { CreateOrder = 1 },
            new StringProperty<CloudTask>("url", "url", nameof(Url), o => o.Url, (o, v) => o.Url = v) { ServerOwned = true },
            new StringProperty<CloudTask>("eTag", "e_tag", nameof(ETag), o => o.ETag, (o, v) => o.ETag = v) { ServerOwned = true },
            new DateTimeProperty<CloudTask>("lastModified", "last_modified", nameof(LastModified), o => o.LastModified, (o, v) => o.LastModified = v) { ServerOwned = true },
            new DateTimeProperty<CloudTask>("creationTime", "creation_time", nameof(CreationTime), o => o.CreationTime, (o, v) => o.CreationTime = v) { ServerOwned = true },
            new ModelProperty<CloudTask, ExitConditions>("exitConditions", "exit_conditions", nameof(ExitConditions), o => o.ExitConditions, (o, v) => o.ExitConditions = v) { CreateOrder = 4 },
            new EnumProperty<CloudTask, TaskState>("state", "state", nameof(State), global::BatchTaskPS.Model.TaskState.Info, o => o.State, (o, v) => o.State = v) { ServerOwned = true, UserSet = false },
            new DateTimeProperty<CloudTask>("stateTransitionTime", "state_transition_time", nameof(StateTransitionTime), o => o.StateTransitionTime, (o, v) => o.StateTransitionTime = v) { ServerOwned = true },
            new EnumProperty<CloudTask, TaskState>("previousState", "previous_state", nameof(PreviousState), global::BatchTaskPS.Model.TaskState.Info, o => o.PreviousState, (o, v) => o.PreviousState = v) { ServerOwned = true, UserSet = false },
            new DateTimeProperty<CloudTask>("previousStateTransitionTime", "previous_state_transition_time", nameof(PreviousStateTransitionTime), o => o.PreviousStateTransitionTime, (o, v) => o.PreviousStateTransitionTime = v) { ServerOwned = true },
            new StringProperty<CloudTask>("commandLine", "command_line", nameof(CommandLine), o => o.CommandLine, (o, v) => o.CommandLine = v) { CreateOrder = 2 },
            new ModelProperty<CloudTask, TaskContainerSettings>("containerSettings", "container_settings", nameof(ContainerSettings), o => o.ContainerSettings, (o, v) => o.ContainerSettings = v) { CreateOrder = 3 },
            new ModelListProperty<CloudTask, ResourceFile>("resourceFiles", "resource_files", nameof(ResourceFiles), o => o.ResourceFiles, (o, v) => o.ResourceFiles = v) { CreateOrder = 5 },
            new ModelListProperty<CloudTask, OutputFile>("outputFiles", "output_files", nameof(OutputFiles), o => o.OutputFiles, (o, v) => o.OutputFiles = v) { CreateOrder = 6 },
            new ModelListProperty<CloudTask, EnvironmentSetting>("environmentSettings", "environment_settings", nameof(EnvironmentSettings), o => o.EnvironmentSettings, (o, v) => o.EnvironmentSettings = v) { CreateOrder = 7 },
            new ModelProperty<CloudTask, AffinityInformation>("affinityInfo", "affinity_info", nameof(AffinityInfo), o => o.AffinityInfo, (o, v) => o.AffinityInfo = v) { CreateOrder = 8 },
            new ModelProperty<CloudTask, TaskConstraints>("constraints", "constraints", nameof(Constraints), o => o.Constraints, (o, v) => o.Constraints = v) { CreateOrder = 9 },
            new Int32Property<CloudTask>("requiredSlots", "required_slots", nameof(RequiredSlots), o => o.RequiredSlots, (o, v) => o.RequiredSlots = v) { CreateOrder = 10, ServiceDefault = 1 },
            new ModelProperty<CloudTask, UserIdentity>("userIdentity", "user_identity", nameof(UserIdentity), o => o.UserIdentity, (o, v) => o.UserIdentity = v) { CreateOrder = 11 },
            new ModelProperty<CloudTask, TaskExecutionInformation>("executionInfo", "execution_info", nameof(ExecutionInfo), o => o.ExecutionInfo, (o, v) => o.ExecutionInfo = v) { ServerOwned = true },
            new ModelProperty<CloudTask, ComputeNodeInformation>("nodeInfo", "node_info", nameof(NodeInfo), o => o.NodeInfo, (o, v) => o.NodeInfo = v) { ServerOwned = true },
            new ModelProperty<CloudTask, MultiInstanceSettings>("multiInstanceSettings", "multi_instance_settings", nameof(MultiInstanceSettings), o => o.MultiInstanceSettings, (o, v) => o.MultiInstanceSettings = v) { CreateOrder = 12 },
            new ModelProperty<CloudTask, TaskStatistics>("stats", "stats", nameof(Stats), o => o.Stats, (o, v) => o.Stats = v) { ServerOwned = true },
            new ModelProperty<CloudTask, TaskDependencies>("dependsOn", "depends_on", nameof(DependsOn), o => o.DependsOn, (o, v) => o.DependsOn = v) { CreateOrder = 13 },
            new ModelListProperty<CloudTask, ApplicationPackageReference>("applicationPackageReferences", "application_package_references", nameof(ApplicationPackageReferences), o => o.ApplicationPackageReferences, (o, v) => o.ApplicationPackageReferences = v) { CreateOrder = 14 },
            new ModelProperty<CloudTask, AuthenticationTokenSettings>("authenticationTokenSettings", "authentication_token_settings", nameof(AuthenticationTokenSettings), o => o.AuthenticationTokenSettings, (o, v) => o.AuthenticationTokenSettings = v) { CreateOrder = 15, RemovedIn = BatchApiVersions.V20261001 });

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
