using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization.Wire;

namespace BatchTaskPS.Serialization
{
    /// <summary>A JSON number kept as its exact text, for values no .NET number type holds exactly.</summary>
    public sealed class JsonNumber
    {
        public JsonNumber(string text)
        {
            JsonValueCheck.ThrowIfNotSingleValue(text);
            if (text.Length == 0 || !(char.IsDigit(text[0]) || text[0] == '-'))
            {
                throw new ArgumentException("Not a JSON number: " + text, nameof(text));
            }

            Text = text;
        }

        /// <summary>The number exactly as written in JSON.</summary>
        public string Text { get; }

        public override string ToString() => Text;

        public override bool Equals(object? obj) => obj is JsonNumber other && other.Text == Text;

        public override int GetHashCode() => Text.GetHashCode();
    }

    /// <summary>
    /// Plain value trees (dictionaries, lists, strings, numbers, booleans) to and from JSON. The
    /// dictionary reader (the reference's <c>from_dict</c>) writes the tree as JSON and reads that,
    /// so both paths share one set of key and type rules and report the same JSON paths.
    /// </summary>
    public static class DictionaryTree
    {
        // The characters that make a JSON number text a float rather than an integer.
        private static readonly char[] s_floatMarks = { '.', 'e', 'E' };

        /// <summary>Writes a value tree as compact JSON text.</summary>
        public static string ToJsonText(object? value)
        {
            using var sink = new JsonSink(256);
            Write(sink, value, null, 0, 1000);
            return sink.ToString();
        }

