using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>An environment variable set for the task. Reference type <c>EnvironmentSetting</c>; newest REST API name <c>EnvironmentSetting</c>.</summary>
    public sealed partial class EnvironmentSetting : BatchModel<EnvironmentSetting>
    {
        /// <summary>REST key <c>name</c> (str). Required by the reference's validate().</summary>
        public string? Name { get; set; }

        /// <summary>REST key <c>value</c> (str).</summary>
        public string? Value { get; set; }
    }
}
