using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Tests.Golden;
using BatchTaskPS.Tests.Support;
using BatchTaskPS.Validation;
using Xunit;

namespace BatchTaskPS.Tests.Serialization
{
    /// <summary>
    /// FIDELITY row 28 (revised): an enum value read from JSON is matched ignoring letter case (it is
    /// equal to the wire value) and written back exactly as it was read; a value made in code takes
    /// the wire spelling.
    /// </summary>
    public class EnumSpellingTests
    {
        private static readonly BatchTaskReader s_reader = new BatchTaskReader();
        private static readonly BatchTaskReader s_fullReaderOnly = new BatchTaskReader(new BatchTaskReaderOptions { UsePlainPath = false });

        /// <summary>Spellings of a wire value as real texts have them: as is, upper, Pascal and camel case.</summary>
        private static IEnumerable<string> Spellings(string wire)
        {
            yield return wire;
            yield return wire.ToUpperInvariant();
            yield return wire.ToLowerInvariant();
            yield return char.ToUpperInvariant(wire[0]) + wire.Substring(1);
            yield return char.ToLowerInvariant(wire[0]) + wire.Substring(1);
        }

        public static IEnumerable<object[]> ElevationSpellings() =>
            ElevationLevel.KnownValues.SelectMany(Spellings).Distinct(StringComparer.Ordinal).Select(s => new object[] { s });

        [Theory]
        [MemberData(nameof(ElevationSpellings))]
        public void AKnownValueInAnySpelling_IsKnown_EqualsTheWireValue_AndIsWrittenAsRead(string spelling)
        {
            string json = "{\"id\":\"a\",\"commandLine\":\"c\",\"userIdentity\":{\"autoUser\":{\"elevationLevel\":\"" + spelling + "\"}}}";
            foreach (BatchTaskReader reader in new[] { s_reader, s_fullReaderOnly })
            {
                CloudTask task = reader.ReadTask(json);
                ElevationLevel level = task.UserIdentity!.AutoUser!.ElevationLevel!.Value;
                Assert.True(level.IsKnown);
                Assert.Equal(spelling, level.Value);
                Assert.Equal(new ElevationLevel(spelling.ToLowerInvariant()), level);
                Assert.Contains(ElevationLevel.KnownValues, v => v == new ElevationLevel(spelling).Value);
                Assert.Equal(json, task.Serialize());
                Assert.DoesNotContain(BatchTaskValidator.Validate(task), i => i.Path.Contains("elevationLevel", StringComparison.Ordinal));
            }
        }

        [Fact]
        public void EveryEnumTypeKeepsTheSpellingRead_OnTheFastPathAndTheFullReader()
        {
            // One task with every enum property, each in a spelling that is not the wire one.
            const string json = "{\"id\":\"a\",\"state\":\"Running\",\"previousState\":\"ACTIVE\",\"commandLine\":\"c\"," +
                "\"exitConditions\":{\"default\":{\"jobAction\":\"Terminate\",\"dependencyAction\":\"Satisfy\"}}," +
                "\"containerSettings\":{\"imageName\":\"i\",\"workingDirectory\":\"TaskWorkingDirectory\",\"containerHostBatchBindMounts\":[{\"source\":\"shared\"}]}," +
                "\"outputFiles\":[{\"filePattern\":\"*\",\"destination\":{\"container\":{\"containerUrl\":\"https://a.blob.core.windows.net/c\"}},\"uploadOptions\":{\"uploadCondition\":\"TaskSuccess\"}}]," +
                "\"userIdentity\":{\"autoUser\":{\"scope\":\"Pool\",\"elevationLevel\":\"NonAdmin\"}}," +
                "\"executionInfo\":{\"retryCount\":0,\"requeueCount\":0,\"failureInfo\":{\"category\":\"UserError\"},\"result\":\"Failure\"}," +
                "\"authenticationTokenSettings\":{\"access\":[\"Job\"]}}";
            CloudTask fast = s_reader.ReadTask(json);
            CloudTask full = s_fullReaderOnly.ReadTask(json);
            string written = fast.Serialize();
            Assert.Equal(written, full.Serialize());
            foreach (string kept in new[] { "\"state\":\"Running\"", "\"previousState\":\"ACTIVE\"", "\"jobAction\":\"Terminate\"", "\"dependencyAction\":\"Satisfy\"",
                "\"workingDirectory\":\"TaskWorkingDirectory\"", "\"source\":\"shared\"", "\"uploadCondition\":\"TaskSuccess\"", "\"scope\":\"Pool\"",
                "\"elevationLevel\":\"NonAdmin\"", "\"category\":\"UserError\"", "\"result\":\"Failure\"", "\"access\":[\"Job\"]" })
            {
                Assert.Contains(kept, written, StringComparison.Ordinal);
            }

            Assert.Equal(TaskState.Running, fast.State);
            Assert.Equal(OutputFileUploadCondition.TaskSuccess, fast.OutputFiles![0]!.UploadOptions!.UploadCondition);
            Assert.Equal("TaskSuccess", fast.OutputFiles[0]!.UploadOptions!.UploadCondition!.Value.Value);
            Assert.Equal(ErrorCategory.UserError, fast.ExecutionInfo!.FailureInfo!.Category);
            Assert.Equal(TaskExecutionResult.Failure, fast.ExecutionInfo.Result);
            Assert.Equal(AccessScope.Job, fast.AuthenticationTokenSettings!.Access![0]);
            Assert.DoesNotContain(BatchTaskValidator.Validate(fast), i => i.Rule == "UnknownEnumValue");
        }

