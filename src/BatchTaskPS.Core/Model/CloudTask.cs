using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>An Azure Batch task: what to run, with what files, settings and limits, and (from the service) its state. Reference type <c>CloudTask</c>; newest REST API name <c>BatchTask</c>.</summary>
    public sealed partial class CloudTask : BatchModel<CloudTask>
    {
        /// <summary>REST key <c>id</c> (str).</summary>
        public string? Id { get; set; }

        /// <summary>REST key <c>displayName</c> (str).</summary>
        public string? DisplayName { get; set; }

        /// <summary>REST key <c>url</c> (str). Set by the service; not part of the add-task body.</summary>
        public string? Url { get; set; }

        /// <summary>REST key <c>eTag</c> (str). Set by the service; not part of the add-task body.</summary>
        public string? ETag { get; set; }

        /// <summary>REST key <c>lastModified</c> (iso-8601). Set by the service; not part of the add-task body.</summary>
        public DateTime? LastModified { get; set; }

        /// <summary>REST key <c>creationTime</c> (iso-8601). Set by the service; not part of the add-task body.</summary>
        public DateTime? CreationTime { get; set; }

        /// <summary>REST key <c>exitConditions</c> (ExitConditions).</summary>
        public ExitConditions? ExitConditions { get; set; }

        /// <summary>REST key <c>state</c> (TaskState). Set by the service; not part of the add-task body.</summary>
        public TaskState? State { get; set; }

        /// <summary>REST key <c>stateTransitionTime</c> (iso-8601). Set by the service; not part of the add-task body.</summary>
        public DateTime? StateTransitionTime { get; set; }

        /// <summary>REST key <c>previousState</c> (TaskState). Set by the service; not part of the add-task body.</summary>
        public TaskState? PreviousState { get; set; }

        /// <summary>REST key <c>previousStateTransitionTime</c> (iso-8601). Set by the service; not part of the add-task body.</summary>
        public DateTime? PreviousStateTransitionTime { get; set; }

        /// <summary>REST key <c>commandLine</c> (str).</summary>
        public string? CommandLine { get; set; }

        /// <summary>REST key <c>containerSettings</c> (TaskContainerSettings).</summary>
        public TaskContainerSettings? ContainerSettings { get; set; }

        /// <summary>REST key <c>resourceFiles</c> ([ResourceFile]). Null means absent; an empty list is a different, kept state.</summary>
        public List<ResourceFile?>? ResourceFiles { get; set; }

        /// <summary>REST key <c>outputFiles</c> ([OutputFile]). Null means absent; an empty list is a different, kept state.</summary>
        public List<OutputFile?>? OutputFiles { get; set; }

        /// <summary>REST key <c>environmentSettings</c> ([EnvironmentSetting]). Null means absent; an empty list is a different, kept state.</summary>
        public List<EnvironmentSetting?>? EnvironmentSettings { get; set; }

        /// <summary>REST key <c>affinityInfo</c> (AffinityInformation).</summary>
        public AffinityInformation? AffinityInfo { get; set; }

        /// <summary>REST key <c>constraints</c> (TaskConstraints).</summary>
        public TaskConstraints? Constraints { get; set; }

        /// <summary>REST key <c>requiredSlots</c> (int).</summary>
        public int? RequiredSlots { get; set; }

        /// <summary>REST key <c>userIdentity</c> (UserIdentity).</summary>
        public UserIdentity? UserIdentity { get; set; }

        /// <summary>REST key <c>executionInfo</c> (TaskExecutionInformation). Set by the service; not part of the add-task body.</summary>
        public TaskExecutionInformation? ExecutionInfo { get; set; }

        /// <summary>REST key <c>nodeInfo</c> (ComputeNodeInformation). Set by the service; not part of the add-task body.</summary>
        public ComputeNodeInformation? NodeInfo { get; set; }

        /// <summary>REST key <c>multiInstanceSettings</c> (MultiInstanceSettings).</summary>
        public MultiInstanceSettings? MultiInstanceSettings { get; set; }

        /// <summary>REST key <c>stats</c> (TaskStatistics). Set by the service; not part of the add-task body.</summary>
        public TaskStatistics? Stats { get; set; }

        /// <summary>REST key <c>dependsOn</c> (TaskDependencies).</summary>
        public TaskDependencies? DependsOn { get; set; }

        /// <summary>REST key <c>applicationPackageReferences</c> ([ApplicationPackageReference]). Null means absent; an empty list is a different, kept state.</summary>
        public List<ApplicationPackageReference?>? ApplicationPackageReferences { get; set; }

        /// <summary>REST key <c>authenticationTokenSettings</c> (AuthenticationTokenSettings).</summary>
        public AuthenticationTokenSettings? AuthenticationTokenSettings { get; set; }

        /// <summary>The task id, or the type name when there is none.</summary>
        public override string ToString() => Id ?? nameof(CloudTask);
    }
}
