using System;
using System.Collections.Generic;
using System.Text;

namespace BatchTaskPS.Serialization
{
    /// <summary>
    /// The one place that decides what is a secret and masks it, for every output that people or logs
    /// see: <c>ConvertTo-BatchTaskJson -RedactSecrets</c>, the views, error messages and their excerpts,
    /// Verbose and Debug text. Every method is linear in its input (no backtracking patterns).
    /// </summary>
    /// <remarks>
    /// What counts as a secret:
    /// <list type="number">
    /// <item>a container registry password (the model's secret property): always <c>***</c>;</item>
    /// <item>in a URL of any scheme (<c>https://</c>, <c>ftp://</c>, ...): the password of its user
    /// information (<c>user:***@host</c>) and the value of every query parameter not known to be harmless
    /// (the SAS signature <c>sig</c> among them; <c>sv</c>, <c>sp</c>, <c>se</c> and the other SAS fields
    /// that cannot sign anything stay);</item>
    /// <item>in any text, also outside URLs: the value after <c>sig=</c> (a SAS signature);</item>
    /// <item>the value of a setting whose name says it is secret (<see cref="IsSecretName"/>): an environment
    /// setting, an upload header, a name/value pair, or any JSON key, known or unknown, at any depth.</item>
    /// </list>
    /// </remarks>
    public static class Redaction
    {
        /// <summary>What a secret is shown as.</summary>
        public const string Mask = "***";

        // Characters looked at on this thread (each function adds the length of the range it scans, each search what
        // it can examine), for tests that prove masking linear by counting its work instead of timing it. Only
        // diagnostic; never reset here.
        [ThreadStatic]
        internal static long t_work;

        // SAS query parameters that describe the token without being able to sign anything.
        private static readonly string[] s_harmless = { "sv", "ss", "srt", "sp", "se", "st", "spr", "sr", "sip", "skoid", "sktid", "skt", "ske", "sks", "skv", "rscc", "rscd", "rsce", "rscl", "rsct" };

        // A setting name holding one of these (letters and digits only, ignoring case) names a secret.
        private static readonly string[] s_secretParts = { "password", "passwd", "secret", "token", "apikey", "accountkey", "accesskey", "privatekey", "credential", "authorization", "connectionstring", "sastoken" };

        // A setting name with one of these as a whole word (split at non-letters and camelCase) names a secret.
        private static readonly string[] s_secretWords = { "key", "pwd", "pass", "sas", "sig", "signature" };

        /// <summary>
        /// True when a setting or key name says its value is secret: it contains password, passwd, secret,
        /// token, apikey, accountkey, accesskey, privatekey, credential, authorization or connectionstring (in
        /// any case, ignoring separators: <c>DB_PASSWORD</c>, <c>clientSecret</c>, <c>x-api-key</c>), or has
        /// key, pwd, pass, sas, sig or signature as a word of its own (<c>STORAGE_KEY</c>, <c>accountKey</c>,
        /// <c>sasToken</c>); <c>KEYVAULT_NAME</c> and <c>monkey</c> do not.
        /// </summary>
        public static bool IsSecretName(string? name)
        {
            if (string.IsNullOrEmpty(name))
            {
                return false;
            }

            // Letters and digits only, lower case: "DB_PASSWORD" -> "dbpassword".
            t_work += 3L * name!.Length;
            var plain = new StringBuilder(name!.Length);
            foreach (char c in name)
            {
                if (char.IsLetterOrDigit(c))
                {
                    plain.Append(char.ToLowerInvariant(c));
                }
            }

            string flat = plain.ToString();
            foreach (string part in s_secretParts)
            {
                if (flat.IndexOf(part, StringComparison.Ordinal) >= 0)
                {
                    return true;
                }
            }

            // Words: split at anything but letters and digits, and before an upper-case letter that follows a lower-case one.
            int start = 0;
            for (int i = 0; i <= name.Length; i++)
            {
                bool boundary = i == name.Length || !char.IsLetterOrDigit(name[i]) || (i > start && char.IsUpper(name[i]) && char.IsLower(name[i - 1]));
                if (!boundary)
                {
                    continue;
                }

                if (i > start && IsSecretWord(name, start, i - start))
                {
                    return true;
                }

                start = i < name.Length && char.IsLetterOrDigit(name[i]) ? i : i + 1;
            }

            return false;
        }

