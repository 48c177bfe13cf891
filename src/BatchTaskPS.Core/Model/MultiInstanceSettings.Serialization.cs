namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="MultiInstanceSettings"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class MultiInstanceSettings
    {
        internal static readonly ModelInfo<MultiInstanceSettings> Metadata = new ModelInfo<MultiInstanceSettings>(
            "MultiInstanceSettings",
            "MultiInstanceSettings",
            () => new MultiInstanceSettings(),
            new Int32Property<MultiInstanceSettings>("numberOfInstances", "number_of_instances", nameof(NumberOfInstances), o => o.NumberOfInstances, (o, v) => o.NumberOfInstances = v) { ServiceDefault = 1 },
            new StringProperty<MultiInstanceSettings>("coordinationCommandLine", "coordination_command_line", nameof(CoordinationCommandLine), o => o.CoordinationCommandLine, (o, v) => o.CoordinationCommandLine = v) { Required = true, ServiceRule = "M1" },
            new ModelListProperty<MultiInstanceSettings, ResourceFile>("commonResourceFiles", "common_resource_files", nameof(CommonResourceFiles), o => o.CommonResourceFiles, (o, v) => o.CommonResourceFiles = v));

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
