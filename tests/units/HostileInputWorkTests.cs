using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BatchTaskPS.Comparison;
using BatchTaskPS.IO;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Validation;
using Xunit;

namespace BatchTaskPS.Tests
{
    /// <summary>
    /// "No input of up to 5 MB takes more than a second through any cmdlet or view; error handling is linear in the
    /// number of errors": the core paths behind Test-BatchTask (-Detailed), the default views' text, Compare-BatchTask,
    /// ConvertTo-BatchTaskJson -RedactSecrets, Update-BatchTask -Path and -Collection, each given 5 MB of hostile input.
    /// The work is counted (the core's diagnostic counters: characters masked, table cells of the name suggestions, key
    /// look-ups, comparison steps, collection steps), never timed. Each bound is a small multiple of the input's size; a
    /// path quadratic in the input would count millions of times more.
    /// </summary>
    public sealed class HostileInputWorkTests
    {
        private const int FiveMB = 5 * 1024 * 1024;

        private static readonly BatchTaskReader s_reader = new BatchTaskReader();

        /// <summary>Records what a report hands over, and does the work of showing it: the record's text and a table cell of its message.</summary>
        private sealed class ViewingSink : IValidationReportSink
        {
            public List<ValidationFinding> Findings { get; } = new List<ValidationFinding>();

            public long Shown { get; private set; }

            public void Finding(ValidationFinding finding)
            {
                Findings.Add(finding);
                Shown += finding.ToString().Length + Redaction.Shorten(finding.Message, 80).Length;
            }

            public void Verdict(bool valid)
            {
            }

            public void Explain(string text) => Shown += text.Length;
        }

        private static (ViewingSink Sink, long Masking, long Cells) Detailed(byte[] input, bool collection = false)
        {
            var sink = new ViewingSink();
            var report = new ValidationReport(new ValidationReportOptions { Detailed = true, Collection = collection }, sink);
            long masking = Redaction.t_work, cells = NameSuggestions.t_cells;
            using (var stream = new MemoryStream(input, writable: false))
            {
                report.CheckFile("hostile.json", stream);
            }

            report.Complete();
            return (sink, Redaction.t_work - masking, NameSuggestions.t_cells - cells);
        }

        private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

        [Theory]
        [InlineData("{\"id\":\"a\",\"commandLine\":\"", "")] // a string never closed: the fault is 5 MB into the line
        [InlineData("{\"id\":\"a\",\"requiredSlots\":\"", "\"}")] // a 5 MB string where a number belongs
        [InlineData("{\"id\":\"a\",\"x\":tru", "e}")] // a broken literal followed by 5 MB on the same line
        public void TestBatchTask_AFiveMegabyteSingleLineBadDocument_IsOneFinding_OfBoundedSize(string head, string tail)
        {
            byte[] input = Utf8(head + new string('A', FiveMB) + tail);
            (ViewingSink sink, long masking, _) = Detailed(input);

            ValidationFinding f = Assert.Single(sink.Findings);
            Assert.Equal("UnreadableJson", f.Rule);
            Assert.True(f.Message.Length <= 128 * 1024, "message of " + f.Message.Length + " characters"); // bounded: not the 5 MB line
            Assert.True(masking <= 4L * input.Length, "masking work " + masking + " for " + input.Length + " bytes");
        }

        [Fact]
        public void TestBatchTask_AFiveMegabyteCommandLine_EnumValue_AndPropertyName_CostWorkLinearInTheInput()
        {
            string big = new string('x', FiveMB / 3);
            string url = "https://h/f?" + string.Concat(Enumerable.Repeat("sig=s&", 200_000));
            byte[] input = Utf8("{\"id\":\"a\",\"commandLine\":\"run " + big + " " + url + "\"," +
                "\"containerSettings\":{\"imageName\":\"i\",\"workingDirectory\":\"" + big + "\"},\"" + big + "\":1}");
            (ViewingSink sink, long masking, long cells) = Detailed(input);

            Assert.Equal(new[] { "UnknownEnumValue", "UnknownProperty" }, sink.Findings.Select(f => f.Rule).OrderBy(r => r, StringComparer.Ordinal));
            Assert.True(masking <= 4L * input.Length, "masking work " + masking + " for " + input.Length + " bytes");
            Assert.Equal(0, cells); // a name that long is no typo: no suggestion is looked for
            Assert.True(sink.Findings.Single(f => f.Rule == "UnknownEnumValue").Message.Length <= 1000);

            // The default view of the task: its command line, shortened and masked.
            CloudTask task = s_reader.ReadTask(input);
            long before = Redaction.t_work;
            string shown = Redaction.Shorten(task.CommandLine, 60) + Redaction.RedactText(task.CommandLine);
            long viewing = Redaction.t_work - before;
            Assert.DoesNotContain("sig=s", shown, StringComparison.Ordinal);
            Assert.True(viewing <= 8L * task.CommandLine!.Length, "view work " + viewing + " for " + task.CommandLine.Length + " characters");
        }

