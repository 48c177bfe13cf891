namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="UserIdentity"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class UserIdentity
    {
        internal static readonly ModelInfo<UserIdentity> Metadata = new ModelInfo<UserIdentity>(
            "UserIdentity",
            "UserIdentity",
            () => new UserIdentity(),
            new StringProperty<UserIdentity>("username", "user_name", nameof(UserName), o => o.UserName, (o, v) => o.UserName = v),
            new ModelProperty<UserIdentity, AutoUserSpecification>("autoUser", "auto_user", nameof(AutoUser), o => o.AutoUser, (o, v) => o.AutoUser = v));

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
