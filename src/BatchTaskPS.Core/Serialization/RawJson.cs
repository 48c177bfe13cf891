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
                        ctx.PushName(ctx.DecodeString(ref r));
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
            return text;
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
        }

        /// <summary>Writes stored JSON text through the sink (so that it follows the sink's formatting).</summary>
        public static void Write(JsonSink sink, string json)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(json);
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

    /// <summary>Checks that a text is exactly one JSON value.</summary>
    internal static class JsonValueCheck
    {
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
