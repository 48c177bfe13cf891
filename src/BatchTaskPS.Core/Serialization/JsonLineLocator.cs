using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BatchTaskPS.Serialization
{
    /// <summary>
    /// Finds the line of a JSON path inside one record of a text (for messages that name file and line): the
    /// line of the property at the path, or of the nearest enclosing property that is there (a missing required
    /// property is reported at the object that lacks it).
    /// </summary>
    public static class JsonLineLocator
    {
        /// <summary>
        /// The 1-based line of <paramref name="path"/> (<c>$.outputFiles[0].destination</c>) in the JSON value that
        /// starts at <paramref name="byteOffset"/> of <paramref name="utf8"/>; 0 when the text cannot be read there.
        /// </summary>
        public static long LineOf(byte[] utf8, long byteOffset, string path)
        {
            if (utf8 == null || path == null || byteOffset < 0 || byteOffset >= utf8.Length)
            {
                return 0;
            }

            int start = (int)byteOffset;
            long line = 1;
            for (int i = 0; i < start; i++)
            {
                if (utf8[i] == (byte)'\n')
                {
                    line++;
                }
            }

            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(utf8, start, utf8.Length - start), new JsonReaderOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
                MaxDepth = 256,
            });

            // The current path as segments; arrays count their items.
            var segments = new List<string>();
            var arrayIndex = new List<int>();
            string? pendingName = null;
            long bestLine = line;
            int bestLength = 0;
            int counted = 0;
            long currentLine = line;
            try
            {
                while (reader.Read())
                {
                    int at = (int)reader.TokenStartIndex;
                    for (; counted < at; counted++)
                    {
                        if (utf8[start + counted] == (byte)'\n')
                        {
                            currentLine++;
                        }
                    }

                    switch (reader.TokenType)
                    {
                        case JsonTokenType.PropertyName:
                            pendingName = reader.GetString();
                            string candidate = Join(segments) + "." + pendingName;
                            Match(candidate, path, currentLine, ref bestLine, ref bestLength);
                            continue;
                        case JsonTokenType.StartObject:
                        case JsonTokenType.StartArray:
                            Enter(segments, arrayIndex, ref pendingName, path, currentLine, ref bestLine, ref bestLength);
                            arrayIndex.Add(reader.TokenType == JsonTokenType.StartArray ? 0 : -1);
                            break;
                        case JsonTokenType.EndObject:
                        case JsonTokenType.EndArray:
                            arrayIndex.RemoveAt(arrayIndex.Count - 1);
                            if (segments.Count > 0 && arrayIndex.Count > 0)
                            {
                                segments.RemoveAt(segments.Count - 1);
                            }

                            if (arrayIndex.Count == 0)
                            {
                                return bestLine;
                            }

                            Advance(arrayIndex);
                            break;
                        default:
                            // A scalar value: an array item at its own index.
                            if (arrayIndex.Count > 0 && arrayIndex[arrayIndex.Count - 1] >= 0)
                            {
                                Match(Join(segments) + "[" + arrayIndex[arrayIndex.Count - 1].ToString(CultureInfo.InvariantCulture) + "]", path, currentLine, ref bestLine, ref bestLength);
                            }

                            pendingName = null;
                            Advance(arrayIndex);
                            if (arrayIndex.Count == 0)
                            {
                                return bestLine;
                            }

                            break;
                    }
                }
            }
            catch (JsonException)
            {
                // What was read so far still tells the line.
            }

            return bestLine;
        }

        private static void Enter(List<string> segments, List<int> arrayIndex, ref string? pendingName, string path, long line, ref long bestLine, ref int bestLength)
        {
            if (arrayIndex.Count == 0)
            {
                return; // the record itself is "$"
            }

            int index = arrayIndex[arrayIndex.Count - 1];
            string segment = index >= 0 ? "[" + index.ToString(CultureInfo.InvariantCulture) + "]" : "." + pendingName;
            segments.Add(segment);
            pendingName = null;
            Match(Join(segments), path, line, ref bestLine, ref bestLength);
        }

        private static void Advance(List<int> arrayIndex)
        {
            int last = arrayIndex.Count - 1;
            if (last >= 0 && arrayIndex[last] >= 0)
            {
                arrayIndex[last]++;
            }
        }

        private static string Join(List<string> segments)
        {
            var sb = new StringBuilder("$");
            foreach (string s in segments)
            {
                sb.Append(s);
            }

            return sb.ToString();
        }

        // The longest path that is the target or an ancestor of it wins; its first appearance gives the line.
        private static void Match(string candidate, string path, long line, ref long bestLine, ref int bestLength)
        {
            bool ancestor = candidate.Length <= path.Length && path.StartsWith(candidate, StringComparison.Ordinal) &&
                (candidate.Length == path.Length || path[candidate.Length] == '.' || path[candidate.Length] == '[');
            if (ancestor && candidate.Length > bestLength)
            {
                bestLength = candidate.Length;
                bestLine = line;
            }
        }
    }
}
