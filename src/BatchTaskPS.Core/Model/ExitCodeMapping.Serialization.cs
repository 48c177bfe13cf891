namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="ExitCodeMapping"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class ExitCodeMapping
    {
        internal static readonly ModelInfo<ExitCodeMapping> Metadata = new ModelInfo<ExitCodeMapping>(
            "ExitCodeMapping",
            "ExitCodeMapping",
            () => new ExitCodeMapping(),
            new Int32Property<ExitCodeMapping>("code", "code", nameof(Code), o => o.Code, (o, v) => o.Code = v) { Required = true, ServiceRule = "X1" },
            new ModelProperty<ExitCodeMapping, ExitOptions>("exitOptions", "exit_options", nameof(ExitOptions), o => o.ExitOptions, (o, v) => o.ExitOptions = v) { Required = true, ServiceRule = "X1" });

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
