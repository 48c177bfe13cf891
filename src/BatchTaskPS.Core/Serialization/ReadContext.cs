using System;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using BatchTaskPS.Serialization.Wire;

namespace BatchTaskPS.Serialization
{
    /// <summary>Thrown inside the reader when a streamed record is cut by the end of the buffer.</summary>
    internal sealed class NeedMoreDataException : Exception
    {
    }

    /// <summary>
    /// State for reading one record: where it sits in the input (for line and byte positions), the
    /// JSON path being read (for errors), the limits, and the typed value readers every property uses.
    /// </summary>
    internal sealed class ReadContext
    {
        private string?[] _names = new string?[16];
        private int[] _indexes = new int[16];
        private int _depth;
        private byte[] _buffer = Array.Empty<byte>();
        private int _recordStart;
        private long _recordOffset;
        private long _recordLine = 1;
        private long _recordColumn;

        public ReadContext(BatchTaskReaderOptions options)
        {
            Options = options;
        }

        public BatchTaskReaderOptions Options { get; }

        /// <summary>False while a streamed record may continue past the bytes the reader was given.</summary>
        public bool IsFinalBlock { get; set; } = true;

        /// <summary>1-based number of the record in a sequence, 0 for a single document.</summary>
        public long RecordNumber { get; set; }

        /// <summary>True when the input is a dictionary tree converted to JSON: no lines to report.</summary>
        public bool FromDictionary { get; set; }

        public JsonReaderOptions ReaderOptions => new JsonReaderOptions
        {
            MaxDepth = Options.MaxDepth,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        };

        /// <summary>Says where the record being read starts: its buffer, offset, and position in the input.</summary>
        public void BeginRecord(byte[] buffer, int start, long absoluteOffset, long line, long column)
        {
            _buffer = buffer;
            _recordStart = start;
            _recordOffset = absoluteOffset;
            _recordLine = line;
            _recordColumn = column;
            _depth = 0;
        }

        public void PushName(string name)
        {
            if (_depth == _names.Length)
            {
                Array.Resize(ref _names, _depth * 2);
                Array.Resize(ref _indexes, _depth * 2);
            }

            _names[_depth++] = name;
        }

        public void PushIndex(int index)
        {
            if (_depth == _names.Length)
            {
                Array.Resize(ref _names, _depth * 2);
                Array.Resize(ref _indexes, _depth * 2);
            }

            _names[_depth] = null;
            _indexes[_depth++] = index;
        }

        public void Pop() => _depth--;

        public string CurrentPath
        {
            get
            {
                var sb = new StringBuilder("$");
                for (int k = 0; k < _depth; k++)
                {
                    AppendSegment(sb, _names[k], _indexes[k]);
                }

                return sb.ToString();
            }
        }

        internal static void AppendSegment(StringBuilder sb, object? name, int index)
        {
            if (name is string s)
            {
                JsonPath.AppendName(sb, s);
            }
            else
            {
                JsonPath.AppendIndex(sb, index);
            }
        }

        // ---------------------------------------------------------------- token movement

        /// <summary>Moves to the next token; a streamed record cut short asks for more data.</summary>
        public void Next(ref Utf8JsonReader r)
        {
            if (!r.Read())
            {
                if (!IsFinalBlock)
                {
                    throw new NeedMoreDataException();
                }

                throw Fail(ref r, ReadErrorKind.Syntax, "the JSON ends before the task is complete");
            }
        }

        /// <summary>Skips the value at the reader (for a container, to its end), checking every token.</summary>
        public void SkipValue(ref Utf8JsonReader r)
        {
            if (r.TokenType == JsonTokenType.StartObject || r.TokenType == JsonTokenType.StartArray)
            {
                int depth = r.CurrentDepth;
                do
                {
                    Next(ref r);
                    if (r.TokenType == JsonTokenType.String || r.TokenType == JsonTokenType.PropertyName)
                    {
                        CheckString(ref r);
                    }
                }
                while (r.CurrentDepth > depth);
            }
            else if (r.TokenType == JsonTokenType.String)
            {
                CheckString(ref r);
            }
        }

