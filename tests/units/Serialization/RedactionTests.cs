using System;
using System.IO;
using System.Linq;
using System.Text;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using Xunit;

namespace BatchTaskPS.Tests.Serialization
{
    /// <summary>The one set of masking rules (Redaction) and the excerpts of bad records (ErrorExcerptReader).</summary>
    public class RedactionTests
    {
        // ------------------------------------------------------------ what names a secret

        [Theory]
        [InlineData("password", true)]
        [InlineData("DB_PASSWORD", true)]
        [InlineData("clientSecret", true)]
        [InlineData("x-api-key", true)]
        [InlineData("STORAGE_KEY", true)]
        [InlineData("accountKey", true)]
        [InlineData("sasToken", true)]
        [InlineData("GITHUB_TOKEN", true)]
        [InlineData("Authorization", true)]
        [InlineData("AZURE_STORAGE_CONNECTION_STRING", true)]
        [InlineData("pwd", true)]
        [InlineData("KEYVAULT_NAME", false)]
        [InlineData("monkey", false)]
        [InlineData("MODE", false)]
        [InlineData("Content-Type", false)]
        [InlineData("", false)]
        public void IsSecretName_ReadsTheWordsOfTheName(string name, bool secret) => Assert.Equal(secret, Redaction.IsSecretName(name));

        // ------------------------------------------------------------ free text

        [Theory]
        [InlineData("get https://a.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&sig=SECRET", "get https://a.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&sig=***")]
        [InlineData("azcopy sig=SECRETX ftp://u:pw@h/x?sig=S2", "azcopy sig=*** ftp://u:***@h/x?sig=***")]
        [InlineData("sv=2022&sig=abc", "sv=2022&sig=***")]
        [InlineData("SIG=abc def", "SIG=*** def")]
        [InlineData("design=1 resig=2", "design=1 resig=2")]
        [InlineData("https://user:pa55@host/p?x=1#frag", "https://user:***@host/p?x=***#frag")]
        [InlineData("s3://bucket/key", "s3://bucket/key")]
        [InlineData("://nothing?sig=z", "://nothing?sig=***")]
        [InlineData("no secrets here", "no secrets here")]
        public void RedactText_MasksUrlsOfAnySchemeAndStraySignatures(string text, string expected) => Assert.Equal(expected, Redaction.RedactText(text));

        [Fact]
        public void RedactText_OfALongRunOfLettersBeforeASchemeSeparator_IsTheSameText()
        {
            // The pattern this replaced backtracked quadratically here; the scanner walks each character a bounded number of times.
            string run = new string('a', 150_000);
            Assert.Equal(run + "://x?sig=***", Redaction.RedactText(run + "://x?sig=1"));
            Assert.Equal(run, Redaction.RedactText(run));
        }

        // ------------------------------------------------------------ JSON text

        [Theory]
        [InlineData("{\"password\":\"pw\"}", "{\"password\":\"***\"}")]
        [InlineData("{\"PassWord\":[\"pw\",1]}", "{\"PassWord\":\"***\"}")]
        [InlineData("{\"apiKey\":12345,\"n\":1}", "{\"apiKey\":\"***\",\"n\":1}")]
        [InlineData("{\"token\":{\"a\":\"b\"}}", "{\"token\":\"***\"}")]
        [InlineData("{\"name\":\"DB_PASSWORD\",\"value\":\"pw\"}", "{\"name\":\"DB_PASSWORD\",\"value\":\"***\"}")]
        [InlineData("{\"value\":\"pw\",\"name\":\"DB_PASSWORD\"}", "{\"value\":\"***\",\"name\":\"DB_PASSWORD\"}")]
        [InlineData("{\"name\":\"MODE\",\"value\":\"prod\"}", "{\"name\":\"MODE\",\"value\":\"prod\"}")]
        [InlineData("{\"u\":\"https:\\/\\/h\\/p?sig\\u003dS\"}", "{\"u\":\"https://h/p?sig=***\"}")]
        [InlineData("{\"pass\\u0077ord\":\"pw\"}", "{\"password\":\"***\"}")]
        [InlineData("{\"id\":\"a\",\"password\":\"cut off", "{\"id\":\"a\",\"password\":\"***")]
        [InlineData("[{\"name\":\"SECRET\",\"value\":\"x\"", "[{\"name\":\"SECRET\",\"value\":\"***\"")]
        [InlineData("{\"value\":\"x\"", "{\"value\":\"***\"")] // cut off before its name: it may be a secret
        public void RedactJson_MasksSecretKeysSecretSettingsAndUrls(string json, string expected) => Assert.Equal(expected, Redaction.RedactJson(json));

        // ------------------------------------------------------------ the writer (-RedactSecrets)

        [Fact]
        public void TheWriter_MasksTheSameThings_InKnownAndUnknownProperties()
        {
            var reader = new BatchTaskReader();
            CloudTask task = reader.ReadTask(
                "{\"id\":\"a\",\"commandLine\":\"azcopy sig=SECRETX ftp://u:pw@h/x?sig=S2\"," +
                "\"environmentSettings\":[{\"name\":\"DB_PASSWORD\",\"value\":\"hunter2\"},{\"name\":\"SAS\",\"value\":\"sv=2022&sig=abc\"},{\"name\":\"MODE\",\"value\":\"sv=1&sig=q\"}]," +
                "\"futureThing\":{\"clientSecret\":\"s3cr3t\",\"url\":\"https://h/p?sig=Z\"},\"apiKey\":\"k\"}");
            string redacted = new BatchTaskWriter(new BatchTaskWriterOptions { RedactSecrets = true }).Write(task);
            foreach (string secret in new[] { "SECRETX", ":pw@", "S2", "hunter2", "abc", "=q", "s3cr3t", "=Z", "\"k\"" })
            {
                Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
            }

            Assert.Contains("\"commandLine\":\"azcopy sig=*** ftp://u:***@h/x?sig=***\"", redacted, StringComparison.Ordinal);
            Assert.Contains("{\"name\":\"MODE\",\"value\":\"sv=1&sig=***\"}", redacted, StringComparison.Ordinal);
            Assert.Contains("\"apiKey\":\"***\"", redacted, StringComparison.Ordinal);
            Assert.NotNull(reader.ReadTask(redacted)); // still valid JSON
        }

