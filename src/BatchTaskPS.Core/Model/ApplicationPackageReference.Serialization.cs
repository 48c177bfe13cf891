namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="ApplicationPackageReference"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class ApplicationPackageReference
    {
        internal static readonly ModelInfo<ApplicationPackageReference> Metadata = new ModelInfo<ApplicationPackageReference>(
            "ApplicationPackageReference",
            "BatchApplicationPackageReference",
            () => new ApplicationPackageReference(),
            new StringProperty<ApplicationPackageReference>("applicationId", "application_id", nameof(ApplicationId), o => o.ApplicationId, (o, v) => o.ApplicationId = v) { Required = true, ServiceRule = "A1" },
            new StringProperty<ApplicationPackageReference>("version", "version", nameof(Version), o => o.Version, (o, v) => o.Version = v));

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
