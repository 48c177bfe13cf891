using System.Globalization;
using System.Text;

namespace BatchTaskPS.Serialization
{
    /// <summary>
    /// The one way this library writes a JSON path (<c>$.outputFiles[2].destination</c>), for read errors
    /// and validation findings alike: plain names after a dot, other names in brackets and quotes
    /// (<c>$['odd key']</c>, with <c>\</c> and <c>'</c> escaped), indexes in brackets.
    /// </summary>
    internal static class JsonPath
    {
        public static void AppendName(StringBuilder sb, string name)
        {
            if (IsPlainName(name))
            {
                sb.Append('.').Append(name);
            }
            else
            {
                sb.Append("['").Append(name.Replace("\\", "\\\\").Replace("'", "\\'")).Append("']");
            }
        }

        public static void AppendIndex(StringBuilder sb, int index) => sb.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');

        /// <summary>The path of a top-level property: <c>$.name</c> or <c>$['name']</c>.</summary>
        public static string Of(string name)
        {
            var sb = new StringBuilder("$", name.Length + 5);
            AppendName(sb, name);
            return sb.ToString();
        }

        private static bool IsPlainName(string s)
        {
            if (s.Length == 0 || char.IsDigit(s[0]))
            {
                return false;
            }

            foreach (char c in s)
            {
                if (!(c == '_' || (c < 0x80 && char.IsLetterOrDigit(c))))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
