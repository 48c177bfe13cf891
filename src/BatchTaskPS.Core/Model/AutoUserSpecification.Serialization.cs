namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="AutoUserSpecification"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class AutoUserSpecification
    {
        internal static readonly ModelInfo<AutoUserSpecification> Metadata = new ModelInfo<AutoUserSpecification>(
            "AutoUserSpecification",
            "AutoUserSpecification",
            () => new AutoUserSpecification(),
            new EnumProperty<AutoUserSpecification, AutoUserScope>("scope", "scope", nameof(Scope), global::BatchTaskPS.Model.AutoUserScope.Info, o => o.Scope, (o, v) => o.Scope = v) { ServiceDefault = "pool", ServiceRule = "U2" },
            new EnumProperty<AutoUserSpecification, ElevationLevel>("elevationLevel", "elevation_level", nameof(ElevationLevel), global::BatchTaskPS.Model.ElevationLevel.Info, o => o.ElevationLevel, (o, v) => o.ElevationLevel = v) { ServiceDefault = "nonadmin", ServiceRule = "U2" });

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