        /// <summary>Checks a string or name token against the size limit and for valid UTF-8.</summary>
        public void CheckString(ref Utf8JsonReader r)
        {
            ReadOnlySpan<byte> raw = r.ValueSpan;
            if (raw.Length > Options.MaxStringBytes)
            {
                throw LimitFail(ref r);
            }

            if (r.ValueIsEscaped)
            {
                if (Utf8.TryUnescape(raw, out string? error) == null)
                {
                    throw Fail(ref r, ReadErrorKind.Syntax, "invalid string: " + error);
                }
            }
            else if (!Utf8.IsAscii(raw) && Utf8.TryDecode(raw) == null)
            {
                throw Fail(ref r, ReadErrorKind.Syntax, "the text is not valid UTF-8");
            }
        }

        /// <summary>
        /// True when the key at <paramref name="earlierKeyStart"/> (a token start in this record) is the
        /// same text as <paramref name="key"/> (unescaped): a repeated key rather than a case variant.
        /// </summary>
        public bool SameKeyAs(long earlierKeyStart, ReadOnlySpan<byte> key)
        {
            var r = new Utf8JsonReader(new ReadOnlySpan<byte>(_buffer, (int)(_recordStart + earlierKeyStart), _buffer.Length - (int)(_recordStart + earlierKeyStart)),
                new JsonReaderOptions { MaxDepth = Options.MaxDepth });
            if (!r.Read() || r.TokenType != JsonTokenType.String)
            {
                return false;
            }

            if (!r.ValueIsEscaped)
            {
                return r.ValueSpan.SequenceEqual(key);
            }

            string? earlier = Utf8.TryUnescape(r.ValueSpan, out _);
            return earlier != null && Encoding.UTF8.GetBytes(earlier).AsSpan().SequenceEqual(key);
        }

        // ---------------------------------------------------------------- typed values

        /// <summary>Decodes the current string or property-name token.</summary>
        public string DecodeString(ref Utf8JsonReader r)
        {
            ReadOnlySpan<byte> raw = r.ValueSpan;
            if (raw.Length > Options.MaxStringBytes)
            {
                throw LimitFail(ref r);
            }

            string? s;
            if (r.ValueIsEscaped)
            {
                s = Utf8.TryUnescape(raw, out string? error);
                if (s == null)
                {
                    throw Fail(ref r, ReadErrorKind.Syntax, "invalid string: " + error);
                }
            }
            else
            {
                s = Utf8.TryDecode(raw);
                if (s == null)
                {
                    throw Fail(ref r, ReadErrorKind.Syntax, "the text is not valid UTF-8");
                }
            }

            return s;
        }

        /// <summary>
        /// A string property: JSON strings as they are, numbers as their exact JSON text, null as null;
        /// booleans, arrays and objects are refused.
        /// </summary>
        public string? ReadString(ref Utf8JsonReader r)
        {
            switch (r.TokenType)
            {
                case JsonTokenType.String:
                    return DecodeString(ref r);
                case JsonTokenType.Number:
                    return Encoding.ASCII.GetString(r.ValueSpan.ToArray());
                case JsonTokenType.Null:
                    return null;
                default:
                    throw WrongType(ref r, "a string");
            }
        }

        public int? ReadInt32(ref Utf8JsonReader r)
        {
            long? v = ReadInteger(ref r, "a 32-bit integer", int.MinValue, int.MaxValue);
            return v.HasValue ? (int)v.Value : (int?)null;
        }

        public long? ReadInt64(ref Utf8JsonReader r) => ReadInteger(ref r, "a 64-bit integer", long.MinValue, long.MaxValue);

        private long? ReadInteger(ref Utf8JsonReader r, string what, long min, long max)
        {
            ReadOnlySpan<byte> digits;
            switch (r.TokenType)
            {
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.Number:
                    digits = r.ValueSpan;
                    foreach (byte b in digits)
                    {
                        if (b == (byte)'.' || b == (byte)'e' || b == (byte)'E')
                        {
                            throw Fail(ref r, ReadErrorKind.InvalidValue, "expected " + what + " but found a number with a fraction or exponent");
                        }
                    }

                    break;
                case JsonTokenType.String:
                    // The newest API sends some integers (readIOps) as strings: plain ASCII digits only.
                    digits = r.ValueSpan;
                    if (r.ValueIsEscaped || !IsPlainInteger(digits))
                    {
                        throw Fail(ref r, ReadErrorKind.InvalidValue, "expected " + what + " but found a string that is not a plain integer");
                    }

                    break;
                default:
                    throw WrongType(ref r, what);
            }

            if (!Utf8Parser.TryParse(digits, out long value, out int used) || used != digits.Length || value < min || value > max)
            {
                throw Fail(ref r, ReadErrorKind.InvalidValue, "the number is out of range for " + what);
            }

            return value;
        }

