using System.Linq;
using System.Text;
using BatchTaskPS.Model;
using BatchTaskPS.Validation;
using Xunit;

namespace BatchTaskPS.Tests.Validation
{
    /// <summary>The validator's fast paths decide as the plain rules do: the URL text scan and the duplicate environment names.</summary>
    public sealed class ServiceRulesScanTests
    {
        // What a URL may hold as written (the quick check's rule): printable ASCII but " < > \ ^ ` { | }.
        private static bool Plain(char c) => c >= '!' && c <= '~' && "\"<>\\^`{|}".IndexOf(c) < 0;

        [Fact]
        public void TheUrlTextScan_DecidesEveryCharacter_AtEveryPosition_AsTheRuleSays()
        {
            // Long enough for several vectors of any width; each character is tried in every lane and in the scalar tail.
            const int length = 80;
            char[] tried = Enumerable.Range(0, 0x180).Select(i => (char)i).Concat(new[] { '\u2028', '\uD800', '\uFEFF', '\uFFFF' }).ToArray();
            foreach (char c in tried)
            {
                for (int at = 0; at < length; at++)
                {
                    var sb = new StringBuilder(new string('a', length));
                    sb[at] = c;
                    string text = sb.ToString();
                    Assert.True(Plain(c) == ServiceRules.IsPlainText(text, 0), "U+" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) + " at " + at);

                    // From an odd start, a bad character before it is not looked at.
                    Assert.True(at < 3 || Plain(c) == ServiceRules.IsPlainText(text, 3));
                    Assert.True(at >= 3 || ServiceRules.IsPlainText(text, 3));
                }
            }
        }

        [Theory]
        [InlineData(3)]
        [InlineData(8)]
        [InlineData(9)]
        [InlineData(40)]
        public void DuplicateEnvironmentNames_AreFound_AtTheSamePlaces_HoweverManySettingsThereAre(int count)
        {
            var task = new CloudTask { Id = "t", CommandLine = "c", EnvironmentSettings = new System.Collections.Generic.List<EnvironmentSetting?>() };
            for (int k = 0; k < count; k++)
            {
                task.EnvironmentSettings.Add(new EnvironmentSetting { Name = "V" + (k % 2 == 0 ? k : k - 1), Value = "x" });
            }

            task.EnvironmentSettings.Add(null);
            task.EnvironmentSettings.Add(new EnvironmentSetting { Name = "v0" });
            string[] expected = Enumerable.Range(0, count).Where(k => k % 2 == 1).Select(k => "$.environmentSettings[" + k + "].name").ToArray();
            string[] found = BatchTaskValidator.Validate(task).Where(i => i.Rule == "DuplicateEnvironmentName").Select(i => i.Path).ToArray();
            Assert.Equal(expected, found);
        }
    }
}
