namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="ExitOptions"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class ExitOptions
    {
        internal static readonly ModelInfo<ExitOptions> Metadata = new ModelInfo<ExitOptions>(
            "ExitOptions",
            "ExitOptions",
            () => new ExitOptions(),
            new EnumProperty<ExitOptions, JobAction>("jobAction", "job_action", nameof(JobAction), global::BatchTaskPS.Model.JobAction.Info, o => o.JobAction, (o, v) => o.JobAction = v) { ServiceRule = "X3" },
            new EnumProperty<ExitOptions, DependencyAction>("dependencyAction", "dependency_action", nameof(DependencyAction), global::BatchTaskPS.Model.DependencyAction.Info, o => o.DependencyAction, (o, v) => o.DependencyAction = v) { ServiceRule = "X4" });

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
