using System.Text.RegularExpressions;
using BatchTaskPS.Serialization;

namespace BatchTaskPS.Commands
{
    /// <summary>
    /// Helpers for the format and type files (and messages): text with every URL's secret query values
    /// masked (through the core's <see cref="Redaction.RedactUrl"/>), shortened for tables.
    /// </summary>
    public static class TaskDisplay
    {
        private static readonly Regex s_url = new Regex(@"[A-Za-z][A-Za-z0-9+.\-]*://[^\s""'<>]+", RegexOptions.CultureInvariant);
        private static readonly Regex s_sig = new Regex(@"(?i)(\bsig=)[^&\s""'<>]+", RegexOptions.CultureInvariant);

        /// <summary>A URL with its SAS signature and other possibly secret query values shown as ***.</summary>
        public static string Url(string? url) => Redaction.RedactUrl(url);

        /// <summary>Free text (a command line, a message) with every URL in it redacted, and any stray sig= value masked.</summary>
        public static string Text(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text ?? string.Empty;
            }

            string redacted = s_url.Replace(text, m => Redaction.RedactUrl(m.Value));
            return s_sig.Replace(redacted, m => m.Groups[1].Value + Redaction.Mask);
        }

        /// <summary>Redacted text cut to <paramref name="width"/> characters, ending in an ellipsis when cut.</summary>
        public static string Short(string? text, int width)
        {
            string t = Text(text);
            return t.Length <= width || width < 4 ? t : t.Substring(0, width - 3) + "...";
        }

        /// <summary>*** when a secret is set, empty otherwise: a view can say a password exists without showing it.</summary>
        public static string Secret(string? secret) => string.IsNullOrEmpty(secret) ? string.Empty : Redaction.Mask;
    }
}