        // ------------------------------------------------------------ excerpts of bad records

        private static (string? Excerpt, long Work)[] ExcerptsOf(byte[] input)
        {
            using TaskSequenceReader seq = new BatchTaskReader().OpenSequence(new MemoryStream(input, writable: false));
            using var excerpts = new ErrorExcerptReader(new MemoryStream(input, writable: false));
            return seq.Where(r => r.Error != null).Select(r => (excerpts.Excerpt(r), excerpts.WorkDone)).ToArray();
        }

        [Fact]
        public void AnExcerpt_IsTheFaultsLineAroundTheFault_Masked()
        {
            string line = "{\"id\":\"a\",\"requiredSlots\":\"bad\",\"commandLine\":\"get https://h/f?sv=1&sig=SIG\",\"containerSettings\":{\"registry\":{\"password\":\"PW\"}}}";
            var result = ExcerptsOf(Encoding.UTF8.GetBytes("{\"id\":\"ok\"}\n" + line + "\n{\"id\":\"ok2\"}\n"));
            Assert.Single(result);
            Assert.Equal("{\"id\":\"a\",\"requiredSlots\":\"bad\",\"commandLine\":\"get https://h/f?sv=1&sig=***\",\"containerSettings\":{\"registry\":{\"password\":\"***\"}}}", result[0].Excerpt);
        }

        [Fact]
        public void AnExcerptOfAHugeLine_IsBounded_AndShowsTheFault()
        {
            // A broken token followed by 5 MB of letters on the same line.
            string input = "{\"id\":\"a\",\"fa\"" + new string('A', 5_000_000) + "\"}";
            var result = ExcerptsOf(Encoding.UTF8.GetBytes(input));
            Assert.Single(result);
            Assert.True(result[0].Excerpt!.Length <= 2 * ErrorExcerptReader.Radius + 6, "excerpt of " + result[0].Excerpt!.Length + " characters");
            Assert.StartsWith("{\"id\":\"a\",\"fa\"AAA", result[0].Excerpt, StringComparison.Ordinal);
            Assert.True(result[0].Work <= 256 * 1024, "work " + result[0].Work);
        }

        [Fact]
        public void ExcerptsOfManyBadRecords_ReadTheInputOnce_WorkLinearInInputAndErrors()
        {
            // 3,000 bad lines between good 8 KB lines: the work is about one more read of the input.
            string good = "{\"id\":\"g\",\"commandLine\":\"" + new string('x', 8000) + "\"}";
            var sb = new StringBuilder();
            for (int i = 0; i < 3000; i++)
            {
                sb.Append(good).Append('\n').Append("{\"id\":\"b").Append(i).Append("\",\"requiredSlots\":\"bad\"}\n");
            }

            byte[] input = Encoding.UTF8.GetBytes(sb.ToString());
            var result = ExcerptsOf(input);
            Assert.Equal(3000, result.Length);
            Assert.All(result, r => Assert.Contains("\"requiredSlots\":\"bad\"", r.Excerpt, StringComparison.Ordinal));
            long work = result[^1].Work;
            Assert.True(work <= 2L * input.Length + 3000L * 8 * 1024, "work " + work + " for " + input.Length + " bytes");
        }

        [Fact]
        public void ExcerptsOfBadElementsInOneLongLine_AreEachBounded_AndTheWorkIsLinear()
        {
            // One line: an array of 1,500 bad elements between good ones.
            var sb = new StringBuilder("[");
            for (int i = 0; i < 1500; i++)
            {
                sb.Append("{\"id\":\"g").Append(i).Append("\",\"commandLine\":\"").Append('x', 1000).Append("\"},");
                sb.Append("{\"id\":\"b").Append(i).Append("\",\"requiredSlots\":true},");
            }

            sb.Append("{\"id\":\"last\"}]");
            byte[] input = Encoding.UTF8.GetBytes(sb.ToString());
            var result = ExcerptsOf(input);
            Assert.Equal(1500, result.Length);
            Assert.All(result, r => Assert.True(r.Excerpt!.Length <= 2 * ErrorExcerptReader.Radius + 6));
            Assert.True(result[^1].Work <= 2L * input.Length + 1500L * 8 * 1024, "work " + result[^1].Work + " for " + input.Length + " bytes");
        }

        [Fact]
        public void AnExcerptWhoseRecordStartIsOutOfReach_MasksValuesWhoseKeysItCannotSee()
        {
            // The fault is 100 KB into one record: the password's key is beyond the 64 KB of context kept.
            string input = "{\"id\":\"a\",\"containerSettings\":{\"registry\":{\"password\":\"PW" + new string('p', 100_000) + "\"}},\"requiredSlots\":\"bad\"}";
            var result = ExcerptsOf(Encoding.UTF8.GetBytes(input));
            Assert.Single(result);
            Assert.DoesNotContain("ppp", result[0].Excerpt, StringComparison.Ordinal);
            Assert.Contains("\"requiredSlots\":\"bad\"", result[0].Excerpt, StringComparison.Ordinal);
        }
    }
}