        private static bool IsPlainInteger(ReadOnlySpan<byte> s)
        {
            int i = s.Length > 0 && s[0] == (byte)'-' ? 1 : 0;
            if (i >= s.Length)
            {
                return false;
            }

            for (; i < s.Length; i++)
            {
                if (s[i] < (byte)'0' || s[i] > (byte)'9')
                {
                    return false;
                }
            }

            return true;
        }

        public double? ReadDouble(ref Utf8JsonReader r)
        {
            switch (r.TokenType)
            {
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.Number:
                    if (!r.TryGetDouble(out double d) || double.IsInfinity(d) || double.IsNaN(d))
                    {
                        throw Fail(ref r, ReadErrorKind.InvalidValue, "the number is out of range for a 64-bit float");
                    }

                    return d;
                case JsonTokenType.String:
                    ReadOnlySpan<byte> s = r.ValueSpan;
                    if (r.ValueIsEscaped || !IsPlainDecimal(s) ||
                        !Utf8Parser.TryParse(s, out double parsed, out int used) || used != s.Length ||
                        double.IsInfinity(parsed) || double.IsNaN(parsed))
                    {
                        throw Fail(ref r, ReadErrorKind.InvalidValue, "expected a number but found a string that is not a plain finite number");
                    }

                    return parsed;
                default:
                    throw WrongType(ref r, "a number");
            }
        }

        private static bool IsPlainDecimal(ReadOnlySpan<byte> s)
        {
            if (s.Length == 0)
            {
                return false;
            }

            bool digit = false;
            for (int i = 0; i < s.Length; i++)
            {
                byte b = s[i];
                if (b >= (byte)'0' && b <= (byte)'9')
                {
                    digit = true;
                }
                else if (!(b == (byte)'.' || b == (byte)'e' || b == (byte)'E' || ((b == (byte)'-' || b == (byte)'+') && (i == 0 || s[i - 1] == (byte)'e' || s[i - 1] == (byte)'E'))))
                {
                    return false;
                }
            }

            return digit;
        }

        public bool? ReadBool(ref Utf8JsonReader r)
        {
            switch (r.TokenType)
            {
                case JsonTokenType.True:
                    return true;
                case JsonTokenType.False:
                    return false;
                case JsonTokenType.Null:
                    return null;
                default:
                    throw WrongType(ref r, "true or false");
            }
        }

