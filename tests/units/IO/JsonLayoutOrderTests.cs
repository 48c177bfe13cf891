using System.Text;
using BatchTaskPS.IO;
using Xunit;

namespace BatchTaskPS.Tests.IO
{
    /// <summary>Where a rewrite puts new members: each right after the member that precedes it in the new document, in the file's order.</summary>
    public sealed class JsonLayoutOrderTests
    {
        private static readonly UTF8Encoding s_utf8 = new UTF8Encoding(false);

        private static string Rewrite(string file, string before, string after) =>
            s_utf8.GetString(JsonLayout.Rewrite(s_utf8.GetBytes(file), s_utf8.GetBytes(before), s_utf8.GetBytes(after)));

        [Theory]
        // A new first member, a run of two after a kept one, and a removed one.
        [InlineData("{\"b\":2,\"a\":1,\"c\":3}", "{\"a\":1,\"b\":2,\"c\":3}", "{\"z\":0,\"a\":1,\"y\":9,\"x\":8,\"c\":3}", "{\"z\":0,\"a\":1,\"y\":9,\"x\":8,\"c\":3}")]
        // The file's order is kept; the new member follows its predecessor wherever the file has it.
        [InlineData("{\"c\":3,\"a\":1}", "{\"a\":1,\"c\":3}", "{\"a\":1,\"n\":5,\"c\":3}", "{\"c\":3,\"a\":1,\"n\":5}")]
        // A run of new members before all of the file's, in a file that has spaces after its commas.
        [InlineData("{ \"a\": 1, \"b\": 2 }", "{\"a\":1,\"b\":2}", "{\"p\":1,\"q\":2,\"a\":1,\"b\":2}", "{ \"p\": 1, \"q\": 2, \"a\": 1, \"b\": 2 }")]
        public void NewMembers_FollowTheirPredecessor_InTheFilesOrder(string file, string before, string after, string expected)
        {
            Assert.Equal(expected, Rewrite(file, before, after));
        }
    }
}
