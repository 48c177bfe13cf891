using System.Text;
using BatchTaskPS.IO;
using Xunit;

namespace BatchTaskPS.Tests.IO
{
    public sealed class JsonLayoutTests
    {
        private static readonly UTF8Encoding s_utf8 = new UTF8Encoding(false);

        private static string Rewrite(string file, string? before, string after) =>
            s_utf8.GetString(JsonLayout.Rewrite(s_utf8.GetBytes(file), before == null ? null : s_utf8.GetBytes(before), s_utf8.GetBytes(after)));

        [Theory]
        [InlineData("    ", "\n")]
        [InlineData("  ", "\r\n")]
        [InlineData("\t", "\n")]
        [InlineData("\t", "\r\n")]
        public void KeepsIndentationLineEndingsAndTheMissingFinalNewline(string unit, string nl)
        {
            string file = "{" + nl + unit + "\"id\": \"a\"," + nl + unit + "\"constraints\": {" + nl + unit + unit + "\"maxTaskRetryCount\": 1" + nl + unit + "}" + nl + "}";
            string result = Rewrite(file, "{\"id\":\"a\",\"constraints\":{\"maxTaskRetryCount\":1}}", "{\"id\":\"a\",\"constraints\":{\"maxTaskRetryCount\":2}}");
            Assert.Equal(file.Replace("\"maxTaskRetryCount\": 1", "\"maxTaskRetryCount\": 2", System.StringComparison.Ordinal), result);
        }

        [Theory]
        [InlineData("\n")]
        [InlineData("\r\n")]
        [InlineData("")]
        [InlineData("\n\n")]
        public void KeepsWhatFollowsTheDocument(string tail)
        {
            string file = "{\n    \"id\": \"a\",\n    \"eTag\": \"0x1\"\n}" + tail;
            Assert.Equal("{\n    \"id\": \"a\",\n    \"eTag\": \"0x2\"\n}" + tail, Rewrite(file, "{\"id\":\"a\",\"eTag\":\"0x1\"}", "{\"id\":\"a\",\"eTag\":\"0x2\"}"));
        }

        [Fact]
        public void AddsAMemberAfterItsPredecessorInTheFileStyle()
        {
            string file = "{\r\n\t\"id\": \"a\",\r\n\t\"commandLine\": \"c\",\r\n\t\"future\": { \"keep\": true }\r\n}\r\n";
            string result = Rewrite(
                file,
                "{\"id\":\"a\",\"commandLine\":\"c\",\"future\":{\"keep\":true}}",
                "{\"id\":\"a\",\"commandLine\":\"c\",\"constraints\":{\"maxWallClockTime\":\"PT1H\",\"list\":[1,2],\"empty\":{}},\"future\":{\"keep\":true}}");
            Assert.Equal(
                "{\r\n\t\"id\": \"a\",\r\n\t\"commandLine\": \"c\",\r\n\t\"constraints\": {\r\n\t\t\"maxWallClockTime\": \"PT1H\",\r\n\t\t\"list\": [\r\n\t\t\t1,\r\n\t\t\t2\r\n\t\t],\r\n\t\t\"empty\": {}\r\n\t},\r\n\t\"future\": { \"keep\": true }\r\n}\r\n",
                result);
        }

        [Fact]
        public void KeepsUnchangedMembersByteForByteAndInlineObjectsInline()
        {
            // Spelling the writer would change (a duration, spacing, an inline array) stays where nothing changed.
            string file = "{\n  \"id\" : \"a\",\n  \"constraints\": {\"maxWallClockTime\": \"PT36H\", \"maxTaskRetryCount\": 0, \"future\": [1, 2]},\n  \"x\": [ 1, 2 ]\n}\n";
            string result = Rewrite(
                file,
                "{\"id\":\"a\",\"constraints\":{\"maxWallClockTime\":\"P1DT12H\",\"maxTaskRetryCount\":0,\"future\":[1,2]},\"x\":[1,2]}",
                "{\"id\":\"a\",\"constraints\":{\"maxWallClockTime\":\"P1DT12H\",\"maxTaskRetryCount\":5,\"future\":[1,2]},\"x\":[1,2]}");
            Assert.Equal("{\n  \"id\" : \"a\",\n  \"constraints\": {\"maxWallClockTime\": \"PT36H\", \"maxTaskRetryCount\": 5, \"future\": [1, 2]},\n  \"x\": [ 1, 2 ]\n}\n", result);
        }

        [Fact]
        public void CompactStaysCompact()
        {
            Assert.Equal(
                "{\"id\":\"c\",\"eTag\":\"0x2\",\"commandLine\":\"x\",\"constraints\":{\"maxTaskRetryCount\":1}}",
                Rewrite("{\"id\":\"c\",\"eTag\":\"0x1\",\"commandLine\":\"x\"}", "{\"id\":\"c\",\"eTag\":\"0x1\",\"commandLine\":\"x\"}", "{\"id\":\"c\",\"eTag\":\"0x2\",\"commandLine\":\"x\",\"constraints\":{\"maxTaskRetryCount\":1}}"));
        }

