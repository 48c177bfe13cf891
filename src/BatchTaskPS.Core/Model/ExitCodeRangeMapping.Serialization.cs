namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="ExitCodeRangeMapping"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class ExitCodeRangeMapping
    {
        internal static readonly ModelInfo<ExitCodeRangeMapping> Metadata = new ModelInfo<ExitCodeRangeMapping>(
            "ExitCodeRangeMapping",
            "ExitCodeRangeMapping",
            () => new ExitCodeRangeMapping(),
            new Int32Property<ExitCodeRangeMapping>("start", "start", nameof(Start), o => o.Start, (o, v) => o.Start = v) { Required = true, ServiceRule = "X2" },
            new Int32Property<ExitCodeRangeMapping>("end", "end", nameof(End), o => o.End, (o, v) => o.End = v) { Required = true, ServiceRule = "X2" },
            new ModelProperty<ExitCodeRangeMapping, ExitOptions>("exitOptions", "exit_options", nameof(ExitOptions), o => o.ExitOptions, (o, v) => o.ExitOptions = v) { Required = true, ServiceRule = "X2" });

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