        [Fact]
        public void ValuesMadeInCode_TakeTheWireSpelling()
        {
            Assert.Equal("admin", new ElevationLevel("ADMIN").Value);
            Assert.Equal("tasksuccess", ((OutputFileUploadCondition)"TaskSuccess").Value);
            Assert.Equal("taskWorkingDirectory", new ContainerWorkingDirectory("TASKWORKINGDIRECTORY").Value);
            Assert.Equal("suspended", new TaskState("suspended").Value);          // unknown: kept as given
            Assert.Equal("Suspended", new TaskState("Suspended").Value);
            var task = new CloudTask { Id = "a", CommandLine = "c", UserIdentity = new UserIdentity { AutoUser = new AutoUserSpecification { ElevationLevel = "Admin" } } };
            Assert.Contains("\"elevationLevel\":\"admin\"", task.Serialize(), StringComparison.Ordinal);
        }

        [Fact]
        public void GoldenQ20_IsWrittenBackWithItsOwnSpellings()
        {
            byte[] input = File.ReadAllBytes(Path.Combine(TestData.Golden, "quirks", "q20_enum_case_insensitive.json"));
            string written = s_reader.ReadTask(input).Serialize();
            foreach (string kept in new[] { "\"state\":\"Active\"", "\"previousState\":\"COMPLETED\"", "\"scope\":\"Pool\"", "\"elevationLevel\":\"ADMIN\"", "\"access\":[\"JOB\"]" })
            {
                Assert.Contains(kept, written, StringComparison.Ordinal);
            }
        }

        public static IEnumerable<object[]> ReadableBodies()
        {
            foreach (object[] c in RoundTripTests.ValidInputs())
            {
                yield return new object[] { Path.Combine("golden", (string)c[0], (string)c[1] + ".json") };
            }

            foreach (string q in TestData.GoldenInputs("quirks"))
            {
                using JsonDocument exp = JsonDocument.Parse(File.ReadAllBytes(Path.ChangeExtension(q, null) + ".expected.json"));
                string status = exp.RootElement.GetProperty("status").GetString()!;
                if ((status == "ok" || status == "validate_errors") && !FidelityDeviations.Cases.ContainsKey("quirks/" + Path.GetFileNameWithoutExtension(q)))
                {
                    yield return new object[] { Path.Combine("golden", "quirks", Path.GetFileName(q)) };
                }
            }

            foreach (string r in Directory.GetFiles(TestData.RealWorld, "*.json").OrderBy(p => p, StringComparer.Ordinal))
            {
                yield return new object[] { Path.Combine("realworld", Path.GetFileName(r)) };
            }
        }

