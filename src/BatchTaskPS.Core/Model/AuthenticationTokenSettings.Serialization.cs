namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="AuthenticationTokenSettings"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class AuthenticationTokenSettings
    {
        internal static readonly ModelInfo<AuthenticationTokenSettings> Metadata = new ModelInfo<AuthenticationTokenSettings>(
            "AuthenticationTokenSettings",
            "AuthenticationTokenSettings",
            () => new AuthenticationTokenSettings(),
            new EnumListProperty<AuthenticationTokenSettings, AccessScope>("access", "access", nameof(Access), global::BatchTaskPS.Model.AccessScope.Info, o => o.Access, (o, v) => o.Access = v) { ServiceRule = "Z1" });

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
