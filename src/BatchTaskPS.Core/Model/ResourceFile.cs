using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>A file (or a blob container's files) downloaded to the node before the task runs. Reference type <c>ResourceFile</c>; newest REST API name <c>ResourceFile</c>.</summary>
    public sealed partial class ResourceFile : BatchModel<ResourceFile>
    {
        /// <summary>REST key <c>autoStorageContainerName</c> (str).</summary>
        public string? AutoStorageContainerName { get; set; }

        /// <summary>REST key <c>storageContainerUrl</c> (str).</summary>
        public string? StorageContainerUrl { get; set; }

        /// <summary>REST key <c>httpUrl</c> (str).</summary>
        public string? HttpUrl { get; set; }

        /// <summary>REST key <c>blobPrefix</c> (str).</summary>
        public string? BlobPrefix { get; set; }

        /// <summary>REST key <c>filePath</c> (str).</summary>
        public string? FilePath { get; set; }

        /// <summary>REST key <c>fileMode</c> (str).</summary>
        public string? FileMode { get; set; }

        /// <summary>REST key <c>identityReference</c> (ComputeNodeIdentityReference).</summary>
        public ComputeNodeIdentityReference? IdentityReference { get; set; }
    }
}