        [Fact]
        public void RemovesMembersWithTheirSeparators()
        {
            string file = "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}";
            Assert.Equal("{\n  \"b\": 2\n}", Rewrite(file, "{\"a\":1,\"b\":2,\"c\":3}", "{\"b\":2}"));
            Assert.Equal("{\n  \"a\": 1,\n  \"c\": 3\n}", Rewrite(file, "{\"a\":1,\"b\":2,\"c\":3}", "{\"a\":1,\"c\":3}"));
            Assert.Equal("{}", Rewrite(file, "{\"a\":1,\"b\":2,\"c\":3}", "{}"));
        }

        [Fact]
        public void KeepsTheOrderOfTheFile()
        {
            string file = "{\n  \"commandLine\": \"c\",\n  \"id\": \"a\"\n}\n";
            Assert.Equal("{\n  \"commandLine\": \"d\",\n  \"id\": \"a\"\n}\n", Rewrite(file, "{\"id\":\"a\",\"commandLine\":\"c\"}", "{\"id\":\"a\",\"commandLine\":\"d\"}"));
        }

        [Fact]
        public void WritesAnObjectWholeInTheFileStyleWhenItsKeysCannotBeMatched()
        {
            // Attribute-style keys and an explicit null: the reader's document has other keys than the file.
            string file = "{\n    \"id\": \"a\",\n    \"command_line\": \"c\",\n    \"displayName\": null\n}\n";
            Assert.Equal(
                "{\n    \"id\": \"a\",\n    \"commandLine\": \"c\",\n    \"constraints\": {\n        \"maxTaskRetryCount\": 1\n    }\n}\n",
                Rewrite(file, "{\"id\":\"a\",\"commandLine\":\"c\"}", "{\"id\":\"a\",\"commandLine\":\"c\",\"constraints\":{\"maxTaskRetryCount\":1}}"));
        }

        [Fact]
        public void MergesNestedObjectsOnlyWhereTheyChanged()
        {
            string file = "{\n  \"a\": {\n    \"b\": {\"x\": 1, \"y\": 2},\n    \"c\": 3\n  }\n}\n";
            Assert.Equal(
                "{\n  \"a\": {\n    \"b\": {\"x\": 1, \"y\": 9},\n    \"c\": 3\n  }\n}\n",
                Rewrite(file, "{\"a\":{\"b\":{\"x\":1,\"y\":2},\"c\":3}}", "{\"a\":{\"b\":{\"x\":1,\"y\":9},\"c\":3}}"));
        }

        [Fact]
        public void WithoutTheOldDocumentWritesTheNewOneWholeInTheFileStyle()
        {
            string file = "\uFEFF{\r\n    \"id\": \"a\",\r\n    \"x\": [1, 2]\r\n}";
            Assert.Equal(
                "\uFEFF{\r\n    \"id\": \"a\",\r\n    \"x\": [\r\n        1,\r\n        3\r\n    ],\r\n    \"e\": {}\r\n}",
                Rewrite(file, null, "{\"id\":\"a\",\"x\":[1,3],\"e\":{}}"));
        }

        [Fact]
        public void CopiesTheFileWhenNothingChanged()
        {
            string file = "{ \"id\" :\"a\" }\r\n";
            Assert.Equal(file, Rewrite(file, "{\"id\":\"a\"}", "{\"id\":\"a\"}"));
        }

        [Theory]
        [InlineData("utf-8-bom")]
        [InlineData("utf-16le")]
        [InlineData("utf-16be")]
        public void KeepsTheEncoding(string name)
        {
            Encoding encoding = name switch
            {
                "utf-8-bom" => new UTF8Encoding(true),
                "utf-16le" => new UnicodeEncoding(false, true),
                _ => new UnicodeEncoding(true, true),
            };
            string file = "{\n  \"id\": \"é\",\n  \"eTag\": \"0x1\"\n}\n";
            byte[] bytes = Concat(encoding.GetPreamble(), encoding.GetBytes(file));
            byte[] result = JsonLayout.Rewrite(bytes, s_utf8.GetBytes("{\"id\":\"é\",\"eTag\":\"0x1\"}"), s_utf8.GetBytes("{\"id\":\"é\",\"eTag\":\"0x2\"}"));
            Assert.Equal(Concat(encoding.GetPreamble(), encoding.GetBytes(file.Replace("0x1", "0x2", System.StringComparison.Ordinal))), result);
        }

        [Theory]
        [InlineData("{\n    \"a\": 1\n}", "    ", "\n", true)]
        [InlineData("{\r\n\t\"a\": {\r\n\t\t\"b\": 1\r\n\t}\r\n}\r\n", "\t", "\r\n", true)]
        [InlineData("{\"a\":1}\r\n", "  ", "\r\n", false)]
        public void DetectsTheLayout(string file, string indent, string newLine, bool multiLine)
        {
            JsonLayout.Style style = JsonLayout.Detect(s_utf8.GetBytes(file));
            Assert.Equal(indent, style.Indent);
            Assert.Equal(newLine, style.NewLine);
            Assert.Equal(multiLine, style.MultiLine);
        }

        private static byte[] Concat(byte[] a, byte[] b)
        {
            byte[] all = new byte[a.Length + b.Length];
            a.CopyTo(all, 0);
            b.CopyTo(all, a.Length);
            return all;
        }
    }
}
