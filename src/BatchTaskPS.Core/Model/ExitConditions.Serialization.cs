namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="ExitConditions"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class ExitConditions
    {
        internal static readonly ModelInfo<ExitConditions> Metadata = new ModelInfo<ExitConditions>(
            "ExitConditions",
            "ExitConditions",
            () => new ExitConditions(),
            new ModelListProperty<ExitConditions, ExitCodeMapping>("exitCodes", "exit_codes", nameof(ExitCodes), o => o.ExitCodes, (o, v) => o.ExitCodes = v),
            new ModelListProperty<ExitConditions, ExitCodeRangeMapping>("exitCodeRanges", "exit_code_ranges", nameof(ExitCodeRanges), o => o.ExitCodeRanges, (o, v) => o.ExitCodeRanges = v),
            new ModelProperty<ExitConditions, ExitOptions>("preProcessingError", "pre_processing_error", nameof(PreProcessingError), o => o.PreProcessingError, (o, v) => o.PreProcessingError = v),
            new ModelProperty<ExitConditions, ExitOptions>("fileUploadError", "file_upload_error", nameof(FileUploadError), o => o.FileUploadError, (o, v) => o.FileUploadError = v),
            new ModelProperty<ExitConditions, ExitOptions>("default", "default", nameof(Default), o => o.Default, (o, v) => o.Default = v));

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
