using System;
using System.Buffers;
using System.Text;

namespace BatchTaskPS.Serialization.Wire
{
    /// <summary>UTF-8 text helpers: strict decoding and a JSON string unescaper that keeps lone surrogates.</summary>
    internal static class Utf8
    {
        /// <summary>UTF-8 without BOM that throws on invalid bytes instead of inventing U+FFFD.</summary>
        public static readonly UTF8Encoding Strict = new UTF8Encoding(false, true);

        /// <summary>Decodes UTF-8; returns null when the bytes are not valid UTF-8.</summary>
        public static unsafe string? TryDecode(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length == 0)
            {
                return string.Empty;
            }

            if (IsAscii(bytes))
            {
                return Ascii(bytes);
            }

            try
            {
                fixed (byte* p = bytes)
                {
                    return Strict.GetString(p, bytes.Length);
                }
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }

        /// <summary>Bytes known to be ASCII as a string (nothing to validate: each byte is a character of its own).</summary>
        public static unsafe string Ascii(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length == 0)
            {
                return string.Empty;
            }

            fixed (byte* p = bytes)
            {
                return Encoding.ASCII.GetString(p, bytes.Length);
            }
        }

        /// <summary>True when every byte is ASCII (checked eight bytes at a time).</summary>
        public static bool IsAscii(ReadOnlySpan<byte> bytes)
        {
            int i = 0;
            ReadOnlySpan<ulong> words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes);
            for (int w = 0; w < words.Length; w++)
            {
                if ((words[w] & 0x8080808080808080UL) != 0)
                {
                    return false;
                }
            }

            for (i = words.Length * 8; i < bytes.Length; i++)
            {
                if (bytes[i] >= 0x80)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Unescapes the body of a JSON string (the bytes between the quotes). Lone surrogate escapes
        /// such as \ud800 are kept as they are, which System.Text.Json refuses to do. Returns null with
        /// a reason when the body is not valid (bad escape or invalid UTF-8).
        /// </summary>
        public static unsafe string? TryUnescape(ReadOnlySpan<byte> body, out string? error)
        {
            error = null;
            char[] rented = ArrayPool<char>.Shared.Rent(body.Length + 1);
            try
            {
                int n = 0;
                int i = 0;
                while (i < body.Length)
                {
                    int run = i;
                    while (i < body.Length && body[i] != (byte)'\\')
                    {
                        i++;
                    }

                    if (i > run)
                    {
                        try
                        {
                            fixed (byte* src = &body[run])
                            fixed (char* dst = &rented[n])
                            {
                                n += Strict.GetChars(src, i - run, dst, rented.Length - n);
                            }
                        }
                        catch (DecoderFallbackException)
                        {
                            error = "the text is not valid UTF-8";
                            return null;
                        }
                    }

                    if (i >= body.Length)
                    {
                        break;
                    }

                    // body[i] == '\\'
                    if (i + 1 >= body.Length)
                    {
                        error = "the string ends inside an escape";
                        return null;
                    }

                    byte e = body[i + 1];
                    i += 2;
                    switch (e)
                    {
                        case (byte)'"': rented[n++] = '"'; break;
                        case (byte)'\\': rented[n++] = '\\'; break;
                        case (byte)'/': rented[n++] = '/'; break;
                        case (byte)'b': rented[n++] = '\b'; break;
                        case (byte)'f': rented[n++] = '\f'; break;
                        case (byte)'n': rented[n++] = '\n'; break;
                        case (byte)'r': rented[n++] = '\r'; break;
                        case (byte)'t': rented[n++] = '\t'; break;
                        case (byte)'u':
                            if (i + 4 > body.Length || !TryHex(body.Slice(i, 4), out int code))
                            {
                                error = "\\u must be followed by four hex digits";
                                return null;
                            }

                            rented[n++] = (char)code;
                            i += 4;
                            break;
                        default:
                            error = "unknown escape sequence";
                            return null;
                    }
                }

                return new string(rented, 0, n);
            }
            finally
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }

        private static bool TryHex(ReadOnlySpan<byte> hex, out int value)
        {
            value = 0;
            foreach (byte b in hex)
            {
                int d;
                if (b >= (byte)'0' && b <= (byte)'9')
                {
                    d = b - '0';
                }
                else if (b >= (byte)'a' && b <= (byte)'f')
                {
                    d = b - 'a' + 10;
                }
                else if (b >= (byte)'A' && b <= (byte)'F')
                {
                    d = b - 'A' + 10;
                }
                else
                {
                    return false;
                }

                value = (value << 4) | d;
            }

            return true;
        }
    }
}
