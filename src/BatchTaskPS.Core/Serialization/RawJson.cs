using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using BatchTaskPS.Serialization.Wire;

namespace BatchTaskPS.Serialization
{
    /// <summary>
    /// Unknown property values held as JSON text. Captured in a compact canonical form (strings keep
    /// their exact escapes, numbers their exact digits) so they compare equal after any round trip, and
    /// written back token by token so compact and indented output both come out right.
    /// </summary>
    internal static class RawJson
    {
        [ThreadStatic]
        private static JsonSink? t_scratch;

        /// <summary>Captures the value at the reader (moving to its last token) as compact JSON text.</summary>
        public static string Capture(ref Utf8JsonReader r, ReadContext ctx)
        {
            switch (r.TokenType)
            {
                case JsonTokenType.Number:
                case JsonTokenType.True:
                case JsonTokenType.False:
                case JsonTokenType.Null:
                    return Encoding.ASCII.GetString(r.ValueSpan.ToArray());
                case JsonTokenType.String:
                    ctx.CheckString(ref r);
                    return "\"" + Utf8.TryDecode(r.ValueSpan) + "\"";
            }

            JsonSink sink = t_scratch ??= new JsonSink(1024);
            sink.Reset();

            // One entry per open container: is it an array, its next index, and whether a path
            // segment (name or index) of it is on the context's path, for errors deep inside.
            var levels = new List<Level>(8) { new Level(r.TokenType == JsonTokenType.StartArray) };
            bool repeated = false;
            CopyToken(ref r, sink, ctx);
            while (levels.Count > 0)
            {
                ctx.Next(ref r);
                Level top = levels[levels.Count - 1];
                JsonTokenType t = r.TokenType;
                if (t == JsonTokenType.EndObject || t == JsonTokenType.EndArray)
                {
                    if (top.Pushed)
                    {
                        ctx.Pop();
                    }

                    levels.RemoveAt(levels.Count - 1);
                    CopyToken(ref r, sink, ctx);
                    continue;
                }

                if (top.IsArray || t == JsonTokenType.PropertyName)
                {
                    if (top.Pushed)
                    {
                        ctx.Pop();
                    }

                    if (top.IsArray)
                    {
                        ctx.PushIndex(top.Next++);
                    }
                    else
                    {
                        string name = ctx.DecodeString(ref r);
                        repeated |= !(top.Names ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
                        ctx.PushName(name);
                    }

                    top.Pushed = true;
                }

                CopyToken(ref r, sink, ctx);
                if (t == JsonTokenType.StartObject || t == JsonTokenType.StartArray)
                {
                    levels.Add(new Level(t == JsonTokenType.StartArray));
                }
            }

            string text = sink.ToString();
            sink.Reset();

            // A key repeated inside one object: keep the last value in the first place, as a JSON
            // object read does everywhere else (rare, so the slower tree round trip is fine here).
            return repeated ? DictionaryTree.ToJsonText(DictionaryTree.FromJsonText(text)) : text;
        }

        private sealed class Level
        {
            public Level(bool isArray)
            {
                IsArray = isArray;
            }

            public bool IsArray { get; }

            public int Next { get; set; }

            public bool Pushed { get; set; }

            public HashSet<string>? Names { get; set; }
        }

        /// <summary>
        /// Writes stored JSON text through the sink (so that it follows the sink's formatting). Text the
        /// reader captured is already compact and canonical: compact output copies it as it is.
        /// </summary>
        public static void Write(JsonSink sink, string json, bool compactCanonical = false)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(json);
            if (compactCanonical && !sink.Indented)
            {
                sink.RawValue(bytes);
                return;
            }

            var r = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 1000 });
            while (r.Read())
            {
                CopyToken(ref r, sink, null);
            }
        }

        private static void CopyToken(ref Utf8JsonReader r, JsonSink sink, ReadContext? ctx)
        {
            switch (r.TokenType)
            {
                case JsonTokenType.StartObject:
                    sink.StartObject();
                    break;
                case JsonTokenType.EndObject:
                    sink.EndObject();
                    break;
                case JsonTokenType.StartArray:
                    sink.StartArray();
                    break;
                case JsonTokenType.EndArray:
                    sink.EndArray();
                    break;
                case JsonTokenType.PropertyName:
                    ctx?.CheckString(ref r);
                    sink.RawName(r.ValueSpan);
                    break;
                case JsonTokenType.String:
                    ctx?.CheckString(ref r);
                    sink.RawStringBody(r.ValueSpan);
                    break;
                default:
                    sink.RawToken(r.ValueSpan);
                    break;
            }
        }
    }

    /// <summary>Checks that a text is exactly one JSON value; compares two JSON values.</summary>
    internal static class JsonValueCheck
    {
        /// <summary>
        /// True when two JSON texts hold the same value: the same structure and key order, strings
        /// equal once unescaped, numbers equal by value (1e-07 and 1E-07, 2.50 and 2.5).
        /// </summary>
        public static bool SameValue(string a, string b)
        {
            var x = new Utf8JsonReader(Encoding.UTF8.GetBytes(a), new JsonReaderOptions { MaxDepth = 1000 });
            var y = new Utf8JsonReader(Encoding.UTF8.GetBytes(b), new JsonReaderOptions { MaxDepth = 1000 });
            while (true)
            {
                bool more = x.Read();
                if (more != y.Read())
                {
                    return false;
                }

                if (!more)
                {
                    return true;
                }

                if (x.TokenType != y.TokenType)
                {
                    return false;
                }

                switch (x.TokenType)
                {
                    case JsonTokenType.PropertyName:
                    case JsonTokenType.String:
                        if (!string.Equals(Text(ref x), Text(ref y), StringComparison.Ordinal))
                        {
                            return false;
                        }

                        break;
                    case JsonTokenType.Number:
                        if (!x.ValueSpan.SequenceEqual(y.ValueSpan) && !SameNumber(ref x, ref y))
                        {
                            return false;
                        }

                        break;
                }
            }
        }

        private static string? Text(ref Utf8JsonReader r) =>
            r.ValueIsEscaped ? Utf8.TryUnescape(r.ValueSpan, out _) : Utf8.TryDecode(r.ValueSpan);

        private static bool SameNumber(ref Utf8JsonReader x, ref Utf8JsonReader y)
        {
            if (x.TryGetDecimal(out decimal p) && y.TryGetDecimal(out decimal q))
            {
                return p == q;
            }

            return x.TryGetDouble(out double d) && y.TryGetDouble(out double e) && d.Equals(e);
        }

        public static void ThrowIfNotSingleValue(string json)
        {
            if (json == null)
            {
                throw new ArgumentNullException(nameof(json));
            }

            try
            {
                var r = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { MaxDepth = 1000 });
                if (!r.Read())
                {
                    throw new ArgumentException("The text is not a JSON value.", nameof(json));
                }

                r.Skip();
                if (r.Read())
                {
                    throw new ArgumentException("The text holds more than one JSON value.", nameof(json));
                }
            }
            catch (JsonException e)
            {
                throw new ArgumentException("The text is not valid JSON: " + e.Message, nameof(json), e);
            }
        }
    }
}
