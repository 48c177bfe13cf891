using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>Service-reported information about the task's container. Reference type <c>TaskContainerExecutionInformation</c>; newest REST API name <c>BatchTaskContainerExecutionInfo</c>.</summary>
    public sealed partial class TaskContainerExecutionInformation : BatchModel<TaskContainerExecutionInformation>
    {
        /// <summary>REST key <c>containerId</c> (str).</summary>
        public string? ContainerId { get; set; }

        /// <summary>REST key <c>state</c> (str).</summary>
        public string? State { get; set; }

        /// <summary>REST key <c>error</c> (str).</summary>
        public string? Error { get; set; }
    }
}
