using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>Service-reported information about a task failure. Reference type <c>TaskFailureInformation</c>; newest REST API name <c>BatchTaskFailureInfo</c>.</summary>
    public sealed partial class TaskFailureInformation : BatchModel<TaskFailureInformation>
    {
        /// <summary>REST key <c>category</c> (ErrorCategory). Required by the reference's validate().</summary>
        public ErrorCategory? Category { get; set; }

        /// <summary>REST key <c>code</c> (str).</summary>
        public string? Code { get; set; }

        /// <summary>REST key <c>message</c> (str).</summary>
        public string? Message { get; set; }

        /// <summary>REST key <c>details</c> ([NameValuePair]). Null means absent; an empty list is a different, kept state.</summary>
        public List<NameValuePair?>? Details { get; set; }
    }
}
