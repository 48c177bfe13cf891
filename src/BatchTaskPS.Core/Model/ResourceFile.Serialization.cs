namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="ResourceFile"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class ResourceFile
    {
        internal static readonly ModelInfo<ResourceFile> Metadata = new ModelInfo<ResourceFile>(
            "ResourceFile",
            "ResourceFile",
            () => new ResourceFile(),
            new StringProperty<ResourceFile>("autoStorageContainerName", "auto_storage_container_name", nameof(AutoStorageContainerName), o => o.AutoStorageContainerName, (o, v) => o.AutoStorageContainerName = v),
            new StringProperty<ResourceFile>("storageContainerUrl", "storage_container_url", nameof(StorageContainerUrl), o => o.StorageContainerUrl, (o, v) => o.StorageContainerUrl = v) { MayHoldSas = true },
            new StringProperty<ResourceFile>("httpUrl", "http_url", nameof(HttpUrl), o => o.HttpUrl, (o, v) => o.HttpUrl = v) { MayHoldSas = true },
            new StringProperty<ResourceFile>("blobPrefix", "blob_prefix", nameof(BlobPrefix), o => o.BlobPrefix, (o, v) => o.BlobPrefix = v),
            new StringProperty<ResourceFile>("filePath", "file_path", nameof(FilePath), o => o.FilePath, (o, v) => o.FilePath = v),
            new StringProperty<ResourceFile>("fileMode", "file_mode", nameof(FileMode), o => o.FileMode, (o, v) => o.FileMode = v),
            new ModelProperty<ResourceFile, ComputeNodeIdentityReference>("identityReference", "identity_reference", nameof(IdentityReference), o => o.IdentityReference, (o, v) => o.IdentityReference = v));

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
