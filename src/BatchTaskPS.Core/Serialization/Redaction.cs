using System;
using System.Text;

namespace BatchTaskPS.Serialization
{
    /// <summary>Masks secrets for display and logs: registry passwords and SAS query values.</summary>
    public static class Redaction
    {
        /// <summary>What a secret is shown as.</summary>
        public const string Mask = "***";

        // The characters that end the host part of a URL.
        private static readonly char[] s_hostEnd = { '/', '?', '#' };

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

            url = RedactUserInfo(url!);
            int q = url.IndexOf('?');
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

        /// <summary>
        /// Masks every URL found inside free text (a command line, an environment value): each
        /// <c>http://</c> or <c>https://</c> run up to whitespace or a quote goes through <see cref="RedactUrl"/>.
        /// </summary>
        public static string RedactText(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text ?? string.Empty;
            }

            int at = IndexOfUrl(text!, 0);
            if (at < 0)
            {
                return text!;
            }

            var sb = new StringBuilder(text!.Length);
            int copied = 0;
            while (at >= 0)
            {
                int end = at;
                while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != '"' && text[end] != '\'' && text[end] != '<' && text[end] != '>')
                {
                    end++;
                }

                sb.Append(text, copied, at - copied);
                sb.Append(RedactUrl(text.Substring(at, end - at)));
                copied = end;
                at = IndexOfUrl(text, end);
            }

            sb.Append(text, copied, text.Length - copied);
            return sb.ToString();
        }

        private static int IndexOfUrl(string text, int from)
        {
            int http = text.IndexOf("http://", from, StringComparison.OrdinalIgnoreCase);
            int https = text.IndexOf("https://", from, StringComparison.OrdinalIgnoreCase);
            return http < 0 ? https : https < 0 ? http : Math.Min(http, https);
        }

        /// <summary>https://user:password@host/... keeps the user and masks the password.</summary>
        private static string RedactUserInfo(string url)
        {
            int scheme = url.IndexOf("://", StringComparison.Ordinal);
            if (scheme < 0)
            {
                return url;
            }

            int hostStart = scheme + 3;
            int hostEnd = url.IndexOfAny(s_hostEnd, hostStart);
            if (hostEnd < 0)
            {
                hostEnd = url.Length;
            }

            int at = url.LastIndexOf('@', hostEnd - 1, hostEnd - hostStart);
            if (at < 0)
            {
                return url;
            }

            int colon = url.IndexOf(':', hostStart, at - hostStart);
            return colon < 0 ? url : url.Substring(0, colon + 1) + Mask + url.Substring(at);
        }

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
