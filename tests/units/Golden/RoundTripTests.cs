using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Tests.Support;
using Xunit;

namespace BatchTaskPS.Tests.Golden
{
    /// <summary>Lossless round trips: golden full/typical/valid edge inputs, and the REST API's own examples.</summary>
    public sealed class RoundTripTests
    {
        private static readonly BatchTaskReader s_reader = new BatchTaskReader();

        /// <summary>full, typical, and every edge input the reference read (less those a FIDELITY row makes an error).</summary>
        public static IEnumerable<object[]> ValidInputs()
        {
            foreach (string path in TestData.GoldenInputs("full", "typical", "edge", "minimal"))
            {
                string folder = Path.GetFileName(Path.GetDirectoryName(path))!;
                string name = Path.GetFileNameWithoutExtension(path);
                using JsonDocument exp = JsonDocument.Parse(File.ReadAllBytes(Path.ChangeExtension(path, null) + ".expected.json"));
                string status = exp.RootElement.GetProperty("status").GetString()!;
                bool readable = status == "ok" || status == "validate_errors" ||
                                (FidelityDeviations.Cases.TryGetValue(folder + "/" + name, out Deviation? d) && !d.ExpectError);
                if (readable && !(FidelityDeviations.Cases.TryGetValue(folder + "/" + name, out Deviation? e) && e.ExpectError))
                {
                    yield return new object[] { folder, name };
                }
            }
        }

        [Fact]
        public void ValidInputs_CoverAllFullAndTypicalAndMostEdgeCases()
        {
            var cases = ValidInputs().Select(c => (string)c[0]).ToList();
            Assert.Equal(15, cases.Count(f => f == "full"));
            Assert.Equal(30, cases.Count(f => f == "typical"));
            Assert.True(cases.Count(f => f == "edge") >= 30);
        }

        [Theory]
        [MemberData(nameof(ValidInputs))]
        public void ReadWriteRead_GivesAnEqualTask_AndWritingIsAFixedPoint(string folder, string name)
        {
            byte[] input = File.ReadAllBytes(Path.Combine(TestData.Golden, folder, name + ".json"));
            CloudTask first = s_reader.ReadTask(input);

            foreach (var options in WriterVariants())
            {
                var writer = new BatchTaskWriter(options);
                byte[] once = writer.WriteUtf8(first);
                CloudTask second = s_reader.ReadTask(once);
                if (options.Shape == TaskShape.Full)
                {
                    Assert.Equal(first, second, BatchModelComparer.Instance);
                }

                byte[] twice = writer.WriteUtf8(second);
                Assert.Equal(once, twice);
            }
        }

        private static IEnumerable<BatchTaskWriterOptions> WriterVariants()
        {
            yield return new BatchTaskWriterOptions();
            yield return new BatchTaskWriterOptions { Indented = true };
            yield return new BatchTaskWriterOptions { KeyStyle = KeyStyle.Attribute };
            yield return new BatchTaskWriterOptions { KeyStyle = KeyStyle.Property, Indented = true };
            yield return new BatchTaskWriterOptions { Shape = TaskShape.Create };
        }

        public static IEnumerable<object[]> RealWorldFiles() =>
            Directory.GetFiles(TestData.RealWorld, "*.json").OrderBy(p => p).Select(p => new object[] { Path.GetFileName(p) });

        [Theory]
        [MemberData(nameof(RealWorldFiles))]
        public void RealWorldBody_RoundTripsUnchanged_InTheFullShape(string file)
        {
            byte[] input = File.ReadAllBytes(Path.Combine(TestData.RealWorld, file));
            using JsonDocument original = JsonDocument.Parse(input);
            using TaskSequenceReader seq = s_reader.OpenSequence(new MemoryStream(input));
            List<TaskReadResult> results = seq.ToList();
            Assert.All(results, r => Assert.Null(r.Error));

            var full = new BatchTaskWriter();
            JsonElement expected = original.RootElement;
            if (seq.Format == TaskInputFormat.ListResponse)
            {
                JsonElement[] items = expected.GetProperty("value").EnumerateArray().ToArray();
                Assert.Equal(items.Length, results.Count);
                for (int k = 0; k < items.Length; k++)
                {
                    using JsonDocument written = JsonDocument.Parse(full.Write(results[k].Task!));
                    Assert.True(GoldenCaseTests.JsonElementEquals(items[k], written.RootElement), file + " item " + k + " changed: " + written.RootElement.GetRawText());
                }
            }
            else
            {
                Assert.Equal(TaskInputFormat.Single, seq.Format);
                using JsonDocument written = JsonDocument.Parse(full.Write(Assert.Single(results).Task!));
                Assert.True(GoldenCaseTests.JsonElementEquals(expected, written.RootElement), file + " changed: " + written.RootElement.GetRawText());
            }
        }

        [Theory]
        [InlineData("TaskAdd_Basic.request.json")]
        [InlineData("TaskAdd_ContainerSettings.request.json")]
        [InlineData("TaskAdd_ContainerSettingsWithDataIsolation.request.json")]
        [InlineData("TaskAdd_ExitConditions.request.json")]
        [InlineData("TaskAddCollection_Basic.request.json")]
        public void RealWorldRequest_WrittenInTheCreateShape_EqualsItself(string file)
        {
            byte[] input = File.ReadAllBytes(Path.Combine(TestData.RealWorld, file));
            using JsonDocument original = JsonDocument.Parse(input);
            JsonElement[] expected = original.RootElement.TryGetProperty("value", out JsonElement list)
                ? list.EnumerateArray().ToArray()
                : new[] { original.RootElement };
            var create = new BatchTaskWriter(new BatchTaskWriterOptions { Shape = TaskShape.Create });
            CloudTask[] tasks = s_reader.ReadTasks(new MemoryStream(input)).ToArray();
            Assert.Equal(expected.Length, tasks.Length);
            for (int k = 0; k < tasks.Length; k++)
            {
                using JsonDocument written = JsonDocument.Parse(create.Write(tasks[k]));
                Assert.True(GoldenCaseTests.JsonElementEquals(expected[k], written.RootElement), file + " changed: " + written.RootElement.GetRawText());
            }
        }

        [Fact]
        public void TaskGetExample_KeepsTheUnlimitedDurationAndSevenDigitTimes_ByteForByte()
        {
            byte[] input = File.ReadAllBytes(Path.Combine(TestData.RealWorld, "TaskGet.response.json"));
            string written = new BatchTaskWriter().Write(s_reader.ReadTask(input));
            Assert.Contains("\"maxWallClockTime\":\"P10675199DT2H48M5.4775807S\"", written);
            Assert.Contains("\"retentionTime\":\"P10675199DT2H48M5.4775807S\"", written);
            Assert.Contains("\"creationTime\":\"2016-09-06T06:59:15.1161429Z\"", written);
        }

        [Fact]
        public void TaskGetExample_ValidationReportsTheMultiInstanceSlotRule()
        {
            CloudTask task = s_reader.ReadTask(File.ReadAllBytes(Path.Combine(TestData.RealWorld, "TaskGet.response.json")));
            var issue = Assert.Single(task.Validate(), i => i.Rule == "T9");
            Assert.Equal("$.requiredSlots", issue.Path);
        }
    }
}
