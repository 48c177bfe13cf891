using System;
using System.Globalization;
using System.Text;

namespace BatchTaskPS.Commands.Support
{
    /// <summary>
    /// Masks secrets in raw JSON text shown to people (the LineText of a ConvertFrom-BatchTaskJson
    /// error, which PowerShell's error view prints): the value of every "password" key, whatever its
    /// type and however the key is spelled (any case, JSON escapes), and every URL's secret query
    /// values and user-info password. Escapes of plain ASCII characters (<c>\/</c>, <c>\u0026</c>) are
    /// decoded first, so an escaped <c>sig=</c> cannot slip through.
    /// </summary>
    internal static class SecretText
    {
        private const string MaskedValue = "\"" + Serialization.Redaction.Mask + "\"";

        public static string MaskJson(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text ?? string.Empty;
            }

            return TaskDisplay.Text(MaskPasswords(DecodeAsciiEscapes(text!)));
        }

        /// <summary>Replaces the value after every key that reads "password" (ignoring case) with "***".</summary>
        internal static string MaskPasswords(string text)
        {
            var sb = new StringBuilder(text.Length);
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (c != '"')
                {
                    sb.Append(c);
                    i++;
                    continue;
                }

                int end = StringEnd(text, i);
                string token = text.Substring(i, end - i);
                sb.Append(token);
                i = end;

                int colon = SkipSpace(text, i);
                if (colon < text.Length && text[colon] == ':' && string.Equals(Unescape(token), "password", StringComparison.OrdinalIgnoreCase))
                {
                    int value = SkipSpace(text, colon + 1);
                    sb.Append(text, i, value - i);
                    if (value < text.Length)
                    {
                        sb.Append(MaskedValue);
                    }

                    i = ValueEnd(text, value);
                }
            }

            return sb.ToString();
        }

        /// <summary>Decodes <c>\/</c> and <c>\uXXXX</c> escapes of printable ASCII other than quote and backslash.</summary>
        internal static string DecodeAsciiEscapes(string text)
        {
            if (text.IndexOf('\\') < 0)
            {
                return text;
            }

            var sb = new StringBuilder(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\\' && i + 1 < text.Length)
                {
                    char next = text[i + 1];
                    if (next == '/')
                    {
                        sb.Append('/');
                        i++;
                        continue;
                    }

                    if (next == 'u' && i + 5 < text.Length
                        && int.TryParse(text.Substring(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code)
                        && code >= 0x20 && code <= 0x7E && code != '"' && code != '\\')
                    {
                        sb.Append((char)code);
                        i += 5;
                        continue;
                    }

                    // Any other escape is kept as it is (both characters).
                    sb.Append(c).Append(next);
                    i++;
                    continue;
                }

                sb.Append(c);
            }

            return sb.ToString();
        }

        /// <summary>Index after the string starting at <paramref name="start"/> (a quote), or the text's end.</summary>
        private static int StringEnd(string text, int start)
        {
            for (int i = start + 1; i < text.Length; i++)
            {
                if (text[i] == '\\')
                {
                    i++;
                }
                else if (text[i] == '"')
                {
                    return i + 1;
                }
            }

            return text.Length;
        }

        /// <summary>Index after the JSON value starting at <paramref name="start"/>; the text's end when it is cut off.</summary>
        private static int ValueEnd(string text, int start)
        {
            if (start >= text.Length)
            {
                return start;
            }

            char first = text[start];
            if (first == '"')
            {
                return StringEnd(text, start);
            }

            if (first == '{' || first == '[')
            {
                int depth = 0;
                for (int i = start; i < text.Length; i++)
                {
                    char c = text[i];
                    if (c == '"')
                    {
                        i = StringEnd(text, i) - 1;
                    }
                    else if (c == '{' || c == '[')
                    {
                        depth++;
                    }
                    else if ((c == '}' || c == ']') && --depth == 0)
                    {
                        return i + 1;
                    }
                }

                return text.Length;
            }

            int k = start;
            while (k < text.Length && text[k] != ',' && text[k] != '}' && text[k] != ']' && !char.IsWhiteSpace(text[k]))
            {
                k++;
            }

            return k;
        }

        private static int SkipSpace(string text, int i)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            return i;
        }

        /// <summary>The text of a JSON string token (quotes removed, escapes decoded; tolerant of bad escapes).</summary>
        private static string Unescape(string token)
        {
            int end = token.Length > 1 && token[token.Length - 1] == '"' ? token.Length - 1 : token.Length;
            var sb = new StringBuilder(end);
            for (int i = 1; i < end; i++)
            {
                char c = token[i];
                if (c != '\\' || i + 1 >= end)
                {
                    sb.Append(c);
                    continue;
                }

                char e = token[++i];
                if (e == 'u' && i + 4 < end
                    && int.TryParse(token.Substring(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                {
                    sb.Append((char)code);
                    i += 4;
                }
                else
                {
                    sb.Append(e);
                }
            }

            return sb.ToString();
        }
    }
}
