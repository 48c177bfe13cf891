using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace BatchTaskPS.IO
{
    /// <summary>
    /// Writes a changed JSON document back in the layout of the file it came from, touching only what changed,
    /// so that updating a file in place gives a small diff.
    /// </summary>
    /// <remarks>
    /// <para><see cref="Rewrite"/> takes the file's bytes and two compact JSON texts written by the same writer:
    /// the document as it was read (<c>before</c>) and as it is now (<c>after</c>). Members whose value is the
    /// same before and after are copied from the file byte for byte (their spelling, spacing and inline
    /// one-line objects included); a changed object is merged member by member; a changed value of another
    /// kind, or a new member, is written in the file's style: its indentation unit (two or four spaces, a tab,
    /// ...), its line ending (CRLF or LF), compact where the surrounding object is on one line. A new member
    /// goes after the member that precedes it in <c>after</c>. Whatever stands before and after the root value
    /// (a final newline or none) and the encoding (UTF-8 with or without a byte order mark, UTF-16 with one)
    /// are kept.</para>
    /// <para>Where the file's members cannot be matched to <c>before</c> one to one (keys spelled another way,
    /// explicit nulls, duplicate keys), that object is written whole in the file's style instead.</para>
    /// </remarks>
    internal static class JsonLayout
    {
        private static readonly UTF8Encoding s_utf8 = new UTF8Encoding(false);

        // Members looked up by key on this thread (one per dictionary look-up or insertion), for tests that prove a
        // rewrite linear in the number of members by counting it instead of timing it. Only diagnostic; never reset here.
        [ThreadStatic]
        internal static long t_keyLookups;

        /// <summary>The layout found in a file.</summary>
        internal sealed class Style
        {
            public string NewLine { get; set; } = "\n";

            public string Indent { get; set; } = "  ";

            public string KeySeparator { get; set; } = ": ";

            /// <summary>Whether the root object spreads over several lines.</summary>
            public bool MultiLine { get; set; }
        }

        /// <summary>
        /// The new file: <paramref name="after"/> in the layout of <paramref name="original"/>, which held
        /// <paramref name="before"/>. With <paramref name="before"/> null, <paramref name="after"/> is written whole
        /// in the file's style (indentation, line endings, what surrounds the document, encoding).
        /// </summary>
        public static byte[] Rewrite(byte[] original, byte[]? before, byte[] after)
        {
            UnicodeEncoding? encoding = DetectEncoding(original, out int preamble);
            byte[] source = encoding == null ? Slice(original, preamble, original.Length - preamble) : s_utf8.GetBytes(encoding.GetString(original, preamble, original.Length - preamble));
            byte[] text;
            Node? root = Parse(source);
            Node? beforeRoot = before == null ? null : Parse(before);
            Node? afterRoot = Parse(after);
            if (afterRoot == null)
            {
                throw new ArgumentException("The new document is not JSON.", nameof(after));
            }

            var output = new MemoryStream(source.Length + 256);
            if (root == null)
            {
                // Not JSON that System.Text.Json reads (the caller read it, so this is rare): two-space indentation.
                Format(output, after, afterRoot, new Style { MultiLine = true }, string.Empty, multiLine: true);
                text = output.ToArray();
            }
            else
            {
                Style style = Detect(source, root);
                var merger = new Merger(source, before ?? after, after, style);
                output.Write(source, 0, root.Start);
                if (beforeRoot != null && !SameBytes(before!, beforeRoot, after, afterRoot))
                {
                    merger.Merge(output, root, beforeRoot, afterRoot, string.Empty, style.MultiLine);
                }
                else if (beforeRoot == null)
                {
                    Format(output, after, afterRoot, style, string.Empty, style.MultiLine);
                }
                else
                {
                    output.Write(source, root.Start, root.End - root.Start);
                }

                output.Write(source, root.End, source.Length - root.End);
                text = output.ToArray();
            }

            if (encoding == null)
            {
                if (preamble == 0)
                {
                    return text;
                }

                byte[] withBom = new byte[text.Length + preamble];
                Array.Copy(original, withBom, preamble);
                Array.Copy(text, 0, withBom, preamble, text.Length);
                return withBom;
            }

            byte[] bom = encoding.GetPreamble();
            byte[] body = encoding.GetBytes(s_utf8.GetString(text));
            byte[] all = new byte[bom.Length + body.Length];
            Array.Copy(bom, all, bom.Length);
            Array.Copy(body, 0, all, bom.Length, body.Length);
            return all;
        }

        /// <summary>The layout of a UTF-8 JSON document (no byte order mark): line ending, indentation unit, key separator.</summary>
        public static Style Detect(byte[] utf8)
        {
            Node? root = Parse(utf8);
            return root == null ? new Style() : Detect(utf8, root);
        }

        private static Style Detect(byte[] source, Node root)
        {
            var style = new Style();
            int newline = Array.IndexOf(source, (byte)'\n', root.Start, root.End - root.Start);
            style.MultiLine = newline >= 0;
            int anyNewline = newline >= 0 ? newline : Array.IndexOf(source, (byte)'\n');
            if (anyNewline > 0 && source[anyNewline - 1] == (byte)'\r')
            {
                style.NewLine = "\r\n";
            }

            Node? first = root.Members != null && root.Members.Count > 0 ? root.Members[0].Value : null;
            if (root.Members != null && root.Members.Count > 0)
            {
                Member m = root.Members[0];
                style.KeySeparator = Text(source, m.KeyEnd, m.Value.Start);
                if (style.MultiLine)
                {
                    string gap = Text(source, root.Start + 1, m.KeyStart);
                    int nl = gap.LastIndexOf('\n');
                    string indent = nl >= 0 ? gap.Substring(nl + 1) : string.Empty;
                    if (indent.Length > 0 && indent.Trim().Length == 0)
                    {
                        style.Indent = indent;
                    }
                }
            }

            if (first == null && root.Items != null && root.Items.Count > 0 && style.MultiLine)
            {
                string gap = Text(source, root.Start + 1, root.Items[0].Start);
                int nl = gap.LastIndexOf('\n');
                string indent = nl >= 0 ? gap.Substring(nl + 1) : string.Empty;
                if (indent.Length > 0 && indent.Trim().Length == 0)
                {
                    style.Indent = indent;
                }
            }

            if (style.KeySeparator.Trim() != ":")
            {
                style.KeySeparator = ": ";
            }

            return style;
        }

        private static UnicodeEncoding? DetectEncoding(byte[] bytes, out int preamble)
        {
            if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            {
                preamble = 3;
                return null;
            }

            if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
            {
                preamble = 2;
                return new UnicodeEncoding(bigEndian: false, byteOrderMark: true);
            }

            if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
            {
                preamble = 2;
                return new UnicodeEncoding(bigEndian: true, byteOrderMark: true);
            }

            preamble = 0;
            return null;
        }

        private static byte[] Slice(byte[] bytes, int start, int length)
        {
            if (start == 0 && length == bytes.Length)
            {
                return bytes;
            }

            byte[] copy = new byte[length];
            Array.Copy(bytes, start, copy, 0, length);
            return copy;
        }

        private static string Text(byte[] source, int start, int end) => s_utf8.GetString(source, start, end - start);

        private static bool SameBytes(byte[] a, Node na, byte[] b, Node nb)
        {
            int length = na.End - na.Start;
            if (length != nb.End - nb.Start)
            {
                return false;
            }

            for (int k = 0; k < length; k++)
            {
                if (a[na.Start + k] != b[nb.Start + k])
                {
                    return false;
                }
            }

            return true;
        }

        private static void Write(Stream output, string text)
        {
            byte[] bytes = s_utf8.GetBytes(text);
            output.Write(bytes, 0, bytes.Length);
        }

        /// <summary>Writes <paramref name="node"/> of <paramref name="source"/> in the file's style: compact, or one member or item per line.</summary>
        private static void Format(Stream output, byte[] source, Node node, Style style, string indent, bool multiLine)
        {
            if (!multiLine || node.Kind == NodeKind.Value || node.Count == 0)
            {
                output.Write(source, node.Start, node.End - node.Start);
                return;
            }

            string inner = indent + style.Indent;
            output.WriteByte(node.Kind == NodeKind.Object ? (byte)'{' : (byte)'[');
            for (int k = 0; k < node.Count; k++)
            {
                Write(output, (k == 0 ? string.Empty : ",") + style.NewLine + inner);
                if (node.Kind == NodeKind.Object)
                {
                    Member m = node.Members![k];
                    output.Write(source, m.KeyStart, m.KeyEnd - m.KeyStart);
                    Write(output, style.KeySeparator);
                    Format(output, source, m.Value, style, inner, multiLine);
                }
                else
                {
                    Format(output, source, node.Items![k], style, inner, multiLine);
                }
            }

            Write(output, style.NewLine + indent);
            output.WriteByte(node.Kind == NodeKind.Object ? (byte)'}' : (byte)']');
        }

        /// <summary>Parses <paramref name="utf8"/> into nodes with their byte spans; null when it is not one JSON value.</summary>
        private static Node? Parse(byte[] utf8)
        {
            try
            {
                var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 1024, CommentHandling = JsonCommentHandling.Disallow });
                if (!reader.Read())
                {
                    return null;
                }

                Node root = ReadNode(ref reader);
                return reader.Read() ? null : root;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static Node ReadNode(ref Utf8JsonReader reader)
        {
            int start = (int)reader.TokenStartIndex;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                {
                    var node = new Node(NodeKind.Object, start) { Members = new List<Member>() };
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        // The raw (escaped) text of the key sits between its quotes.
                        int keyStart = (int)reader.TokenStartIndex;
                        int keyEnd = keyStart + reader.ValueSpan.Length + 2;
                        reader.Read();
                        node.Members.Add(new Member(keyStart, keyEnd, ReadNode(ref reader)));
                    }

                    node.End = (int)reader.TokenStartIndex + 1;
                    return node;
                }

                case JsonTokenType.StartArray:
                {
                    var node = new Node(NodeKind.Array, start) { Items = new List<Node>() };
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        node.Items.Add(ReadNode(ref reader));
                    }

                    node.End = (int)reader.TokenStartIndex + 1;
                    return node;
                }

                case JsonTokenType.String:
                    return new Node(NodeKind.Value, start) { End = start + reader.ValueSpan.Length + 2 };

                default:
                    return new Node(NodeKind.Value, start) { End = start + reader.ValueSpan.Length };
            }
        }

        private enum NodeKind
        {
            Value,
            Object,
            Array,
        }

        private sealed class Node
        {
            public Node(NodeKind kind, int start)
            {
                Kind = kind;
                Start = start;
            }

            public NodeKind Kind { get; }

            public int Start { get; }

            public int End { get; set; }

            public List<Member>? Members { get; set; }

            public List<Node>? Items { get; set; }

            public int Count => Members?.Count ?? Items?.Count ?? 0;
        }

        private sealed class Member
        {
            public Member(int keyStart, int keyEnd, Node value)
            {
                KeyStart = keyStart;
                KeyEnd = keyEnd;
                Value = value;
            }

            /// <summary>The key's opening quote.</summary>
            public int KeyStart { get; }

            /// <summary>Just after the key's closing quote.</summary>
            public int KeyEnd { get; }

            public Node Value { get; }
        }

        /// <summary>Copies the file where nothing changed and writes the changes in its style.</summary>
        private sealed class Merger
        {
            private readonly byte[] _source;
            private readonly byte[] _before;
            private readonly byte[] _after;
            private readonly Style _style;

            public Merger(byte[] source, byte[] before, byte[] after, Style style)
            {
                _source = source;
                _before = before;
                _after = after;
                _style = style;
            }

            /// <summary>
            /// Writes the new version of <paramref name="file"/> (which held <paramref name="old"/>, now
            /// <paramref name="now"/>, known to differ). <paramref name="indent"/> is the indentation of the line the
            /// value stands on; <paramref name="multiLine"/> whether its surroundings spread over lines.
            /// </summary>
            public void Merge(Stream output, Node file, Node old, Node now, string indent, bool multiLine)
            {
                Dictionary<string, int>? oldKeys = old.Kind == NodeKind.Object ? Keys(old, _before) : null;
                if (file.Kind != NodeKind.Object || oldKeys == null || now.Kind != NodeKind.Object || !Matches(file, old, oldKeys))
                {
                    bool spread = file.Kind == NodeKind.Value || file.Count == 0
                        ? multiLine
                        : Array.IndexOf(_source, (byte)'\n', file.Start, file.End - file.Start) >= 0;
                    Format(output, _after, now, _style, indent, spread);
                    return;
                }

                List<Member> members = file.Members!;
                string openGap = Text(_source, file.Start + 1, members[0].KeyStart);
                string closeGap = Text(_source, members[members.Count - 1].Value.End, file.End - 1);
                bool spreadOut = openGap.IndexOf('\n') >= 0;
                string memberIndent = spreadOut ? openGap.Substring(openGap.LastIndexOf('\n') + 1) : indent;
                string keySeparator = Text(_source, members[0].KeyEnd, members[0].Value.Start);
                string separator = spreadOut
                    ? "," + _style.NewLine + memberIndent
                    : members.Count > 1 ? Text(_source, members[0].Value.End, members[1].KeyStart) : ",";

                // The members in their new order: the file's, less the removed ones, with new ones placed after
                // the member that precedes them in the new document.
                // Every member of the new document that the old one has is among the file's (Matches), so a new
                // member's predecessor in the new document is placed before it is: new members follow it in a run.
                // Keys are looked up in dictionaries, so this is linear in the number of members.
                Dictionary<string, int> nowKeys = Keys(now, _after);
                List<Member> nowMembers = now.Members!;
                var added = new bool[nowMembers.Count];
                for (int n = 0; n < nowMembers.Count; n++)
                {
                    added[n] = IndexOf(oldKeys, _after, nowMembers[n]) < 0;
                }

                var order = new List<(int File, int Old, int Now)>(nowMembers.Count);
                AddRun(order, added, 0);
                for (int f = 0; f < members.Count; f++)
                {
                    int o = IndexOf(oldKeys, _source, members[f]);
                    int n = IndexOf(nowKeys, _before, old.Members![o]);
                    if (n >= 0)
                    {
                        order.Add((f, o, n));
                        AddRun(order, added, n + 1);
                    }
                }

                output.WriteByte((byte)'{');
                if (order.Count == 0)
                {
                    output.WriteByte((byte)'}');
                    return;
                }

                Write(output, openGap);
                for (int k = 0; k < order.Count; k++)
                {
                    (int f, int o, int n) = order[k];
                    if (k > 0)
                    {
                        int previous = order[k - 1].File;
                        if (f > 0 && previous == f - 1)
                        {
                            output.Write(_source, members[previous].Value.End, members[f].KeyStart - members[previous].Value.End);
                        }
                        else
                        {
                            Write(output, separator);
                        }
                    }

                    Member nowMember = nowMembers[n];
                    if (f < 0)
                    {
                        output.Write(_after, nowMember.KeyStart, nowMember.KeyEnd - nowMember.KeyStart);
                        Write(output, keySeparator);
                        Format(output, _after, nowMember.Value, _style, memberIndent, spreadOut);
                        continue;
                    }

                    Member fileMember = members[f];
                    Node oldValue = old.Members![o].Value;
                    if (SameBytes(_before, oldValue, _after, nowMember.Value))
                    {
                        output.Write(_source, fileMember.KeyStart, fileMember.Value.End - fileMember.KeyStart);
                    }
                    else
                    {
                        output.Write(_source, fileMember.KeyStart, fileMember.Value.Start - fileMember.KeyStart);
                        Merge(output, fileMember.Value, oldValue, nowMember.Value, memberIndent, spreadOut);
                    }
                }

                Write(output, closeGap);
                output.WriteByte((byte)'}');
            }

            /// <summary>The new members from <paramref name="n"/> on, up to the first that is not new.</summary>
            private static void AddRun(List<(int File, int Old, int Now)> order, bool[] added, int n)
            {
                for (; n < added.Length && added[n]; n++)
                {
                    order.Add((-1, -1, n));
                }
            }

            /// <summary>True when the file's object has exactly the keys of the one read from it, each once.</summary>
            private bool Matches(Node file, Node old, Dictionary<string, int> oldKeys)
            {
                if (file.Count == 0 || file.Count != old.Count)
                {
                    return false;
                }

                var seen = new bool[old.Count];
                foreach (Member m in file.Members!)
                {
                    int o = IndexOf(oldKeys, _source, m);
                    if (o < 0 || seen[o])
                    {
                        return false;
                    }

                    seen[o] = true;
                }

                return true;
            }

            /// <summary>The index of the first member of an object with each key (its bytes as written, quotes included).</summary>
            private static Dictionary<string, int> Keys(Node obj, byte[] source)
            {
                List<Member> members = obj.Members ?? new List<Member>();
                var keys = new Dictionary<string, int>(members.Count, StringComparer.Ordinal);
                for (int k = 0; k < members.Count; k++)
                {
                    string key = KeyBytes(source, members[k]);
                    t_keyLookups++;
                    if (!keys.ContainsKey(key))
                    {
                        keys.Add(key, k);
                    }
                }

                return keys;
            }

            /// <summary>Where the object of <paramref name="keys"/> has the key of <paramref name="key"/> (same bytes), or -1.</summary>
            private static int IndexOf(Dictionary<string, int> keys, byte[] keySource, Member key)
            {
                t_keyLookups++;
                return keys.TryGetValue(KeyBytes(keySource, key), out int k) ? k : -1;
            }

            /// <summary>A key's bytes, one character per byte (so that two keys are equal exactly when their bytes are).</summary>
            private static string KeyBytes(byte[] source, Member member)
            {
                var chars = new char[member.KeyEnd - member.KeyStart];
                for (int k = 0; k < chars.Length; k++)
                {
                    chars[k] = (char)source[member.KeyStart + k];
                }

                return new string(chars);
            }
        }
    }
}
