using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>An HTTP header added to output file uploads. Reference type <c>HttpHeader</c>; newest REST API name <c>OutputFileUploadHeader</c>.</summary>
    public sealed partial class HttpHeader : BatchModel<HttpHeader>
    {
        /// <summary>REST key <c>name</c> (str). Required by the reference's validate().</summary>
        public string? Name { get; set; }

        /// <summary>REST key <c>value</c> (str).</summary>
        public string? Value { get; set; }
    }
}
