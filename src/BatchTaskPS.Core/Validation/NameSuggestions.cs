using System;
using System.Collections.Generic;

namespace BatchTaskPS.Validation
{
    /// <summary>
    /// "Did you mean ...?" for a misspelt name: the closest of a set of known names by edit distance
    /// (insertions, deletions, substitutions and swaps of two neighbouring letters, ignoring letter case),
    /// offered only when it is close. Also knows which unknown JSON properties are not typos at all.
    /// </summary>
    public static class NameSuggestions
    {
        /// <summary>Names longer than this get no suggestion (they are not typos of a REST key).</summary>
        private const int MaxNameLength = 128;

        // Cells of the distance table computed on this thread, for tests that prove the suggestions' work bounded
        // by counting it instead of timing it. Only diagnostic; never reset here.
        [ThreadStatic]
        internal static long t_cells;

        // Properties that Batch service versions have sent or taken that this model does not have: kept, and
        // never reported as typos. By the reference's type name; names as the service spells them.
        private static readonly Dictionary<string, string[]> s_serverProperties = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            // Before userIdentity (api-version 2016-07-01.3.1 and earlier responses: tests/data/recorded, Task_Get/Task_List).
            ["CloudTask"] = new[] { "runElevated" },

            // Before failureInfo (2015-12-01.2.2 and 2016-07-01.3.1 responses: tests/data/recorded).
            ["TaskExecutionInformation"] = new[] { "schedulingError" },

            // Before preProcessingError (renamed with failureInfo in api-version 2017-05-01.5.0; Batch REST history,
            // not in the recordings).
            ["ExitConditions"] = new[] { "schedulingError" },

            // Before httpUrl (2018-08-01.7.0 requests and a 2015-12-01.2.2 response: tests/data/recorded).
            ["ResourceFile"] = new[] { "blobSource" },
        };

        /// <summary>
        /// The known name closest to <paramref name="name"/>, ignoring letter case, when it is close enough to be
        /// a typo of it (see <see cref="MaxDistance"/>); else null. Ties go to the earlier known name.
        /// </summary>
        public static string? Closest(string name, IEnumerable<string> known)
        {
            if (name == null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            if (known == null)
            {
                throw new ArgumentNullException(nameof(known));
            }

            if (name.Length == 0 || name.Length > MaxNameLength)
            {
                return null;
            }

            int limit = MaxDistance(name);
            string? best = null;
            int bestDistance = limit + 1;
            foreach (string candidate in known)
            {
                int d = Distance(name, candidate, bestDistance - 1);
                if (d < bestDistance)
                {
                    best = candidate;
                    bestDistance = d;
                }
            }

            return best;
        }

        /// <summary>
        /// The largest edit distance still taken as a typo: 1 for names of up to 3 characters, else 2 or a
        /// third of the name's length, whichever is larger (so 'x' suggests nothing, 'comandLine' suggests
        /// commandLine and 'maxWallClockTimeout' suggests maxWallClockTime).
        /// </summary>
        public static int MaxDistance(string name) =>
            name == null ? throw new ArgumentNullException(nameof(name)) : name.Length <= 3 ? 1 : Math.Max(2, name.Length / 3);

        /// <summary>
        /// Optimal-string-alignment distance between <paramref name="a"/> and <paramref name="b"/>, ignoring
        /// letter case (invariant upper case); any value above <paramref name="max"/> is returned as max + 1.
        /// </summary>
        public static int Distance(string a, string b, int max = int.MaxValue - 1)
        {
            if (a == null)
            {
                throw new ArgumentNullException(nameof(a));
            }

            if (b == null)
            {
                throw new ArgumentNullException(nameof(b));
            }

            if (max < 0)
            {
                return 0;
            }

            if (Math.Abs(a.Length - b.Length) > max)
            {
                return max + 1;
            }

            // Both names in upper case once, character by character (not per cell of the table).
            char[] ua = Upper(a);
            char[] ub = Upper(b);

            // Three rows of the classic table: two back (for swaps), the previous one and the current one.
            var before = new int[b.Length + 1];
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                t_cells += b.Length;
                int rowMin = i;
                char ca = ua[i - 1];
                for (int j = 1; j <= b.Length; j++)
                {
                    char cb = ub[j - 1];
                    int cost = ca == cb ? 0 : 1;
                    int d = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                    if (i > 1 && j > 1 && ca == ub[j - 2] && ua[i - 2] == cb)
                    {
                        d = Math.Min(d, before[j - 2] + 1);
                    }

                    current[j] = d;
                    rowMin = Math.Min(rowMin, d);
                }

                if (rowMin > max)
                {
                    return max + 1;
                }

                int[] spare = before;
                before = previous;
                previous = current;
                current = spare;
            }

            return Math.Min(previous[b.Length], max + 1);
        }

        private static char[] Upper(string text)
        {
            var upper = new char[text.Length];
            for (int k = 0; k < upper.Length; k++)
            {
                upper[k] = char.ToUpperInvariant(text[k]);
            }

            return upper;
        }

        /// <summary>
        /// True for an unknown property that is not a typo: an OData annotation (<c>odata.metadata</c>,
        /// <c>odata.type</c>, <c>error@odata.navigationLinkUrl</c>, <c>@odata.etag</c>) or a property other
        /// versions of the service send or take that this model does not have (such as <c>runElevated</c> on
        /// a task of api-version 2016-07-01.3.1, or <c>blobSource</c> on a resource file before <c>httpUrl</c>).
        /// </summary>
        /// <param name="typeName">The reference's name of the type the property is on, such as <c>CloudTask</c>.</param>
        /// <param name="name">The property name as it was read.</param>
        public static bool IsExpectedUnknownProperty(string typeName, string name)
        {
            if (name == null)
            {
                throw new ArgumentNullException(nameof(name));
            }

            if (name.StartsWith("odata.", StringComparison.OrdinalIgnoreCase) || name.IndexOf("@odata.", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }

            if (typeName != null && s_serverProperties.TryGetValue(typeName, out string[]? names))
            {
                foreach (string known in names)
                {
                    if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
