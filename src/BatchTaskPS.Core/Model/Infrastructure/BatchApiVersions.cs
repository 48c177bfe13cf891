using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>
    /// The Batch REST API versions this library knows (rest-spec §2.1), oldest first. Which version added or
    /// removed a property is data on the property tables (<see cref="PropertyDescriptor.AddedIn"/>,
    /// <see cref="PropertyDescriptor.RemovedIn"/>); the validator reads it for <c>BatchTaskValidationOptions.ApiVersion</c>.
    /// </summary>
    public static class BatchApiVersions
    {
        /// <summary>The reference's version (msrest azure-batch 13.0.1): every property of the model but the ones marked added later.</summary>
        public const string V20221001 = "2022-10-01.16.0";

        /// <summary>No change to the task types.</summary>
        public const string V20230501 = "2023-05-01.17.0";

        /// <summary>No change to the task types.</summary>
        public const string V20231101 = "2023-11-01.18.0";

        /// <summary>No change to the task types.</summary>
        public const string V20240201 = "2024-02-01.19.0";

        /// <summary>Added <c>containerSettings.containerHostBatchBindMounts</c>; the last classic (hand-written) specification.</summary>
        public const string V20240701 = "2024-07-01.20.0";

        /// <summary>The first TypeSpec version: model names changed, wire keys did not.</summary>
        public const string V20250601 = "2025-06-01";

        /// <summary>Removed <c>authenticationTokenSettings</c>.</summary>
        public const string V20261001 = "2026-10-01";

        private static readonly string[] s_known =
        {
            V20221001, V20230501, V20231101, V20240201, V20240701, V20250601, V20261001,
        };

        /// <summary>Every known version, oldest first.</summary>
        public static IReadOnlyList<string> Known => s_known;

        /// <summary>The newest version the model knows.</summary>
        public static string Newest => s_known[s_known.Length - 1];

        /// <summary>
        /// The default version: the newest the model fully supports, what <c>Test-BatchTask</c> and
        /// <c>Export-BatchTaskSchema</c> check against and what the service client sends. 2026-10-01 removes
        /// <c>authenticationTokenSettings</c>, which the model (and the tasks it reads) still have, so it is
        /// chosen explicitly.
        /// </summary>
        public static string Default => V20250601;

        /// <summary>The oldest version the model knows (the reference's).</summary>
        public static string Oldest => s_known[0];

        /// <summary>The known version spelled as <paramref name="text"/> (ignoring letter case and surrounding spaces), or null.</summary>
        public static string? Find(string? text)
        {
            if (text == null)
            {
                return null;
            }

            string trimmed = text.Trim();
            foreach (string v in s_known)
            {
                if (string.Equals(v, trimmed, StringComparison.OrdinalIgnoreCase))
                {
                    return v;
                }
            }

            return null;
        }

        /// <summary>The place of a known version in <see cref="Known"/> (0 = oldest).</summary>
        /// <exception cref="ArgumentException">The version is not known.</exception>
        public static int IndexOf(string version)
        {
            string? known = Find(version);
            if (known == null)
            {
                throw new ArgumentException("'" + version + "' is not a Batch REST API version this library knows (known: " + string.Join(", ", s_known) + ").", nameof(version));
            }

            return Array.IndexOf(s_known, known);
        }

        /// <summary>True when a property exists in <paramref name="version"/>: added in it or before, and not yet removed.</summary>
        public static bool Has(PropertyDescriptor property, string version)
        {
            if (property == null)
            {
                throw new ArgumentNullException(nameof(property));
            }

            int at = IndexOf(version);
            return (property.AddedIn == null || IndexOf(property.AddedIn) <= at) && (property.RemovedIn == null || IndexOf(property.RemovedIn) > at);
        }
    }
}
