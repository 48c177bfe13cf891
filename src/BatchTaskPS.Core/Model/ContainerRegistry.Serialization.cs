namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="ContainerRegistry"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class ContainerRegistry
    {
        internal static readonly ModelInfo<ContainerRegistry> Metadata = new ModelInfo<ContainerRegistry>(
            "ContainerRegistry",
            "ContainerRegistryReference",
            () => new ContainerRegistry(),
            new StringProperty<ContainerRegistry>("username", "user_name", nameof(UserName), o => o.UserName, (o, v) => o.UserName = v),
            new StringProperty<ContainerRegistry>("password", "password", nameof(Password), o => o.Password, (o, v) => o.Password = v) { Secret = true },
            new StringProperty<ContainerRegistry>("registryServer", "registry_server", nameof(RegistryServer), o => o.RegistryServer, (o, v) => o.RegistryServer = v),
            new ModelProperty<ContainerRegistry, ComputeNodeIdentityReference>("identityReference", "identity_reference", nameof(IdentityReference), o => o.IdentityReference, (o, v) => o.IdentityReference = v));

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
