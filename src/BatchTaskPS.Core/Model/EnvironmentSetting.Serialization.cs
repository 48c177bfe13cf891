namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="EnvironmentSetting"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class EnvironmentSetting
    {
        internal static readonly ModelInfo<EnvironmentSetting> Metadata = new ModelInfo<EnvironmentSetting>(
            "EnvironmentSetting",
            "EnvironmentSetting",
            () => new EnvironmentSetting(),
            new StringProperty<EnvironmentSetting>("name", "name", nameof(Name), o => o.Name, (o, v) => o.Name = v) { Required = true, ServiceRule = "V1" },
            new StringProperty<EnvironmentSetting>("value", "value", nameof(Value), o => o.Value, (o, v) => o.Value = v) { NamedBy = o => o.Name });

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
