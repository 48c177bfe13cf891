using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace BatchTaskPS.Tests.Support
{
    /// <summary>
    /// Compares our REST JSON with the reference's output as FIDELITY.md says: same keys in the same
    /// (attribute-map) order; numbers numerically; date-times after truncating ours to the reference's
    /// microseconds (row 14); durations after rounding ours to microseconds (row 24); enum values ignoring
    /// letter case (row 28: we keep the spelling read, the reference writes the wire spelling). Types come from
    /// msrest-model.json, not from the code under test.
    /// </summary>
    internal static class ReferenceComparer
    {
        /// <summary>Null when equal, else where and how they differ.</summary>
        public static string? Compare(JsonElement ours, JsonElement reference, string type = "CloudTask", bool attributeKeys = false)
        {
            return CompareModel(ours, reference, type, "$", attributeKeys);
        }

        private static string? CompareModel(JsonElement ours, JsonElement reference, string type, string path, bool attributeKeys)
        {
            if (ours.ValueKind != JsonValueKind.Object || reference.ValueKind != JsonValueKind.Object)
            {
                return path + ": expected an object on both sides, got " + ours.ValueKind + " / " + reference.ValueKind;
            }

            string[] ourKeys = ours.EnumerateObject().Select(p => p.Name).ToArray();
            string[] refKeys = reference.EnumerateObject().Select(p => p.Name).ToArray();
            if (!ourKeys.SequenceEqual(refKeys))
            {
                return path + ": keys differ: ours [" + string.Join(",", ourKeys) + "] reference [" + string.Join(",", refKeys) + "]";
            }

            var attrs = TestData.Model.Attributes(type);
            foreach (JsonProperty p in reference.EnumerateObject())
            {
                string rest = attributeKeys ? attrs.First(kv => kv.Value.Python == p.Name).Key : p.Name;
                string wire = attrs[rest].Type;
                string? d = CompareValue(ours.GetProperty(p.Name), p.Value, wire, path + "." + p.Name, attributeKeys);
                if (d != null)
                {
                    return d;
                }
            }

            return null;
        }

        private static string? CompareValue(JsonElement ours, JsonElement reference, string wire, string path, bool attributeKeys)
        {
            if (reference.ValueKind == JsonValueKind.Null || ours.ValueKind == JsonValueKind.Null)
            {
                return ours.ValueKind == reference.ValueKind ? null : path + ": null on one side only";
            }

            if (wire.StartsWith('['))
            {
                string item = wire.Substring(1, wire.Length - 2);
                if (ours.ValueKind != JsonValueKind.Array || reference.ValueKind != JsonValueKind.Array || ours.GetArrayLength() != reference.GetArrayLength())
                {
                    return path + ": arrays differ in kind or length";
                }

                for (int k = 0; k < reference.GetArrayLength(); k++)
                {
                    string? d = CompareValue(ours[k], reference[k], item, path + "[" + k + "]", attributeKeys);
                    if (d != null)
                    {
                        return d;
                    }
                }

                return null;
            }

            if (TestData.Model.HasType(wire))
            {
                return CompareModel(ours, reference, wire, path, attributeKeys);
            }

            switch (wire)
            {
                case "int":
                case "long":
                case "float":
                    if (ours.ValueKind != JsonValueKind.Number || reference.ValueKind != JsonValueKind.Number)
                    {
                        return path + ": expected numbers";
                    }

                    return decimal.TryParse(ours.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal a) &&
                           decimal.TryParse(reference.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal b)
                        ? (a == b ? null : path + ": " + a + " != " + b)
                        : (ours.GetDouble().Equals(reference.GetDouble()) ? null : path + ": numbers differ");
                case "iso-8601":
                {
                    DateTime o = DateTime.Parse(ours.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                    DateTime r = DateTime.Parse(reference.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                    long truncated = o.Ticks - (o.Ticks % 10);
                    return truncated == r.Ticks ? null : path + ": " + ours.GetString() + " vs reference " + reference.GetString();
                }

                case "duration":
                {
                    decimal o = DurationSeconds(ours.GetString()!);
                    decimal r = DurationSeconds(reference.GetString()!);
                    return Math.Round(o, 6, MidpointRounding.AwayFromZero) == r ? null : path + ": " + ours.GetString() + " vs reference " + reference.GetString();
                }

                default:
                    if (TestData.Model.Enums.Contains(wire) && ours.ValueKind == JsonValueKind.String && reference.ValueKind == JsonValueKind.String)
                    {
                        // FIDELITY row 28 (revised): the reference writes the wire spelling, we write the spelling read;
                        // the two may differ in letter case only.
                        return string.Equals(ours.GetString(), reference.GetString(), StringComparison.OrdinalIgnoreCase)
                            ? null
                            : path + ": " + ours.GetRawText() + " vs reference " + reference.GetRawText() + " (enum values may differ in letter case only)";
                    }

                    // str and bool values (and unknown enum values) compare as they are written.
                    return ours.GetRawText() == reference.GetRawText() || JsonEquals(ours, reference)
                        ? null
                        : path + ": " + ours.GetRawText() + " vs reference " + reference.GetRawText();
            }
        }

        private static bool JsonEquals(JsonElement a, JsonElement b) =>
            a.ValueKind == b.ValueKind && a.ValueKind == JsonValueKind.String && Unescape(a.GetRawText()) == Unescape(b.GetRawText());

        /// <summary>A test-only JSON string unescaper that, unlike System.Text.Json, keeps lone surrogates.</summary>
        internal static string Unescape(string quoted)
        {
            var sb = new System.Text.StringBuilder();
            for (int i = 1; i < quoted.Length - 1; i++)
            {
                char c = quoted[i];
                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }

                char e = quoted[++i];
                switch (e)
                {
                    case 'u':
                        sb.Append((char)int.Parse(quoted.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i += 4;
                        break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    default: sb.Append(e); break;
                }
            }

            return sb.ToString();
        }

        private static readonly System.Text.RegularExpressions.Regex s_duration = new System.Text.RegularExpressions.Regex(
            @"^(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$");

        /// <summary>A test-only reading of a D/H/M/S ISO 8601 duration as exact decimal seconds.</summary>
        internal static decimal DurationSeconds(string text)
        {
            var m = s_duration.Match(text);
            if (!m.Success)
            {
                throw new FormatException("not a D/H/M/S duration: " + text);
            }

            decimal Part(int g) => m.Groups[g].Success ? decimal.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture) : 0m;
            decimal total = Part(2) * 86400m + Part(3) * 3600m + Part(4) * 60m + Part(5);
            return m.Groups[1].Success ? -total : total;
        }
    }
}
