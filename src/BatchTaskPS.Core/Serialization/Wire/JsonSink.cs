using System;
using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.IO;
using System.Text;
using System.Runtime.CompilerServices;

namespace BatchTaskPS.Serialization.Wire
{
    /// <summary>
    /// A small UTF-8 JSON writer with exactly the escaping this project promises: quotes, backslashes
    /// and control characters escaped, lone surrogates kept as \uD800-style escapes (lossless), all
    /// other text written as UTF-8. Compact or indented with two spaces.
    /// </summary>
    internal sealed class JsonSink : IDisposable
    {
        private const int FlushThreshold = 1 << 16;
        private static readonly byte[] HexDigits = Encoding.ASCII.GetBytes("0123456789ABCDEF");

        private byte[] _buffer;
        private int _pos;
        private readonly Stream? _stream;
        private bool _indented;
        private int _depth;
        private bool _afterName;
        private bool[] _hasItems = new bool[16];

        public JsonSink(int initialCapacity = 4096, Stream? stream = null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));
            _stream = stream;
        }

        public bool Indented
        {
            get => _indented;
            set => _indented = value;
        }

        public int Length => _pos;

        public ReadOnlySpan<byte> WrittenSpan => new ReadOnlySpan<byte>(_buffer, 0, _pos);

        public void Reset()
        {
            if (_buffer.Length > 1 << 20)
            {
                // Do not keep a huge buffer alive after one huge task.
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(4096);
            }

            _pos = 0;
            _depth = 0;
            _afterName = false;
            _hasItems[0] = false;
        }

        public byte[] ToArray() => WrittenSpan.ToArray();

        public override string ToString() => Utf8.Strict.GetString(_buffer, 0, _pos);

        /// <summary>Sends what is buffered to the stream, if there is one and enough has built up.</summary>
        public void FlushIfLarge()
        {
            if (_stream != null && _pos >= FlushThreshold)
            {
                Flush();
            }
        }

        /// <summary>Writes what is buffered to a stream (for an in-memory sink).</summary>
        public void CopyTo(Stream stream) => stream.Write(_buffer, 0, _pos);

        public void Flush()
        {
            if (_stream != null && _pos > 0)
            {
                _stream.Write(_buffer, 0, _pos);
                _pos = 0;
            }
        }

        public void Dispose()
        {
            byte[] b = _buffer;
            _buffer = Array.Empty<byte>();
            if (b.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(b);
            }
        }

        public void StartObject()
        {
            BeforeValue();
            Ensure(1);
            _buffer[_pos++] = (byte)'{';
            Push();
        }

        public void EndObject() => Pop((byte)'}');

        public void StartArray()
        {
            BeforeValue();
            Ensure(1);
            _buffer[_pos++] = (byte)'[';
            Push();
        }

        public void EndArray() => Pop((byte)']');

        /// <summary>Writes a property name given as pre-encoded <c>"name":</c> bytes.</summary>
        public void Name(byte[] encodedNameWithColon)
        {
            BeforeValue();
            int n = encodedNameWithColon.Length;
            Ensure(n + 1);
            new ReadOnlySpan<byte>(encodedNameWithColon).CopyTo(new Span<byte>(_buffer, _pos, n));
            _pos += n;
            if (_indented)
            {
                _buffer[_pos++] = (byte)' ';
            }

            _afterName = true;
        }

        /// <summary>Writes a property name given as text.</summary>
        public void Name(string name)
        {
            BeforeValue();
            WriteEscaped(name);
            Ensure(2);
            _buffer[_pos++] = (byte)':';
            if (_indented)
            {
                _buffer[_pos++] = (byte)' ';
            }

            _afterName = true;
        }

        /// <summary>Writes a property name whose escaped body (without quotes) is already valid JSON.</summary>
        public void RawName(ReadOnlySpan<byte> escapedBody)
        {
            BeforeValue();
            Ensure(escapedBody.Length + 4);
            _buffer[_pos++] = (byte)'"';
            escapedBody.CopyTo(new Span<byte>(_buffer, _pos, escapedBody.Length));
            _pos += escapedBody.Length;
            _buffer[_pos++] = (byte)'"';
            _buffer[_pos++] = (byte)':';
            if (_indented)
            {
                _buffer[_pos++] = (byte)' ';
            }

            _afterName = true;
        }

        public void String(string value)
        {
            BeforeValue();
            WriteEscaped(value);
        }

        /// <summary>Writes a string token whose escaped body (without quotes) is already valid JSON.</summary>
        public void RawStringBody(ReadOnlySpan<byte> escapedBody)
        {
            BeforeValue();
            Ensure(escapedBody.Length + 2);
            _buffer[_pos++] = (byte)'"';
            escapedBody.CopyTo(new Span<byte>(_buffer, _pos, escapedBody.Length));
            _pos += escapedBody.Length;
            _buffer[_pos++] = (byte)'"';
        }

        /// <summary>Writes a whole JSON value that is already compact and valid, as it is.</summary>
        public void RawValue(ReadOnlySpan<byte> json)
        {
            BeforeValue();
            Ensure(json.Length);
            json.CopyTo(new Span<byte>(_buffer, _pos, json.Length));
            _pos += json.Length;
        }

        /// <summary>Writes an ASCII token (number or literal) as it is.</summary>
        public void RawToken(ReadOnlySpan<byte> token)
        {
            BeforeValue();
            Ensure(token.Length);
            token.CopyTo(new Span<byte>(_buffer, _pos, token.Length));
            _pos += token.Length;
        }

        public void Number(int value)
        {
            BeforeValue();
            Ensure(11);
            Utf8Formatter.TryFormat(value, new Span<byte>(_buffer, _pos, 11), out int written);
            _pos += written;
        }

        public void Number(long value)
        {
            BeforeValue();
            Ensure(20);
            Utf8Formatter.TryFormat(value, new Span<byte>(_buffer, _pos, 20), out int written);
            _pos += written;
        }

        /// <summary>
        /// Writes a finite double in its shortest round-trip form, always with a fraction or
        /// exponent (3 is written 3.0) so a reader sees a float, as the reference writes it.
        /// </summary>
        public void Number(double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), "JSON has no representation for NaN or infinity.");
            }

            string text = value.ToString("R", CultureInfo.InvariantCulture);
            if (double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) != value)
            {
                // .NET Framework's "R" can miss by one digit; 17 significant digits always round-trip.
                text = value.ToString("G17", CultureInfo.InvariantCulture);
            }

            BeforeValue();
            Ensure(text.Length + 2);
            bool hasMark = false;
            foreach (char c in text)
            {
                _buffer[_pos++] = (byte)c;
                hasMark |= c == '.' || c == 'E' || c == 'e';
            }

            if (!hasMark)
            {
                _buffer[_pos++] = (byte)'.';
                _buffer[_pos++] = (byte)'0';
            }
        }

        public void Bool(bool value)
        {
            BeforeValue();
            Ensure(5);
            if (value)
            {
                _buffer[_pos++] = (byte)'t';
                _buffer[_pos++] = (byte)'r';
                _buffer[_pos++] = (byte)'u';
                _buffer[_pos++] = (byte)'e';
            }
            else
            {
                _buffer[_pos++] = (byte)'f';
                _buffer[_pos++] = (byte)'a';
                _buffer[_pos++] = (byte)'l';
                _buffer[_pos++] = (byte)'s';
                _buffer[_pos++] = (byte)'e';
            }
        }

        public void Null()
        {
            BeforeValue();
            Ensure(4);
            _buffer[_pos++] = (byte)'n';
            _buffer[_pos++] = (byte)'u';
            _buffer[_pos++] = (byte)'l';
            _buffer[_pos++] = (byte)'l';
        }

        public void DateTime(DateTime value)
        {
            BeforeValue();
            Ensure(DateTimeFormat.MaxFormattedLength + 2);
            _buffer[_pos++] = (byte)'"';
            _pos += DateTimeFormat.Write(value, new Span<byte>(_buffer, _pos, DateTimeFormat.MaxFormattedLength));
            _buffer[_pos++] = (byte)'"';
        }

        public void Duration(TimeSpan value)
        {
            BeforeValue();
            Ensure(DurationFormat.MaxFormattedLength + 2);
            _buffer[_pos++] = (byte)'"';
            _pos += DurationFormat.Write(value, new Span<byte>(_buffer, _pos, DurationFormat.MaxFormattedLength));
            _buffer[_pos++] = (byte)'"';
        }

        /// <summary>Writes raw bytes between values (used for separators such as newlines in NDJSON).</summary>
        public void RawBytes(ReadOnlySpan<byte> bytes)
        {
            Ensure(bytes.Length);
            bytes.CopyTo(new Span<byte>(_buffer, _pos, bytes.Length));
            _pos += bytes.Length;
        }

        /// <summary>Forgets container state so that the next value starts a new top-level document.</summary>
        public void NewDocument()
        {
            _depth = 0;
            _afterName = false;
            _hasItems[0] = false;
        }

        private void BeforeValue()
        {
            if (_afterName)
            {
                _afterName = false;
                return;
            }

            if (_depth == 0)
            {
                return;
            }

            if (_hasItems[_depth])
            {
                Ensure(1);
                _buffer[_pos++] = (byte)',';
            }
            else
            {
                _hasItems[_depth] = true;
            }

            if (_indented)
            {
                NewLineAndIndent(_depth);
            }
        }

        private void Push()
        {
            _depth++;
            if (_depth >= _hasItems.Length)
            {
                Array.Resize(ref _hasItems, _hasItems.Length * 2);
            }

            _hasItems[_depth] = false;
        }

        private void Pop(byte close)
        {
            bool had = _hasItems[_depth];
            _depth--;
            if (_indented && had)
            {
                NewLineAndIndent(_depth);
            }

            Ensure(1);
            _buffer[_pos++] = close;
        }

        private void NewLineAndIndent(int depth)
        {
            Ensure(1 + depth * 2);
            _buffer[_pos++] = (byte)'\n';
            for (int k = 0; k < depth * 2; k++)
            {
                _buffer[_pos++] = (byte)' ';
            }
        }

        private void Ensure(int extra)
        {
            if (_pos + extra <= _buffer.Length)
            {
                return;
            }

            if (_stream != null && _pos > 0)
            {
                Flush();
                if (extra <= _buffer.Length)
                {
                    return;
                }
            }

            int size = Math.Max(_buffer.Length * 2, _pos + extra);
            byte[] bigger = ArrayPool<byte>.Shared.Rent(size);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _pos);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        // AggressiveOptimization here and on CopyPlainAscii: Vector<T> code is left out of the ReadyToRun images (its
        // width is only known on the machine), so these per-string methods would start in tier-0 JIT code in every
        // fresh process; fully optimized from their first call instead (issue 16: measured in RESULTS.md).
        [MethodImpl(AggressiveOptimization)]
        private void WriteEscaped(string s)
        {
            int len = s.Length;

            // Room for the quotes and for one whole vector written past the plain prefix.
            Ensure(len + 2 + System.Numerics.Vector<byte>.Count);
            _buffer[_pos++] = (byte)'"';
            int plain = CopyPlainAscii(s, _buffer, _pos);
            _pos += plain;
            if (plain < len)
            {
                WriteEscapedSlow(s, plain);
            }

            Ensure(1);
            _buffer[_pos++] = (byte)'"';
        }

        // MethodImplOptions.AggressiveOptimization (.NET Core 3.0 and later; netstandard2.0 does not name it, and the
        // .NET Framework ignores the flag).
        private const MethodImplOptions AggressiveOptimization = (MethodImplOptions)512;

        private static readonly System.Numerics.Vector<ushort> s_space = new System.Numerics.Vector<ushort>(0x20);
        private static readonly System.Numerics.Vector<ushort> s_tilde = new System.Numerics.Vector<ushort>(0x7E);
        private static readonly System.Numerics.Vector<ushort> s_quote = new System.Numerics.Vector<ushort>('"');
        private static readonly System.Numerics.Vector<ushort> s_backslash = new System.Numerics.Vector<ushort>('\\');

        /// <summary>
        /// Copies the leading chars that are printable ASCII other than a quote or backslash (written
        /// as they are) to <paramref name="destination"/> at <paramref name="at"/>, checking and
        /// narrowing a vector at a time, and returns how many. The destination needs room for the
        /// whole string plus one <c>Vector&lt;byte&gt;</c>: a vector step may write bytes past the
        /// prefix, which the caller then overwrites.
        /// </summary>
        [MethodImpl(AggressiveOptimization)]
        internal static int CopyPlainAscii(string s, byte[] destination, int at)
        {
            ReadOnlySpan<ushort> chars = System.Runtime.InteropServices.MemoryMarshal.Cast<char, ushort>(s.AsSpan());
            int len = chars.Length;
            int i = 0;
            if (System.Numerics.Vector.IsHardwareAccelerated)
            {
                int width = System.Numerics.Vector<ushort>.Count;
                ref ushort src = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(chars);
                ref byte dst = ref destination[at];
                while (i + width <= len)
                {
                    System.Numerics.Vector<ushort> x = Unsafe.ReadUnaligned<System.Numerics.Vector<ushort>>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref src, i)));
                    if (!System.Numerics.Vector.EqualsAll(Unprintable(x), System.Numerics.Vector<ushort>.Zero))
                    {
                        break; // the scalar loop finds the stop inside this vector
                    }

                    // Narrowing one vector with itself writes it twice: the second copy is overwritten.
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, i), System.Numerics.Vector.Narrow(x, x));
                    i += width;
                }
            }

            for (; i < len; i++)
            {
                ushort c = chars[i];
                if (c < 0x20 || c > 0x7E || c == '"' || c == '\\')
                {
                    break;
                }

                destination[at + i] = (byte)c;
            }

            return i;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static System.Numerics.Vector<ushort> Unprintable(System.Numerics.Vector<ushort> x) =>
            System.Numerics.Vector.LessThan(x, s_space) | System.Numerics.Vector.GreaterThan(x, s_tilde) |
            System.Numerics.Vector.Equals(x, s_quote) | System.Numerics.Vector.Equals(x, s_backslash);

        private void WriteEscapedSlow(string s, int i)
        {
            for (; i < s.Length; i++)
            {
                char c = s[i];
                Ensure(12);
                byte[] buf = _buffer;
                if (c < 0x80)
                {
                    switch (c)
                    {
                        case '"': buf[_pos++] = (byte)'\\'; buf[_pos++] = (byte)'"'; break;
                        case '\\': buf[_pos++] = (byte)'\\'; buf[_pos++] = (byte)'\\'; break;
                        case '\n': buf[_pos++] = (byte)'\\'; buf[_pos++] = (byte)'n'; break;
                        case '\r': buf[_pos++] = (byte)'\\'; buf[_pos++] = (byte)'r'; break;
                        case '\t': buf[_pos++] = (byte)'\\'; buf[_pos++] = (byte)'t'; break;
                        case '\b': buf[_pos++] = (byte)'\\'; buf[_pos++] = (byte)'b'; break;
                        case '\f': buf[_pos++] = (byte)'\\'; buf[_pos++] = (byte)'f'; break;
                        default:
                            if (c < 0x20)
                            {
                                WriteUnicodeEscape(c);
                            }
                            else
                            {
                                buf[_pos++] = (byte)c;
                            }

                            break;
                    }
                }
                else if (c < 0x800)
                {
                    buf[_pos++] = (byte)(0xC0 | (c >> 6));
                    buf[_pos++] = (byte)(0x80 | (c & 0x3F));
                }
                else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    int cp = char.ConvertToUtf32(c, s[i + 1]);
                    i++;
                    buf[_pos++] = (byte)(0xF0 | (cp >> 18));
                    buf[_pos++] = (byte)(0x80 | ((cp >> 12) & 0x3F));
                    buf[_pos++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                    buf[_pos++] = (byte)(0x80 | (cp & 0x3F));
                }
                else if (char.IsSurrogate(c))
                {
                    // A lone surrogate has no UTF-8 form: keep it as an escape so nothing is lost.
                    WriteUnicodeEscape(c);
                }
                else
                {
                    buf[_pos++] = (byte)(0xE0 | (c >> 12));
                    buf[_pos++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    buf[_pos++] = (byte)(0x80 | (c & 0x3F));
                }
            }
        }

        private void WriteUnicodeEscape(char c)
        {
            byte[] buf = _buffer;
            buf[_pos++] = (byte)'\\';
            buf[_pos++] = (byte)'u';
            buf[_pos++] = HexDigits[(c >> 12) & 0xF];
            buf[_pos++] = HexDigits[(c >> 8) & 0xF];
            buf[_pos++] = HexDigits[(c >> 4) & 0xF];
            buf[_pos++] = HexDigits[c & 0xF];
        }
    }
}
