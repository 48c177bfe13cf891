using System.Collections.Generic;

namespace BatchTaskPS.Tests.Golden
{
    /// <summary>What BatchTaskPS does instead of the reference in one golden case, and the FIDELITY.md row that says so.</summary>
    internal sealed class Deviation
    {
        public Deviation(int row, string? errorPath, string why)
        {
            Row = row;
            ErrorPath = errorPath;
            Why = why;
        }

        /// <summary>The FIDELITY.md row that promises this behaviour.</summary>
        public int Row { get; }

        /// <summary>Where our read error must point; null when the case must read without error.</summary>
        public string? ErrorPath { get; }

        public string Why { get; }

        public bool ExpectError => ErrorPath != null;
    }

    /// <summary>
    /// The golden cases where FIDELITY.md says BatchTaskPS deliberately differs from the reference. Every
    /// other case must match the reference: the same outcome, and the same output within the tolerances
    /// of rows 14 and 24 (ReferenceComparer). Each entry was checked by hand against its input file.
    /// </summary>
    internal static class FidelityDeviations
    {
        private static Deviation Error(int row, string path, string why) => new Deviation(row, path, why);

        private static Deviation Reads(int row, string why) => new Deviation(row, null, why);

        public static readonly IReadOnlyDictionary<string, Deviation> Cases = new Dictionary<string, Deviation>
        {
            // ---- edge: valid JSON on the reference's lossy paths
            ["edge/edge_0005"] = Error(34, "$.stats.readIOps", "\" 42 \" is not a plain ASCII integer"),
            ["edge/edge_0009"] = Error(35, "$.constraints.maxTaskRetryCount", "beyond the int32 range"),
            ["edge/edge_0010"] = Error(25, "$.constraints.retentionTime", "the alternative (calendar) duration form"),
            ["edge/edge_0011"] = Error(35, "$.stats.readIOps", "beyond the int64 range"),
            ["edge/edge_0014"] = Reads(30, "unknown enum value 'suspended' kept and written back"),
            ["edge/edge_0016"] = Error(29, "$.exitConditions.preProcessingError.jobAction", "an enum given as a number"),
            ["edge/edge_0023"] = Error(34, "$.exitConditions.exitCodes[0].code", "\"+7\" is not a plain ASCII integer"),
            ["edge/edge_0024"] = Error(32, "$.commandLine", "a boolean in a string field"),
            ["edge/edge_0025"] = Error(33, "$.exitConditions.exitCodes[0].code", "a float in an int field"),
            ["edge/edge_0026"] = Error(41, "$.dependsOn.taskIds[2]", "a boolean in a [str] list"),
            ["edge/edge_0032"] = Error(34, "$.exitConditions.exitCodes[0].code", "a numeric string that is not a plain ASCII integer"),
            ["edge/edge_0033"] = Error(33, "$.exitConditions.exitCodes[0].code", "a float in an int field"),
            ["edge/edge_0036"] = Error(35, "$.exitConditions.exitCodes[0].code", "beyond the int32 range"),
            ["edge/edge_0037"] = Error(34, "$.exitConditions.exitCodes[0].code", "a numeric string that is not a plain ASCII integer"),
            ["edge/edge_0039"] = Error(35, "$.exitConditions.exitCodes[0].code", "beyond the int32 range"),
            ["edge/edge_0043"] = Error(35, "$.exitConditions.exitCodes[0].code", "beyond the int32 range"),
            ["edge/edge_0044"] = Reads(30, "unknown enum value 'Unknown' kept and written back"),
            ["edge/edge_0045"] = Error(29, "$.exitConditions.exitCodes[0].exitOptions.jobAction", "an enum given as a number"),
            ["edge/edge_0046"] = Error(29, "$.exitConditions.exitCodes[0].exitOptions.jobAction", "an enum given as a number"),
            ["edge/edge_0047"] = Error(35, "$.stats.readIOps", "beyond the int64 range"),
            ["edge/edge_0053"] = Error(34, "$.exitConditions.exitCodeRanges[0].start", "a numeric string that is not a plain ASCII integer"),
            ["edge/edge_0054"] = Error(32, "$.commandLine", "an object in a string field"),
            ["edge/edge_0055"] = Error(33, "$.exitConditions.exitCodes[0].code", "a float in an int field"),
            ["edge/edge_0056"] = Error(41, "$.dependsOn.taskIds[2]", "a boolean in a [str] list"),

            // ---- invalid: where the reference accepted junk or crashed
            ["invalid/invalid_0017"] = Reads(3, "UTF-16 with a byte order mark is read"),
            ["invalid/invalid_0065"] = Reads(3, "UTF-16 with a byte order mark is read"),
            ["invalid/invalid_0018"] = Error(1, "$.stats.readIOGiB", "the non-JSON token NaN"),
            ["invalid/invalid_0066"] = Error(1, "$.stats.readIOGiB", "the non-JSON token NaN"),
            ["invalid/invalid_0021"] = Error(1, "$.stats.readIOGiB", "1e400 is out of range for a float"),
            ["invalid/invalid_0069"] = Error(1, "$.stats.readIOGiB", "1e400 is out of range for a float"),
            ["invalid/invalid_0029"] = Error(5, "$", "top-level null is a clear error"),
            ["invalid/invalid_0042"] = Error(31, "$.state", "an object in an enum field"),
            ["invalid/invalid_0090"] = Error(31, "$.state", "an array in an enum field"),
            ["invalid/invalid_0077"] = Reads(6, "a top-level array is a list of tasks: [] holds none"),

            // ---- quirks: one probe per reference behaviour
            ["quirks/q06_datetime_trailing_junk_accepted"] = Error(19, "$.creationTime", "junk after Z"),
            ["quirks/q09_datetime_date_only_rejected"] = Reads(21, "YYYY-MM-DD is a form Batch documents"),
            ["quirks/q16_duration_calendar_units"] = Error(25, "$.constraints.maxWallClockTime", "years and months"),
            ["quirks/q21_enum_int_index"] = Error(29, "$.state", "an enum given as a number"),
            ["quirks/q23_enum_unknown_fails_at_serialize"] = Reads(30, "unknown enum value kept and written back"),
            ["quirks/q24_enum_non_scalar"] = Error(31, "$.state", "an array in an enum field"),
            ["quirks/q25_str_from_other_types"] = Error(32, "$.commandLine", "an object in a string field"),
            ["quirks/q26_int_from_float_bool"] = Error(33, "$.requiredSlots", "a float in an int field"),
            ["quirks/q27_int_from_string"] = Error(34, "$.requiredSlots", "\" 42 \" is not a plain ASCII integer"),
            ["quirks/q29_int_no_range_check"] = Error(35, "$.requiredSlots", "2^64 is beyond the int32 range"),
            ["quirks/q32_float_from_string"] = Error(36, "$.stats.readIOGiB", "\"nan\" is not a finite number"),
            ["quirks/q34_float_infinity"] = Error(1, "$.stats.readIOGiB", "1e400 is out of range for a float"),
            ["quirks/q35_nan_token_accepted"] = Error(1, "$.stats.readIOGiB", "the non-JSON token NaN"),
            ["quirks/q39_list_item_coercion"] = Error(41, "$.dependsOn.taskIds[2]", "a boolean in a [str] list"),
            ["quirks/q48_top_level_null"] = Error(5, "$", "top-level null is a clear error"),
            ["quirks/q49_top_level_array"] = Reads(6, "a top-level array is a list of tasks"),
            ["quirks/q61_empty_string_enum"] = Reads(30, "the empty enum value is kept and written back"),
        };
    }
}
