using System.Text;
using BatchTaskPS.Serialization;
using Xunit;

namespace BatchTaskPS.Tests.Serialization
{
    public sealed class JsonLineLocatorTests
    {
        private const string Text =
            "{\n" +                                            // 1
            "  \"id\": \"a b\",\n" +                           // 2
            "  \"commandLine\": \"run\",\n" +                  // 3
            "  \"outputFiles\": [\n" +                         // 4
            "    {\n" +                                        // 5
            "      \"filePattern\": \"*.log\",\n" +            // 6
            "      \"uploadOptions\": { \"uploadCondition\": \"x\" }\n" + // 7
            "    }\n" +                                        // 8
            "  ],\n" +                                         // 9
            "  \"dependsOn\": { \"taskIds\": [\"p\",\n \"q\"] }\n" + // 10, 11
            "}\n" +
            "{\"id\":\"second\",\"commandLine\":\"x\"}\n";      // 13

        [Theory]
        [InlineData("$.id", 2)]
        [InlineData("$.commandLine", 3)]
        [InlineData("$.outputFiles", 4)]
        [InlineData("$.outputFiles[0]", 5)]
        [InlineData("$.outputFiles[0].filePattern", 6)]
        [InlineData("$.outputFiles[0].uploadOptions.uploadCondition", 7)]
        [InlineData("$.outputFiles[0].destination", 5)]
        [InlineData("$.dependsOn.taskIds[1]", 11)]
        [InlineData("$.displayName", 1)]
        [InlineData("$", 1)]
        public void FindsTheLineOfAPath_OrOfTheObjectThatLacksIt(string path, long line)
        {
            Assert.Equal(line, JsonLineLocator.LineOf(Encoding.UTF8.GetBytes(Text), 0, path));
        }

        [Fact]
        public void ReadsTheRecordAtTheOffset_AndCountsLinesBeforeIt()
        {
            byte[] bytes = Encoding.UTF8.GetBytes(Text);
            int second = Text.IndexOf("{\"id\":\"second\"", System.StringComparison.Ordinal);
            Assert.Equal(13, JsonLineLocator.LineOf(bytes, second, "$.commandLine"));
            Assert.Equal(0, JsonLineLocator.LineOf(bytes, bytes.Length + 5, "$.id"));
            Assert.Equal(1, JsonLineLocator.LineOf(Encoding.UTF8.GetBytes("{\"id\":"), 0, "$.id"));
        }
    }
}