        public DateTime? ReadDateTime(ref Utf8JsonReader r)
        {
            if (r.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (r.TokenType != JsonTokenType.String)
            {
                throw WrongType(ref r, "a date-time string");
            }

            string? error = DateTimeFormat.TryParse(AsciiValue(ref r), out DateTime value);
            if (error != null)
            {
                throw Fail(ref r, ReadErrorKind.InvalidValue, "invalid date-time: " + error);
            }

            return value;
        }

        public TimeSpan? ReadDuration(ref Utf8JsonReader r)
        {
            if (r.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (r.TokenType != JsonTokenType.String)
            {
                throw WrongType(ref r, "an ISO 8601 duration string");
            }

            string? error = DurationFormat.TryParse(AsciiValue(ref r), out TimeSpan value);
            if (error != null)
            {
                throw Fail(ref r, ReadErrorKind.InvalidValue, "invalid duration: " + error);
            }

            return value;
        }

        private ReadOnlySpan<byte> AsciiValue(ref Utf8JsonReader r)
        {
            if (!r.ValueIsEscaped)
            {
                return r.ValueSpan;
            }

            string s = DecodeString(ref r);
            byte[] bytes = new byte[s.Length];
            for (int k = 0; k < s.Length; k++)
            {
                bytes[k] = s[k] < 0x80 ? (byte)s[k] : (byte)'?';
            }

            return bytes;
        }

        // ---------------------------------------------------------------- errors

        public BatchTaskReadException WrongType(ref Utf8JsonReader r, string expected)
        {
            return Fail(ref r, ReadErrorKind.WrongType, "expected " + expected + " but found " + Describe(r.TokenType));
        }

        private BatchTaskReadException LimitFail(ref Utf8JsonReader r)
        {
            return Fail(ref r, ReadErrorKind.LimitExceeded,
                "a string is longer than the limit of " + Options.MaxStringBytes + " bytes (MaxStringBytes)");
        }

        internal static string Describe(JsonTokenType t)
        {
            switch (t)
            {
                case JsonTokenType.StartObject: return "an object";
                case JsonTokenType.StartArray: return "an array";
                case JsonTokenType.String: return "a string";
                case JsonTokenType.Number: return "a number";
                case JsonTokenType.True:
                case JsonTokenType.False: return "a boolean";
                case JsonTokenType.Null: return "null";
                default: return "'" + t + "'";
            }
        }

        /// <summary>An error at the token the reader stands on.</summary>
        public BatchTaskReadException Fail(ref Utf8JsonReader r, ReadErrorKind kind, string reason)
        {
            return FailAt(r.TokenStartIndex, kind, reason);
        }

        /// <summary>An error at a byte offset relative to the record's start.</summary>
        public BatchTaskReadException FailAt(long offsetInRecord, ReadErrorKind kind, string reason, Exception? inner = null)
        {
            if (FromDictionary)
            {
                return new BatchTaskReadException(kind, reason, CurrentPath, 0, 0, -1, RecordNumber, inner);
            }

            Locate(offsetInRecord, out long line, out long column);
            return new BatchTaskReadException(kind, reason, CurrentPath, line, column, _recordOffset + offsetInRecord, RecordNumber, inner);
        }

        /// <summary>Turns a System.Text.Json syntax error into the library's error, with our path and position.</summary>
        public BatchTaskReadException FromJsonException(JsonException e)
        {
            string message = e.Message;
            int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut < 0)
            {
                cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            }

            if (cut > 0)
            {
                message = message.Substring(0, cut).TrimEnd(' ', '|');
            }

            ReadErrorKind kind = ReadErrorKind.Syntax;
            if (message.IndexOf("depth", StringComparison.OrdinalIgnoreCase) >= 0 &&
                (message.IndexOf("exceeded", StringComparison.OrdinalIgnoreCase) >= 0 || message.IndexOf("maximum", StringComparison.OrdinalIgnoreCase) >= 0))
            {
                kind = ReadErrorKind.LimitExceeded;
                message = "the JSON is nested deeper than the limit of " + Options.MaxDepth + " (MaxDepth)";
            }
            else if (message.IndexOf("Expected depth to be zero", StringComparison.Ordinal) >= 0)
            {
                message = "invalid JSON: the input ends before an object or array is closed";
            }
            else
            {
                message = "invalid JSON: " + message.TrimEnd('.');
            }

            // Find the byte offset of (LineNumber, BytePositionInLine) inside the record.
            long lineInRecord = e.LineNumber ?? 0;
            long pos = e.BytePositionInLine ?? 0;
            long offset = 0;
            for (long seen = 0; seen < lineInRecord && _recordStart + offset < _buffer.Length; offset++)
            {
                if (_buffer[_recordStart + offset] == (byte)'\n')
                {
                    seen++;
                }
            }

            return FailAt(offset + pos, kind, message, e);
        }

        private void Locate(long offsetInRecord, out long line, out long column)
        {
            line = _recordLine;
            long lastNewline = -1;
            long end = Math.Min(_recordStart + offsetInRecord, _buffer.Length);
            for (long k = _recordStart; k < end; k++)
            {
                if (_buffer[k] == (byte)'\n')
                {
                    line++;
                    lastNewline = k;
                }
            }

            column = lastNewline < 0 ? _recordColumn + offsetInRecord + 1 : (_recordStart + offsetInRecord) - lastNewline;
        }
    }
}
