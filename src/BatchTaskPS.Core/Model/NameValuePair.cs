using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>A name and a value. Reference type <c>NameValuePair</c>; newest REST API name <c>NameValuePair</c>.</summary>
    public sealed partial class NameValuePair : BatchModel<NameValuePair>
    {
        /// <summary>REST key <c>name</c> (str).</summary>
        public string? Name { get; set; }

        /// <summary>REST key <c>value</c> (str).</summary>
        public string? Value { get; set; }
    }
}
