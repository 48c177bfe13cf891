using System;
using System.Text;

namespace BatchTaskPS.Serialization
{
    /// <summary>Masks secrets for display and logs: registry passwords and SAS query values.</summary>
    public static class Redaction
    {
        /// <summary>What a secret is shown as.</summary>
        public const string Mask = "***";

        // SAS query parameters that describe the token without being able to sign anything.
        private static readonly string[] s_harmless = { "sv", "ss", "srt", "sp", "se", "st", "spr", "sr", "sip", "skoid", "sktid", "skt", "ske", "sks", "skv", "rscc", "rscd", "rsce", "rscl", "rsct" };

        /// <summary>
        /// Returns the URL with the value of every query parameter that may be secret (the SAS
        /// signature <c>sig</c> and any parameter not known to be harmless) replaced by ***.
        /// </summary>
        public static string RedactUrl(string? url)
        {
            if (string.IsNullOrEmpty(url))
            {
                return url ?? string.Empty;
            }

            int q = url!.IndexOf('?');
            if (q < 0)
            {
                return url;
            }

            int hash = url.IndexOf('#', q);
            string query = hash < 0 ? url.Substring(q + 1) : url.Substring(q + 1, hash - q - 1);
            var sb = new StringBuilder(url.Length);
            sb.Append(url, 0, q + 1);
            string[] parts = query.Split('&');
            for (int k = 0; k < parts.Length; k++)
            {
                if (k > 0)
                {
                    sb.Append('&');
                }

                string part = parts[k];
                int eq = part.IndexOf('=');
                string name = eq < 0 ? part : part.Substring(0, eq);
                if (eq < 0 || IsHarmless(name))
                {
                    sb.Append(part);
                }
                else
                {
                    sb.Append(name).Append('=').Append(Mask);
                }
            }

            if (hash >= 0)
            {
                sb.Append(url, hash, url.Length - hash);
            }

            return sb.ToString();
        }

        /// <summary>True when the text contains a URL query value that <see cref="RedactUrl"/> would mask.</summary>
        public static bool HasSecretQuery(string? url) => url != null && !string.Equals(RedactUrl(url), url, StringComparison.Ordinal);

        private static bool IsHarmless(string name)
        {
            foreach (string h in s_harmless)
            {
                if (string.Equals(h, name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