        [Fact]
        public void TestBatchTask_FiveMegabytesOfUnknownPropertiesNearRestKeys_CostsBoundedSuggestionWork()
        {
            // Names close to the longest REST keys (a full distance table against each), all different: one finding each.
            var sb = new StringBuilder("{\"id\":\"a\",\"commandLine\":\"c\"");
            int count = 0;
            string[] stems = { "applicationPackageRefer", "authenticationTokenSett", "previousStateTransition", "multiInstanceSetti" };
            while (sb.Length < FiveMB)
            {
                sb.Append(",\"").Append(stems[count % stems.Length]).Append(count.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).Append("\":1");
                count++;
            }

            byte[] input = Utf8(sb.Append('}').ToString());
            long comparisons = AdditionalPropertyCollection.t_nameComparisons;
            (ViewingSink sink, long masking, long cells) = Detailed(input);
            comparisons = AdditionalPropertyCollection.t_nameComparisons - comparisons;

            Assert.Equal(count, sink.Findings.Count(f => f.Rule == "UnknownProperty"));
            Assert.True(cells <= 160L * input.Length, "suggestion work " + cells + " cells for " + input.Length + " bytes");
            // Each finding's text is masked a few times (the finding, its view): linear in the input and in what is shown.
            Assert.True(masking <= 8L * (input.Length + sink.Shown), "masking work " + masking + " for " + input.Length + " bytes and " + sink.Shown + " characters shown");
            Assert.True(comparisons <= 8L * count, "name comparisons " + comparisons + " for " + count + " names"); // a few per name (reading it, checking it); quadratic would be thousands
        }