        [Theory]
        [MemberData(nameof(ReadableBodies))]
        public void EveryEnumValueOfAGoldenOrRealWorldBody_IsWrittenBackExactlyAsInTheInput(string file)
        {
            // The enum-typed places are found from the reference model (msrest-model.json), not from the code under test.
            byte[] input = File.ReadAllBytes(Path.Combine(TestData.Root, file));
            int bom = input.Length >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF ? 3 : 0; // FIDELITY row 3
            using JsonDocument inDoc = JsonDocument.Parse(input.AsMemory(bom));
            var expected = new List<(string Path, string Value)>();
            JsonElement root = inDoc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("value", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
            {
                int k = 0;
                foreach (JsonElement item in list.EnumerateArray())
                {
                    CollectEnums(item, "CloudTask", "$.value[" + k++ + "]", expected);
                }
            }
            else
            {
                CollectEnums(root, "CloudTask", "$", expected);
            }

            var written = new StringBuilder("[");
            using (TaskSequenceReader seq = s_reader.OpenSequence(new MemoryStream(input, writable: false)))
            {
                foreach (TaskReadResult r in seq)
                {
                    Assert.Null(r.Error);
                    written.Append(written.Length > 1 ? "," : string.Empty).Append(r.Task!.Serialize());
                }
            }

            using JsonDocument outDoc = JsonDocument.Parse(written.Append(']').ToString());
            foreach ((string path, string value) in expected)
            {
                string ourPath = path.StartsWith("$.value[", StringComparison.Ordinal) ? string.Concat("$[", path.AsSpan(8)) : string.Concat("$[0]", path.AsSpan(1));
                JsonElement? node = Navigate(outDoc.RootElement, ourPath);
                Assert.True(node.HasValue, ourPath + " is missing from the output");
                Assert.Equal(value, node!.Value.GetString());
            }
        }

        private static void CollectEnums(JsonElement obj, string type, string path, List<(string, string)> found)
        {
            if (obj.ValueKind != JsonValueKind.Object || !TestData.Model.HasType(type))
            {
                return;
            }

            var attrs = TestData.Model.Attributes(type);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var props = obj.EnumerateObject().ToList();
            foreach (JsonProperty p in props)
            {
                string? rest = attrs.Keys.FirstOrDefault(k => string.Equals(k, p.Name, StringComparison.OrdinalIgnoreCase))
                               ?? attrs.FirstOrDefault(kv => kv.Value.Python == p.Name).Key;
                if (rest == null || !seen.Add(rest) || props.Count(q => string.Equals(q.Name, rest, StringComparison.OrdinalIgnoreCase) || q.Name == attrs[rest].Python) > 1)
                {
                    continue; // unknown, or given twice (which spelling wins is row 10's business, not this test's)
                }

                string wire = attrs[rest].Type;
                string at = path + "." + rest;
                bool isList = wire.StartsWith('[');
                string item = isList ? wire.Substring(1, wire.Length - 2) : wire;
                if (isList && p.Value.ValueKind == JsonValueKind.Array)
                {
                    int k = 0;
                    foreach (JsonElement e in p.Value.EnumerateArray())
                    {
                        Collect(e, item, at + "[" + k++ + "]", found);
                    }
                }
                else if (!isList)
                {
                    Collect(p.Value, item, at, found);
                }
            }
        }

        private static void Collect(JsonElement value, string type, string path, List<(string, string)> found)
        {
            if (TestData.Model.Enums.Contains(type) && value.ValueKind == JsonValueKind.String)
            {
                found.Add((path, value.GetString()!));
            }
            else if (TestData.Model.HasType(type))
            {
                CollectEnums(value, type, path, found);
            }
        }

        private static JsonElement? Navigate(JsonElement root, string path)
        {
            JsonElement node = root;
            int i = 1;
            while (i < path.Length)
            {
                if (path[i] == '[')
                {
                    int end = path.IndexOf(']', i);
                    int index = int.Parse(path.AsSpan(i + 1, end - i - 1), System.Globalization.CultureInfo.InvariantCulture);
                    if (node.ValueKind != JsonValueKind.Array || index >= node.GetArrayLength())
                    {
                        return null;
                    }

                    node = node[index];
                    i = end + 1;
                }
                else
                {
                    int end = path.IndexOfAny(new[] { '.', '[' }, i + 1);
                    string name = path.Substring(i + 1, (end < 0 ? path.Length : end) - i - 1);
                    if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(name, out JsonElement child))
                    {
                        return null;
                    }

                    node = child;
                    i = end < 0 ? path.Length : end;
                }
            }

            return node;
        }
    }
}
