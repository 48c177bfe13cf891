using System;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BatchTaskPS.Serialization.Wire
{
    /// <summary>
    /// A forward-only scanner for the reader's fast path: JSON as the service writes it, read
    /// straight from the bytes without a token state machine. Every method answers false when the
    /// input is anything it does not handle exactly (a null, an escape it cannot decode, a number
    /// outside the type, invalid JSON, a string over the limit); the fast path then gives up and the
    /// full reader (<see cref="System.Text.Json.Utf8JsonReader"/> with the library's rules) reads the
    /// input again from the start, so errors and unusual input always get the full reader's result.
    /// </summary>
    internal ref struct PlainJsonScanner
    {
        /// <summary>Below this <see cref="BatchTaskReaderOptions.MaxDepth"/> the fast path is not used (models nest less deeply).</summary>
        public const int MinimumMaxDepth = 16;

        /// <summary>
        /// Below this <see cref="BatchTaskReaderOptions.MaxStringBytes"/> the fast path is not used: it
        /// matches known keys (all shorter) without measuring them.
        /// </summary>
        public const int MinimumMaxStringBytes = 256;

        private readonly ReadOnlySpan<byte> _json;
        private readonly int _maxStringBytes;
        private int _pos;

        public PlainJsonScanner(ReadOnlySpan<byte> json, int maxStringBytes)
        {
            _json = json;
            _maxStringBytes = maxStringBytes;
            _pos = 0;
        }

        /// <summary>How many bytes have been read.</summary>
        public int Position => _pos;

        /// <summary>True when nothing but JSON whitespace is left.</summary>
        public bool AtEnd()
        {
            SkipWhitespace();
            return _pos == _json.Length;
        }

        /// <summary>Skips whitespace and consumes <paramref name="expected"/> if it is the next byte.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryConsume(byte expected)
        {
            SkipWhitespace();
            if (_pos < _json.Length && _json[_pos] == expected)
            {
                _pos++;
                return true;
            }

            return false;
        }

        /// <summary>Consumes <paramref name="expected"/> if the input continues with exactly those bytes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryConsumeBytes(byte[] expected)
        {
            if (_json.Slice(_pos).StartsWith(expected))
            {
                _pos += expected.Length;
                return true;
            }

            return false;
        }

        /// <summary>
        /// After a key's opening quote: reads the key up to its closing quote when it is printable
        /// ASCII with no escapes.
        /// </summary>
        public bool TryReadKeyBody(out ReadOnlySpan<byte> key)
        {
            key = default;
            int start = _pos;
            int end = FindStringEnd(start, out bool escaped, out bool nonAscii);
            if (end < 0 || escaped || nonAscii || end - start > _maxStringBytes)
            {
                return false;
            }

            key = _json.Slice(start, end - start);
            _pos = end + 1;
            return true;
        }

        /// <summary>Reads a JSON string as text (escapes decoded, lone surrogates kept, UTF-8 checked).</summary>
        public bool TryReadString(out string? value)
        {
            value = null;
            if (!TryFindString(out int start, out int end, out bool escaped, out bool nonAscii))
            {
                return false;
            }

            ReadOnlySpan<byte> body = _json.Slice(start, end - start);
            if (escaped)
            {
                value = Utf8.TryUnescape(body, out _);
            }
            else
            {
                value = nonAscii ? Utf8.TryDecode(body) : Utf8.Ascii(body);
            }

            if (value == null)
            {
                return false;
            }

            _pos = end + 1;
            return true;
        }

        /// <summary>Reads a string with no escapes and only ASCII, as its bytes (dates, durations, enum values).</summary>
        public bool TryReadAsciiString(out ReadOnlySpan<byte> body)
        {
            body = default;
            if (!TryFindString(out int start, out int end, out bool escaped, out bool nonAscii) || escaped || nonAscii)
            {
                return false;
            }

            body = _json.Slice(start, end - start);
            _pos = end + 1;
            return true;
        }

        /// <summary>Reads a JSON number with no fraction or exponent that fits a 64-bit integer.</summary>
        public bool TryReadInteger(out long value)
        {
            value = 0;
            SkipWhitespace();
            int start = _pos;
            int p = ScanNumber(start, out bool isInteger);
            if (p < 0 || !isInteger)
            {
                return false;
            }

            ReadOnlySpan<byte> digits = _json.Slice(start, p - start);
            if (!Utf8Parser.TryParse(digits, out value, out int used) || used != digits.Length)
            {
                return false;
            }

            _pos = p;
            return true;
        }

        /// <summary>Reads any JSON number that is a finite double.</summary>
        public bool TryReadDouble(out double value)
        {
            value = 0;
            SkipWhitespace();
            int start = _pos;
            int p = ScanNumber(start, out _);
            if (p < 0)
            {
                return false;
            }

            ReadOnlySpan<byte> text = _json.Slice(start, p - start);
            if (!Utf8Parser.TryParse(text, out value, out int used) || used != text.Length || double.IsNaN(value) || double.IsInfinity(value))
            {
                return false;
            }

            _pos = p;
            return true;
        }

        /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
        public bool TryReadBool(out bool value)
        {
            value = false;
            SkipWhitespace();
            ReadOnlySpan<byte> rest = _json.Slice(_pos);
            if (rest.Length >= 4 && rest[0] == (byte)'t' && rest[1] == (byte)'r' && rest[2] == (byte)'u' && rest[3] == (byte)'e')
            {
                value = true;
                _pos += 4;
                return true;
            }

            if (rest.Length >= 5 && rest[0] == (byte)'f' && rest[1] == (byte)'a' && rest[2] == (byte)'l' && rest[3] == (byte)'s' && rest[4] == (byte)'e')
            {
                _pos += 5;
                return true;
            }

            return false;
        }

        /// <summary>
        /// Reads a string, number, boolean or null as the JSON text an unknown property keeps (the
        /// full reader's canonical form: a string's body exactly as written, a number's exact digits).
        /// Objects and arrays are left to the full reader.
        /// </summary>
        public bool TryReadRawScalar(out string? raw)
        {
            raw = null;
            SkipWhitespace();
            if (_pos >= _json.Length)
            {
                return false;
            }

            byte first = _json[_pos];
            if (first == (byte)'"')
            {
                if (!TryFindString(out int start, out int end, out bool escaped, out _))
                {
                    return false;
                }

                ReadOnlySpan<byte> body = _json.Slice(start, end - start);
                string? text = escaped && Utf8.TryUnescape(body, out _) == null ? null : Utf8.TryDecode(body);
                if (text == null)
                {
                    return false;
                }

                raw = "\"" + text + "\"";
                _pos = end + 1;
                return true;
            }

            if (first == (byte)'-' || IsDigit(first))
            {
                int end = ScanNumber(_pos, out _);
                if (end < 0)
                {
                    return false;
                }

                raw = Utf8.Ascii(_json.Slice(_pos, end - _pos));
                _pos = end;
                return true;
            }

            if (TryReadBool(out bool value))
            {
                raw = value ? "true" : "false";
                return true;
            }

            ReadOnlySpan<byte> rest = _json.Slice(_pos);
            if (rest.Length >= 4 && rest[0] == (byte)'n' && rest[1] == (byte)'u' && rest[2] == (byte)'l' && rest[3] == (byte)'l')
            {
                raw = "null";
                _pos += 4;
                return true;
            }

            return false;
        }

        /// <summary>
        /// Skips whitespace to a string token: where its body starts and ends (the closing quote), with
        /// what FindStringEnd says of it; false when there is no string there, it does not end, or it is
        /// over the length limit. Moves nothing when false; the caller moves past the quote.
        /// </summary>
        private bool TryFindString(out int start, out int end, out bool escaped, out bool nonAscii)
        {
            SkipWhitespace();
            start = _pos + 1;
            end = -1;
            escaped = nonAscii = false;
            if (_pos >= _json.Length || _json[_pos] != (byte)'"')
            {
                return false;
            }

            end = FindStringEnd(start, out escaped, out nonAscii);
            return end >= 0 && end - start <= _maxStringBytes;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void SkipWhitespace()
        {
            ReadOnlySpan<byte> json = _json;
            int p = _pos;
            while (p < json.Length)
            {
                byte b = json[p];
                if (b != (byte)' ' && b != (byte)'\n' && b != (byte)'\r' && b != (byte)'\t')
                {
                    break;
                }

                p++;
            }

            _pos = p;
        }

        /// <summary>
        /// The index of the quote that closes the string whose body starts at <paramref name="start"/>,
        /// or -1 when the input ends first or holds a control character. Says whether the body has
        /// escapes (checked when decoded) or bytes outside ASCII (checked as UTF-8 when decoded).
        /// </summary>
        private int FindStringEnd(int start, out bool escaped, out bool nonAscii)
        {
            escaped = false;
            nonAscii = false;
            ReadOnlySpan<byte> json = _json;

            // The common case: the next quote or backslash is the closing quote, and every byte
            // before it is printable ASCII (checked eight at a time).
            int stop = json.Slice(start).IndexOfAny((byte)'"', (byte)'\\');
            if (stop < 0)
            {
                return -1;
            }

            if (json[start + stop] == (byte)'"' && IsPrintableAscii(json.Slice(start, stop)))
            {
                return start + stop;
            }

            for (int p = start; p < json.Length; p++)
            {
                byte b = json[p];
                if (b == (byte)'"')
                {
                    return p;
                }

                if (b < 0x20)
                {
                    return -1;
                }

                if (b == (byte)'\\')
                {
                    escaped = true;
                    p++; // the escaped byte cannot end the string; the decoder checks the escape
                }
                else if (b >= 0x80)
                {
                    nonAscii = true;
                }
            }

            return -1;
        }

        /// <summary>True when no byte is a control character (below 0x20) or outside ASCII.</summary>
        private static bool IsPrintableAscii(ReadOnlySpan<byte> bytes)
        {
            const ulong Spaces = 0x2020202020202020UL, HighBits = 0x8080808080808080UL;
            int i = 0;
            for (; i + 8 <= bytes.Length; i += 8)
            {
                // A byte below 0x20 borrows when 0x20 is subtracted, which sets its high bit.
                ulong w = MemoryMarshal.Read<ulong>(bytes.Slice(i));
                if ((((w - Spaces) | w) & HighBits) != 0)
                {
                    return false;
                }
            }

            for (; i < bytes.Length; i++)
            {
                if (bytes[i] < 0x20 || bytes[i] >= 0x80)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The end of the JSON number starting at <paramref name="start"/> (RFC 8259 grammar), or -1.
        /// <paramref name="isInteger"/> is false when it has a fraction or an exponent.
        /// </summary>
        private int ScanNumber(int start, out bool isInteger)
        {
            ReadOnlySpan<byte> json = _json;
            isInteger = true;
            int p = start;
            if (p < json.Length && json[p] == (byte)'-')
            {
                p++;
            }

            // An integer part: 0, or digits not starting with 0.
            int end = p < json.Length && json[p] == (byte)'0' ? p + 1 : SkipDigits(p);
            if (end == p)
            {
                return -1;
            }

            p = end;
            if (p < json.Length && json[p] == (byte)'.')
            {
                isInteger = false;
                end = SkipDigits(++p);
                if (end == p)
                {
                    return -1;
                }

                p = end;
            }

            if (p < json.Length && (json[p] == (byte)'e' || json[p] == (byte)'E'))
            {
                isInteger = false;
                p++;
                if (p < json.Length && (json[p] == (byte)'+' || json[p] == (byte)'-'))
                {
                    p++;
                }

                end = SkipDigits(p);
                if (end == p)
                {
                    return -1;
                }

                p = end;
            }

            return p;
        }

        private int SkipDigits(int p)
        {
            ReadOnlySpan<byte> json = _json;
            while (p < json.Length && IsDigit(json[p]))
            {
                p++;
            }

            return p;
        }

        private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
    }
}