        /// <summary>Reads JSON text into a tree of ordered dictionaries, lists and scalars.</summary>
        public static object? FromJsonText(string json)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(json);
            var r = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 1000 });
            r.Read();
            return ReadTree(ref r);
        }

        /// <summary>Reads the value at the reader (moving to its last token) into a tree.</summary>
        internal static object? ReadTree(ref Utf8JsonReader r)
        {
            switch (r.TokenType)
            {
                case JsonTokenType.StartObject:
                    var map = new OrderedDictionary(StringComparer.Ordinal);
                    while (r.Read() && r.TokenType != JsonTokenType.EndObject)
                    {
                        string key = Unescape(ref r);
                        r.Read();
                        object? v = ReadTree(ref r);
                        if (map.Contains(key))
                        {
                            map[key] = v;
                        }
                        else
                        {
                            map.Add(key, v);
                        }
                    }

                    return map;
                case JsonTokenType.StartArray:
                    var list = new List<object?>();
                    while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                    {
                        list.Add(ReadTree(ref r));
                    }

                    return list;
                case JsonTokenType.String:
                    return Unescape(ref r);
                case JsonTokenType.Number:
                    return Number(r.ValueSpan);
                case JsonTokenType.True:
                    return true;
                case JsonTokenType.False:
                    return false;
                default:
                    return null;
            }
        }

        private static string Unescape(ref Utf8JsonReader r) =>
            r.ValueIsEscaped ? Utf8.TryUnescape(r.ValueSpan, out _) ?? string.Empty : Utf8.TryDecode(r.ValueSpan) ?? string.Empty;

        /// <summary>
        /// Integers become int or long, other numbers double, when that holds their value exactly;
        /// anything else (2^100, 1e400, more digits than a double keeps) stays a <see cref="JsonNumber"/>
        /// holding its exact text, so that a tree written back gives the same number.
        /// </summary>
        internal static object Number(ReadOnlySpan<byte> text)
        {
            string s = Encoding.ASCII.GetString(text.ToArray());
            bool isFloat = s.IndexOfAny(s_floatMarks) >= 0;
            if (!isFloat)
            {
                if (int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i))
                {
                    return i;
                }

                if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
                {
                    return l;
                }

                return new JsonNumber(s);
            }

            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && !double.IsInfinity(d))
            {
                string back = d.ToString("R", CultureInfo.InvariantCulture);
                bool exact = decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal original)
                    ? decimal.TryParse(back, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal again) && again == original
                    : double.Parse(back, CultureInfo.InvariantCulture).Equals(d);
                if (exact)
                {
                    return d;
                }
            }

            return new JsonNumber(s);
        }

        /// <summary>Writes a plain value (or a model) as JSON; unknown types go through the adapter.</summary>
        internal static void Write(JsonSink sink, object? value, Func<object, object?>? adapter, int depth, int maxDepth)
        {
            if (depth > maxDepth)
            {
                throw new BatchTaskReadException(ReadErrorKind.LimitExceeded,
                    "the value is nested deeper than the limit of " + maxDepth + " (MaxDepth), or refers to itself", "$", 0, 0, -1, 0);
            }

            switch (value)
            {
                case null:
                    sink.Null();
                    return;
                case string s:
                    sink.String(s);
                    return;
                case char c:
                    sink.String(c.ToString());
                    return;
                case bool b:
                    sink.Bool(b);
                    return;
                case int i:
                    sink.Number(i);
                    return;
                case long l:
                    sink.Number(l);
                    return;
                case short or byte or sbyte or ushort or uint:
                    sink.Number(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    return;
                case ulong ul:
                    sink.RawToken(Encoding.ASCII.GetBytes(ul.ToString(CultureInfo.InvariantCulture)));
                    return;
                case double d:
                    WriteFloat(sink, d);
                    return;
                case float f:
                    WriteFloat(sink, f);
                    return;
                case decimal m:
                    sink.RawToken(Encoding.ASCII.GetBytes(m.ToString(CultureInfo.InvariantCulture)));
                    return;
                case DateTime dt:
                    sink.DateTime(dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : dt);
                    return;
                case DateTimeOffset dto:
                    sink.DateTime(dto.UtcDateTime);
                    return;
                case TimeSpan ts:
                    sink.Duration(ts);
                    return;
                case IBatchEnum be:
                    sink.String(be.Value);
                    return;
                case JsonNumber jn:
                    sink.RawToken(Encoding.ASCII.GetBytes(jn.Text));
                    return;
                case Enum e:
                    sink.String(e.ToString());
                    return;
                case Guid or Uri:
                    sink.String(value.ToString()!);
                    return;
                case BatchModel model:
                    model.Info.WriteModel(sink, model, new WriteContext { KeyStyle = KeyStyle.Rest, IncludeAdditional = true });
                    return;
                case IDictionary dict:
                    sink.StartObject();
                    foreach (DictionaryEntry entry in dict)
                    {
                        sink.Name(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                        Write(sink, entry.Value, adapter, depth + 1, maxDepth);
                    }

                    sink.EndObject();
                    return;
                case IEnumerable<KeyValuePair<string, object?>> pairs:
                    sink.StartObject();
                    foreach (KeyValuePair<string, object?> kv in pairs)
                    {
                        sink.Name(kv.Key);
                        Write(sink, kv.Value, adapter, depth + 1, maxDepth);
                    }

                    sink.EndObject();
                    return;
                case IEnumerable items:
                    sink.StartArray();
                    foreach (object? item in items)
                    {
                        Write(sink, item, adapter, depth + 1, maxDepth);
                    }

                    sink.EndArray();
                    return;
            }

            object? adapted = adapter?.Invoke(value);
            if (adapted != null && !ReferenceEquals(adapted, value))
            {
                Write(sink, adapted, adapter, depth + 1, maxDepth);
                return;
            }

            // Anything else is taken as text, as the reference's str() would.
            sink.String(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
        }

        private static void WriteFloat(JsonSink sink, double d)
        {
            if (double.IsNaN(d) || double.IsInfinity(d))
            {
                // Written as text so that the reader rejects it with the path of the property.
                sink.String(d.ToString(CultureInfo.InvariantCulture));
                return;
            }

            if (Math.Floor(d) == d && Math.Abs(d) < 1e15 && !(d == 0 && BitConverter.DoubleToInt64Bits(d) < 0))
            {
                // Whole numbers from PowerShell arithmetic ([double]3) are plain integers here.
                sink.RawToken(Encoding.ASCII.GetBytes(((long)d).ToString(CultureInfo.InvariantCulture)));
                return;
            }

            sink.Number(d);
        }
    }
}