        private static bool IsSecretWord(string name, int start, int length)
        {
            foreach (string w in s_secretWords)
            {
                if (w.Length == length && string.Compare(name, start, w, 0, length, StringComparison.OrdinalIgnoreCase) == 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The value of a name/value setting (an environment setting, a header) as people may see it:
        /// <c>***</c> when the name says it is secret (<see cref="IsSecretName"/>), else the value with its URLs
        /// and signatures masked (<see cref="RedactText"/>).
        /// </summary>
        public static string RedactSetting(string? name, string? value) =>
            value == null ? string.Empty : IsSecretName(name) ? Mask : RedactText(value);

        /// <summary>
        /// The URL with the password of its user information and the value of every query parameter that
        /// may be secret (the SAS signature <c>sig</c> and any parameter not known to be harmless) shown as ***.
        /// </summary>
        public static string RedactUrl(string? url)
        {
            if (string.IsNullOrEmpty(url))
            {
                return url ?? string.Empty;
            }

            var sb = new StringBuilder(url!.Length);
            AppendRedactedUrl(sb, url, 0, url.Length);
            return sb.ToString();
        }

        /// <summary>
        /// Free text (a command line, an environment value, a message) with every URL in it redacted as
        /// <see cref="RedactUrl"/> does, whatever its scheme, and every other <c>sig=</c> value masked.
        /// </summary>
        public static string RedactText(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text ?? string.Empty;
            }

            t_work += text!.Length;
            if (text.IndexOf("://", StringComparison.Ordinal) < 0 && IndexOfSig(text, 0, text.Length) < 0)
            {
                return text;
            }

            var sb = new StringBuilder(text.Length);
            AppendRedactedText(sb, text, 0, text.Length);
            return sb.ToString();
        }

        /// <summary>
        /// JSON text, whole or cut off or broken, as people may see it (an error's excerpt, an unknown
        /// property's raw value): every string redacted as <see cref="RedactText"/> does, the value of every
        /// key that <see cref="IsSecretName"/> names replaced by <c>"***"</c> whatever its type, and the
        /// <c>value</c> of an object whose <c>name</c> is such a name (an environment setting, a header)
        /// masked. Escapes of printable ASCII (<c>\/</c>, <c>\u0026</c>) are decoded first, so an escaped
        /// <c>sig=</c> cannot slip through.
        /// </summary>
        public static string RedactJson(string? json) => RedactJson(json, -1, out _);

        /// <summary>
        /// As <see cref="RedactJson(string)"/>; also gives where the character at <paramref name="at"/> of the
        /// input ends up in the result (-1 when <paramref name="at"/> is -1).
        /// </summary>
        internal static string RedactJson(string? json, int at, out int mappedAt)
        {
            mappedAt = -1;
            if (string.IsNullOrEmpty(json))
            {
                return json ?? string.Empty;
            }

            return new JsonMasker(json!, unknownKeysSecret: false).Run(at, out mappedAt);
        }

        /// <summary>
        /// A short, masked piece of the text around <paramref name="fault"/> (an index into
        /// <paramref name="text"/>, which should start where the record starts, so that masking sees every
        /// key before the fault): at most <paramref name="radius"/> characters on each side, within the fault's
        /// line, with "..." where it was cut. When <paramref name="contextCut"/> says the text starts somewhere
        /// inside a record, the text up to the first place where a JSON string surely starts is left out, and
        /// every string whose key is not in the text is masked. Linear in the length of the text.
        /// </summary>
        public static string Excerpt(string text, int fault, int radius, bool contextCut = false)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            fault = Math.Max(0, Math.Min(fault, text.Length));
            t_work += text.Length;
            int skip = 0;
            if (contextCut)
            {
                // ,"  {"  ["  or a line start: an unescaped quote after one of these cannot be inside a string.
                skip = text.Length;
                for (int i = 0; i + 1 < text.Length; i++)
                {
                    if ((text[i] == ',' || text[i] == '{' || text[i] == '[' || text[i] == '\n') && text[i + 1] == '"')
                    {
                        skip = i + 1;
                        break;
                    }
                }

                if (skip > fault)
                {
                    return "...";
                }

                text = text.Substring(skip);
                fault -= skip;
            }

            string masked = new JsonMasker(text, unknownKeysSecret: contextCut).Run(fault, out int at);
            if (at < 0 || at > masked.Length)
            {
                at = masked.Length;
            }

            int lineStart = at == 0 ? 0 : masked.LastIndexOf('\n', Math.Min(at, masked.Length) - 1) + 1;
            int lineEnd = at >= masked.Length ? -1 : masked.IndexOf('\n', at);
            if (lineEnd < 0)
            {
                lineEnd = masked.Length;
            }

            int from = Math.Max(lineStart, at - radius);
            int to = Math.Max(from, Math.Min(lineEnd, at + radius));
            string piece = masked.Substring(from, to - from).TrimEnd('\r');
            return (from > lineStart || (skip > 0 && from == 0) ? "..." : string.Empty) + piece + (to < lineEnd ? "..." : string.Empty);
        }

        /// <summary>Text cut to <paramref name="width"/> characters (after masking), ending in "..." when cut.</summary>
        public static string Shorten(string? text, int width)
        {
            string t = RedactText(text);
            return t.Length <= width || width < 4 ? t : t.Substring(0, width - 3) + "...";
        }

        private static void AppendRedactedText(StringBuilder sb, string text, int start, int end)
        {
            t_work += end - start;
            int copied = start;
            int scanFrom = start;
            while (true)
            {
                int sep = text.IndexOf("://", scanFrom, end - scanFrom, StringComparison.Ordinal);
                if (sep < 0)
                {
                    break;
                }

                // The scheme: letters, digits, + . - back from "://", starting with a letter, never before what is done.
                int schemeStart = sep;
                while (schemeStart > copied && IsSchemeChar(text[schemeStart - 1]))
                {
                    schemeStart--;
                }

                while (schemeStart < sep && !IsAsciiLetter(text[schemeStart]))
                {
                    schemeStart++;
                }

                int urlEnd = sep + 3;
                while (urlEnd < end && !EndsUrl(text[urlEnd]))
                {
                    urlEnd++;
                }

                if (schemeStart == sep)
                {
                    // No scheme before "://": not a URL, but its text may still hold a sig=.
                    AppendMaskedSig(sb, text, copied, urlEnd);
                }
                else
                {
                    AppendMaskedSig(sb, text, copied, schemeStart);
                    AppendRedactedUrl(sb, text, schemeStart, urlEnd);
                }

                copied = scanFrom = urlEnd;
            }

            AppendMaskedSig(sb, text, copied, end);
        }

        private static void AppendRedactedUrl(StringBuilder sb, string url, int start, int end)
        {
            t_work += end - start;
            // User information: scheme://user:password@host/...
            int sep = url.IndexOf("://", start, end - start, StringComparison.Ordinal);
            int hostStart = sep < 0 ? start : sep + 3;
            int hostEnd = hostStart;
            while (hostEnd < end && url[hostEnd] != '/' && url[hostEnd] != '?' && url[hostEnd] != '#')
            {
                hostEnd++;
            }

            int at = hostEnd > hostStart ? url.LastIndexOf('@', hostEnd - 1, hostEnd - hostStart) : -1;
            int colon = at < 0 ? -1 : url.IndexOf(':', hostStart, at - hostStart);
            if (colon >= 0)
            {
                sb.Append(url, start, colon + 1 - start).Append(Mask);
                start = at;
            }

            int q = url.IndexOf('?', start, end - start);
            if (q < 0)
            {
                sb.Append(url, start, end - start);
                return;
            }

            int hash = url.IndexOf('#', q, end - q);
            int queryEnd = hash < 0 ? end : hash;
            sb.Append(url, start, q + 1 - start);
            int part = q + 1;
            while (part <= queryEnd)
            {
                int amp = url.IndexOf('&', part, queryEnd - part);
                int partEnd = amp < 0 ? queryEnd : amp;
                int eq = url.IndexOf('=', part, partEnd - part);
                if (eq < 0 || IsHarmless(url, part, eq - part))
                {
                    sb.Append(url, part, partEnd - part);
                }
                else
                {
                    sb.Append(url, part, eq + 1 - part).Append(Mask);
                }

                if (amp < 0)
                {
                    break;
                }

                sb.Append('&');
                part = amp + 1;
            }

            sb.Append(url, queryEnd, end - queryEnd);
        }

        /// <summary>Copies text[start..end) with every "sig=value" (at a word start) shown as "sig=***".</summary>
        private static void AppendMaskedSig(StringBuilder sb, string text, int start, int end)
        {
            t_work += end - start;
            int copied = start;
            int i = IndexOfSig(text, start, end);
            while (i >= 0)
            {
                int value = i + 4;
                int valueEnd = value;
                while (valueEnd < end && text[valueEnd] != '&' && !EndsUrl(text[valueEnd]))
                {
                    valueEnd++;
                }

                sb.Append(text, copied, value - copied).Append(Mask);
                copied = valueEnd;
                i = IndexOfSig(text, valueEnd, end);
            }

            sb.Append(text, copied, end - copied);
        }

        private static int IndexOfSig(string text, int from, int end)
        {
            while (from < end)
            {
                int i = text.IndexOf("sig=", from, end - from, StringComparison.OrdinalIgnoreCase);
                t_work += i < 0 ? end - from : i + 4 - from;
                if (i < 0)
                {
                    return -1;
                }

                if (i == 0 || !char.IsLetterOrDigit(text[i - 1]))
                {
                    return i;
                }

                from = i + 4;
            }

            return -1;
        }

        private static bool IsSchemeChar(char c) => IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';

        private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        private static bool EndsUrl(char c) => char.IsWhiteSpace(c) || c == '"' || c == '\'' || c == '<' || c == '>';

        private static bool IsHarmless(string text, int start, int length)
        {
            foreach (string h in s_harmless)
            {
                if (h.Length == length && string.Compare(text, start, h, 0, length, StringComparison.OrdinalIgnoreCase) == 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// One pass over JSON text (tolerant of cut-off and broken text) that tokenizes it, then a second
        /// that writes it with secrets masked. Both passes are linear; nothing is parsed twice.
        /// </summary>
        private sealed class JsonMasker
        {
            private readonly string _text;

            // Per string token: start and end (end after the closing quote, or the text's end).
            private readonly List<int> _starts = new List<int>();
            private readonly List<int> _ends = new List<int>();

            // Per string token: 0 plain value, 1 key, 2 masked (value of a secret key or a secret setting).
            private readonly List<byte> _roles = new List<byte>();

            // Per masked non-string value: [start, end).
            private readonly List<(int Start, int End)> _maskedRuns = new List<(int, int)>();

            // Masks every string value whose key is not in the text (the text starts inside a record).
            private readonly bool _unknownKeysSecret;

            public JsonMasker(string text, bool unknownKeysSecret)
            {
                _text = DecodeAsciiEscapes(text, out _decodedMap);
                _unknownKeysSecret = unknownKeysSecret;
            }

            // For each index of the decoded text, the index of the original text it came from.
            private readonly int[]? _decodedMap;

            public string Run(int at, out int mappedAt)
            {
                t_work += _text.Length;
                Tokenize();
                int decodedAt = at < 0 ? -1 : DecodedIndex(at);
                var sb = new StringBuilder(_text.Length);
                mappedAt = -1;
                int copied = 0;
                int run = 0;
                for (int k = 0; k < _starts.Count || run < _maskedRuns.Count;)
                {
                    bool takeRun = run < _maskedRuns.Count && (k >= _starts.Count || _maskedRuns[run].Start < _starts[k]);
                    int start = takeRun ? _maskedRuns[run].Start : _starts[k];
                    int end = takeRun ? _maskedRuns[run].End : _ends[k];
                    Copy(sb, copied, start, decodedAt, ref mappedAt);
                    if (decodedAt >= start && decodedAt < end && mappedAt < 0)
                    {
                        mappedAt = sb.Length;
                    }

                    if (takeRun)
                    {
                        sb.Append('"').Append(Mask).Append('"');
                        run++;
                    }
                    else
                    {
                        if (_roles[k] == 2)
                        {
                            sb.Append('"').Append(Mask).Append(end > start + 1 && _text[end - 1] == '"' ? "\"" : string.Empty);
                        }
                        else
                        {
                            AppendRedactedText(sb, _text, start, end);
                        }

                        k++;
                    }

                    copied = end;
                }

                Copy(sb, copied, _text.Length, decodedAt, ref mappedAt);
                if (decodedAt >= _text.Length && mappedAt < 0)
                {
                    mappedAt = sb.Length;
                }

                return sb.ToString();
            }

            private void Copy(StringBuilder sb, int from, int to, int decodedAt, ref int mappedAt)
            {
                if (to <= from)
                {
                    return;
                }

                // Text between strings (numbers, literals, broken bits) may hold a URL or sig= too. Masking may have
                // made it shorter (sig=*** for a long value, a URL's user info), so the fault stays within what was written.
                int written = sb.Length;
                AppendRedactedText(sb, _text, from, to);
                if (mappedAt < 0 && decodedAt >= from && decodedAt < to)
                {
                    mappedAt = Math.Min(written + (decodedAt - from), sb.Length);
                }
            }

            private int DecodedIndex(int original)
            {
                if (_decodedMap == null)
                {
                    return Math.Min(original, _text.Length);
                }

                // _decodedMap is increasing: binary search for the first decoded index at or after the original one.
                int a = 0, b = _decodedMap.Length;
                while (a < b)
                {
                    int mid = (a + b) >> 1;
                    if (_decodedMap[mid] < original)
                    {
                        a = mid + 1;
                    }
                    else
                    {
                        b = mid;
                    }
                }

                return a;
            }

            private void Tokenize()
            {
                // The objects being read: for each, the token index of its "name" value and of its "value" value.
                var objects = new Stack<(int NameToken, int ValueToken)>();
                string text = _text;
                int lastKey = -1;          // token index of the key waiting for its value, or -1
                bool lastKeySecret = false;
                int openedHere = 0;        // objects and arrays opened in the text and not yet closed
                int i = 0;
                while (i < text.Length)
                {
                    char c = text[i];
                    if (c == '"')
                    {
                        int end = StringEnd(text, i);
                        int token = _starts.Count;
                        _starts.Add(i);
                        _ends.Add(end);
                        int after = SkipSpace(text, end);
                        bool isKey = after < text.Length && text[after] == ':';
                        _roles.Add(isKey ? (byte)1 : (byte)0);
                        if (isKey)
                        {
                            lastKey = token;
                            lastKeySecret = IsSecretKey(token);
                            i = after + 1;
                            continue;
                        }

                        if (lastKey >= 0)
                        {
                            ValueOf(lastKey, lastKeySecret, token, objects);
                            lastKey = -1;
                        }
                        else if (_unknownKeysSecret && openedHere == 0)
                        {
                            _roles[token] = 2; // a value whose key (if any) is before the text: it may be secret
                        }

                        i = end;
                        continue;
                    }

                    if ((c == '{' || c == '[') && lastKey >= 0 && lastKeySecret)
                    {
                        // An object or array that is the value of a secret key: masked whole.
                        int end = ValueEnd(text, i);
                        _maskedRuns.Add((i, end));
                        lastKey = -1;
                        i = end;
                        continue;
                    }

                    if (c == '{')
                    {
                        objects.Push((-1, -1));
                        openedHere++;
                        lastKey = -1;
                    }
                    else if (c == '}')
                    {
                        if (objects.Count > 0)
                        {
                            CloseObject(objects.Pop());
                        }

                        openedHere = Math.Max(0, openedHere - 1);
                        lastKey = -1;
                    }
                    else if (c == '[' || c == ']' || c == ',')
                    {
                        openedHere = c == '[' ? openedHere + 1 : c == ']' ? Math.Max(0, openedHere - 1) : openedHere;
                        lastKey = -1;
                    }
                    else if (!char.IsWhiteSpace(c) && c != ':' && lastKey >= 0)
                    {
                        // A number or literal value: masked whole when its key is secret.
                        int end = i;
                        while (end < text.Length && text[end] != ',' && text[end] != '}' && text[end] != ']' && text[end] != '"' && !char.IsWhiteSpace(text[end]))
                        {
                            end++;
                        }

                        if (lastKeySecret)
                        {
                            _maskedRuns.Add((i, end));
                        }

                        lastKey = -1;
                        i = end;
                        continue;
                    }

                    i++;
                }

                // Objects cut off by the end of the text: their "value" is masked unless a harmless name was seen.
                while (objects.Count > 0)
                {
                    (int name, int value) = objects.Pop();
                    if (value >= 0 && name < 0 && IsKeyNamed(value - 1, "value"))
                    {
                        _roles[value] = 2;
                    }
                    else
                    {
                        CloseObject((name, value));
                    }
                }
            }

            private void ValueOf(int key, bool secretKey, int token, Stack<(int NameToken, int ValueToken)> objects)
            {
                if (secretKey)
                {
                    _roles[token] = 2;
                    return;
                }

                if (objects.Count == 0)
                {
                    return;
                }

                (int name, int value) = objects.Pop();
                if (IsKeyNamed(key, "name"))
                {
                    name = token;
                }
                else if (IsKeyNamed(key, "value"))
                {
                    value = token;
                }

                objects.Push((name, value));
            }

            private void CloseObject((int NameToken, int ValueToken) o)
            {
                if (o.NameToken >= 0 && o.ValueToken >= 0 && IsSecretName(TokenText(o.NameToken)))
                {
                    _roles[o.ValueToken] = 2;
                }
            }

            private bool IsSecretKey(int token) => IsSecretName(TokenText(token));

            private bool IsKeyNamed(int token, string name) =>
                token >= 0 && token < _roles.Count && _roles[token] == 1 && string.Equals(TokenText(token), name, StringComparison.OrdinalIgnoreCase);

            private string TokenText(int token)
            {
                int start = _starts[token] + 1;
                int end = _ends[token];
                if (end > start && _text[end - 1] == '"')
                {
                    end--;
                }

                t_work += end - start;
                return end > start ? _text.Substring(start, end - start) : string.Empty;
            }

            private static int StringEnd(string text, int start)
            {
                for (int i = start + 1; i < text.Length; i++)
                {
                    t_work++;
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

            private static int ValueEnd(string text, int start)
            {
                int depth = 0;
                for (int i = start; i < text.Length; i++)
                {
                    t_work++;
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

            private static int SkipSpace(string text, int i)
            {
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                {
                    t_work++;
                    i++;
                }

                return i;
            }

            /// <summary>Decodes <c>\/</c> and <c>\uXXXX</c> escapes of printable ASCII other than quote and backslash.</summary>
            private static string DecodeAsciiEscapes(string text, out int[]? map)
            {
                map = null;
                if (text.IndexOf('\\') < 0)
                {
                    return text;
                }

                t_work += text.Length;
                var sb = new StringBuilder(text.Length);
                var positions = new List<int>(text.Length);
                for (int i = 0; i < text.Length; i++)
                {
                    char c = text[i];
                    if (c == '\\' && i + 1 < text.Length)
                    {
                        char next = text[i + 1];
                        if (next == '/')
                        {
                            positions.Add(i);
                            sb.Append('/');
                            i++;
                            continue;
                        }

                        if (next == 'u' && i + 5 < text.Length && TryHex4(text, i + 2, out int code) && code >= 0x20 && code <= 0x7E && code != '"' && code != '\\')
                        {
                            positions.Add(i);
                            sb.Append((char)code);
                            i += 5;
                            continue;
                        }

                        // Any other escape is kept as it is (both characters).
                        positions.Add(i);
                        positions.Add(i + 1);
                        sb.Append(c).Append(next);
                        i++;
                        continue;
                    }

                    positions.Add(i);
                    sb.Append(c);
                }

                map = positions.ToArray();
                return sb.ToString();
            }

            private static bool TryHex4(string text, int at, out int value)
            {
                value = 0;
                for (int k = 0; k < 4; k++)
                {
                    char c = text[at + k];
                    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                    if (d < 0)
                    {
                        return false;
                    }

                    value = (value << 4) | d;
                }

                return true;
            }
        }
    }
}