        [Fact]
        public void TestBatchTask_Collection_WithAnErrorForEveryTask_IsLinearInTheErrors()
        {
            // 5 MB of NDJSON: every task's id is taken twice (ignoring case) and depends on a task that is not there.
            var sb = new StringBuilder();
            int count = 0;
            while (sb.Length < FiveMB)
            {
                string id = "t" + (count / 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
                sb.Append("{\"id\":\"").Append(count % 2 == 0 ? id : id.ToUpperInvariant()).Append("\",\"commandLine\":\"c\",\"dependsOn\":{\"taskIds\":[\"missing-")
                    .Append(count).Append("\"]}}\n");
                count++;
            }

            byte[] input = Utf8(sb.ToString());
            var sink = new ViewingSink();
            var report = new ValidationReport(new ValidationReportOptions { Detailed = true, Collection = true }, sink);
            using (var stream = new MemoryStream(input, writable: false))
            {
                report.CheckFile("hostile.ndjson", stream);
            }

            report.Complete();
            Assert.Equal(count / 2, sink.Findings.Count(f => f.Rule == "DuplicateTaskId"));
            Assert.Equal(count, sink.Findings.Count(f => f.Rule == "UnknownDependency"));
            Assert.All(sink.Findings, f => Assert.Equal("hostile.ndjson", f.File));
            long steps = report.CollectionValidator!.Steps;
            double log = Math.Log(count, 2);
            Assert.True(steps <= 8 * count * log, "collection steps " + steps + " for " + count + " tasks");
            Assert.True(sink.Shown <= 400L * sink.Findings.Count, "shown " + sink.Shown + " characters for " + sink.Findings.Count + " findings");
        }

        private static CloudTask ManyPartsTask(int items, string valuePrefix)
        {
            var task = new CloudTask { Id = "a", CommandLine = "c", EnvironmentSettings = new List<EnvironmentSetting?>(), ResourceFiles = new List<ResourceFile?>() };
            for (int k = 0; k < items; k++)
            {
                task.EnvironmentSettings.Add(new EnvironmentSetting { Name = (k % 3 == 0 ? "API_KEY_" : "V") + k, Value = valuePrefix + k + " https://h/x?sig=s" });
                task.ResourceFiles.Add(new ResourceFile { HttpUrl = "https://s.example/c/f" + k + "?sv=1&sig=" + valuePrefix, FilePath = "f" + k });
            }

            return task;
        }

        [Fact]
        public void CompareBatchTask_TwoFiveMegabyteTasks_DifferingEverywhere_IsLinear()
        {
            // The same 40,000 settings and files in both, each value different, and 20,000 unknown properties on each side.
            string a = "{\"x0\":1" + string.Concat(Enumerable.Range(1, 20_000).Select(k => ",\"x" + k + "\":" + k)) + "}";
            string b = "{\"x0\":2" + string.Concat(Enumerable.Range(1, 20_000).Select(k => ",\"x" + (k * 7) + "\":[" + k + "]")) + "}";
            CloudTask left = ManyPartsTask(40_000, "left-");
            CloudTask right = ManyPartsTask(40_000, "right-");
            foreach (KeyValuePair<string, string> p in s_reader.ReadTask(a).AdditionalProperties)
            {
                left.AdditionalProperties.SetJson(p.Key, p.Value);
            }

            foreach (KeyValuePair<string, string> p in s_reader.ReadTask(b).AdditionalProperties)
            {
                right.AdditionalProperties.SetJson(p.Key, p.Value);
            }

            var writer = new BatchTaskWriter(new BatchTaskWriterOptions { IncludeAdditionalProperties = true });
            long size = writer.WriteUtf8(left).Length + (long)writer.WriteUtf8(right).Length;
            Assert.True(size >= 2L * 4 * 1024 * 1024, "the tasks are " + size + " bytes");

            long work = TaskComparer.t_work, masking = Redaction.t_work, comparisons = AdditionalPropertyCollection.t_nameComparisons;
            IReadOnlyList<TaskDifference> differences = TaskComparer.Compare(left, right);
            work = TaskComparer.t_work - work;
            masking = Redaction.t_work - masking;
            comparisons = AdditionalPropertyCollection.t_nameComparisons - comparisons;

            // 40,000 values and 40,000 URLs; of the unknown properties x0 and the 2,857 x(7k) up to x20000 changed, 17,143 removed, 17,143 added.
            Assert.Equal(40_000 + 40_000 + 1 + 2_857 + 17_143 + 17_143, differences.Count);
            Assert.DoesNotContain(differences, d => (d.OldValue ?? string.Empty).Contains("sig=s", StringComparison.Ordinal) || (d.NewValue ?? string.Empty).Contains("sig=s", StringComparison.Ordinal));
            Assert.True(work <= 4 * size, "comparison work " + work + " for " + size + " bytes");
            Assert.True(masking <= 4 * size, "masking work " + masking + " for " + size + " bytes");
            Assert.True(comparisons <= 4L * 40_002, "name comparisons " + comparisons);
        }

        [Fact]
        public void ConvertToBatchTaskJson_RedactSecrets_OfAFiveMegabyteTask_IsLinear()
        {
            CloudTask task = ManyPartsTask(60_000, "v-");
            task.CommandLine = string.Concat(Enumerable.Repeat("get a://b?c=d&sig=e&f=g ", 40_000));
            var writer = new BatchTaskWriter(new BatchTaskWriterOptions { RedactSecrets = true });
            long masking = Redaction.t_work;
            byte[] json = writer.WriteUtf8(task);
            masking = Redaction.t_work - masking;

            Assert.True(json.Length >= 4 * 1024 * 1024, "the task is " + json.Length + " bytes");
            Assert.DoesNotContain("sig=s", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
            Assert.True(masking <= 4L * json.Length, "masking work " + masking + " for " + json.Length + " bytes");
        }

        public static IEnumerable<object[]> HostileTexts()
        {
            yield return new object[] { "schemes", string.Concat(Enumerable.Repeat("a://", FiveMB / 4)) };
            yield return new object[] { "separators", string.Concat(Enumerable.Repeat("1://", FiveMB / 4)) };
            yield return new object[] { "signatures", string.Concat(Enumerable.Repeat("sig=", FiveMB / 4)) };
            yield return new object[] { "signatures inside words", string.Concat(Enumerable.Repeat("xsig=", FiveMB / 5)) };
            yield return new object[] { "query", "https://h/p?" + string.Concat(Enumerable.Repeat("a=&", FiveMB / 3)) };
            yield return new object[] { "user info", "https://" + string.Concat(Enumerable.Repeat("u:p@", FiveMB / 4)) + "/x?y=z" };
            yield return new object[] { "json keys", "{" + string.Concat(Enumerable.Repeat("\"password\":1,", FiveMB / 13)) + "\"x\":2}" };
            yield return new object[] { "json settings", "[" + string.Concat(Enumerable.Repeat("{\"name\":\"API_KEY\",\"value\":\"v\"},", FiveMB / 32)) + "{}]" };
            yield return new object[] { "json nesting", "{\"token\":" + new string('[', FiveMB / 2) + new string(']', FiveMB / 2) + "}" };
            yield return new object[] { "json escapes", "{\"a\":\"" + string.Concat(Enumerable.Repeat("\\u0073ig=\\/", FiveMB / 12)) + "\"}" };
            yield return new object[] { "json cut off", "{\"name\":\"secret\",\"value\":\"" + new string('v', FiveMB) };
        }

        [Theory]
        [MemberData(nameof(HostileTexts))]
        public void Masking_FiveMegabytesOfHostileText_IsLinear_ForEveryKindOfText(string kind, string text)
        {
            long before = Redaction.t_work;
            int shown = Redaction.RedactText(text).Length + Redaction.RedactUrl(text).Length + Redaction.RedactSetting("value", text).Length +
                Redaction.Shorten(text, 40).Length + Redaction.RedactJson(text).Length + Redaction.Excerpt(text, text.Length / 2, 200).Length;
            long work = Redaction.t_work - before;
            Assert.True(shown > 0);
            Assert.True(work <= 24L * text.Length, kind + ": masking work " + work + " for " + text.Length + " characters");
        }

        [Theory]
        [InlineData("{\"a\":sig=", "}")]
        [InlineData("{\"a\":https://u:", "@h/x}")]
        public void AnExcerpt_WhoseFaultIsInTextThatMaskingShortens_IsTheMaskedText_NotAnError(string head, string tail)
        {
            // The fault is inside a value that masking replaces by ***: its place in the masked text is within what was written.
            string text = head + new string('s', 300) + tail;
            string excerpt = Redaction.Excerpt(text, head.Length + 200, 40);
            Assert.Contains(Redaction.Mask, excerpt, StringComparison.Ordinal);
            Assert.DoesNotContain("sss", excerpt, StringComparison.Ordinal);
        }

        [Fact]
        public void UpdateBatchTask_Path_RewritingAFiveMegabyteFile_IsLinearInItsMembers()
        {
            // A task file with 150,000 unknown properties, one per line, of which every other one changes, and as many added.
            var file = new StringBuilder("{\n  \"id\": \"a\",\n  \"commandLine\": \"c\"");
            int count = 0;
            while (file.Length < FiveMB)
            {
                file.Append(",\n  \"p").Append(count).Append("\": ").Append(count);
                count++;
            }

            byte[] original = Utf8(file.Append("\n}\n").ToString());
            var writer = new BatchTaskWriter(new BatchTaskWriterOptions { IncludeAdditionalProperties = true });
            CloudTask before = s_reader.ReadTask(original);
            CloudTask after = before.Clone();
            for (int k = 0; k < count; k += 2)
            {
                after.AdditionalProperties.SetJson("p" + k, "\"changed\"");
                after.AdditionalProperties.SetJson("q" + k, "true");
            }

            long lookups = JsonLayout.t_keyLookups;
            byte[] rewritten = JsonLayout.Rewrite(original, writer.WriteUtf8(before), writer.WriteUtf8(after));
            lookups = JsonLayout.t_keyLookups - lookups;

            Assert.Equal(writer.WriteUtf8(after), writer.WriteUtf8(s_reader.ReadTask(rewritten)));
            Assert.Contains("\n  \"p1\": 1,\n", Encoding.UTF8.GetString(rewritten), StringComparison.Ordinal);
            Assert.True(lookups <= 8L * (count * 2), "key look-ups " + lookups + " for " + count + " members");
        }
    }
}
