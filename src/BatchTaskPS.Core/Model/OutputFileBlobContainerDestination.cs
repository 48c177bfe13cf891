using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>An Azure Storage blob container that output files are uploaded to. Reference type <c>OutputFileBlobContainerDestination</c>; newest REST API name <c>OutputFileBlobContainerDestination</c>.</summary>
    public sealed partial class OutputFileBlobContainerDestination : BatchModel<OutputFileBlobContainerDestination>
    {
        /// <summary>REST key <c>path</c> (str).</summary>
        public string? Path { get; set; }

        /// <summary>REST key <c>containerUrl</c> (str). Required by the reference's validate().</summary>
        public string? ContainerUrl { get; set; }

        /// <summary>REST key <c>identityReference</c> (ComputeNodeIdentityReference).</summary>
        public ComputeNodeIdentityReference? IdentityReference { get; set; }

        /// <summary>REST key <c>uploadHeaders</c> ([HttpHeader]). Null means absent; an empty list is a different, kept state.</summary>
        public List<HttpHeader?>? UploadHeaders { get; set; }
    }
}
