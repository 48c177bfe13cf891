using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Tests.Support;
using BatchTaskPS.Validation;
using Xunit;

namespace BatchTaskPS.Tests.Golden
{
    /// <summary>Counts the golden cases run and writes the count where build.sh prints it.</summary>
    public sealed class GoldenTally : IDisposable
    {
        internal static readonly ConcurrentDictionary<string, int> PerFolder = new ConcurrentDictionary<string, int>();
        internal static int DeviationsJudged;

        public void Dispose()
        {
            string summary = "golden: " + PerFolder.Values.Sum() + " cases run (" +
                string.Join(", ", PerFolder.OrderBy(kv => kv.Key).Select(kv => kv.Key + " " + kv.Value)) + "), " +
                DeviationsJudged + " of them judged by an improvement row of docs/fidelity.md";
            string? dir = Environment.GetEnvironmentVariable("BATCHTASK_TEST_RESULTS");
            if (!string.IsNullOrEmpty(dir) && Directory.Exists(dir))
            {
                File.WriteAllText(Path.Combine(dir, "golden-summary.txt"), summary + Environment.NewLine);
            }
        }
    }

    /// <summary>Every golden case, judged as FIDELITY.md says: equal to the reference, or the documented improvement.</summary>
    public sealed class GoldenCaseTests : IClassFixture<GoldenTally>
    {
        private static readonly string[] s_folders = { "minimal", "typical", "full", "edge", "invalid", "quirks" };

        private static readonly BatchTaskWriter s_restNoExtras = new BatchTaskWriter(new BatchTaskWriterOptions { IncludeAdditionalProperties = false });
        private static readonly BatchTaskWriter s_attrNoExtras = new BatchTaskWriter(new BatchTaskWriterOptions { IncludeAdditionalProperties = false, KeyStyle = KeyStyle.Attribute });
        private static readonly BatchTaskWriter s_full = new BatchTaskWriter();

        public static IEnumerable<object[]> Cases() =>
            s_folders.SelectMany(f => TestData.GoldenInputs(f).Select(p => new object[] { f, Path.GetFileNameWithoutExtension(p) }));

        [Fact]
        public void Corpus_HasEveryFolderAndAllDocuments()
        {
            // 5 + 30 + 15 + 60 + 96 + 61 documents, as oracle_summary.json counts them.
            Assert.Equal(267, Cases().Count());
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Case_BehavesAsFidelitySays(string folder, string name)
        {
            GoldenTally.PerFolder.AddOrUpdate(folder, 1, (_, n) => n + 1);
            string input = Path.Combine(TestData.Golden, folder, name + ".json");
            byte[] bytes = File.ReadAllBytes(input);
            using JsonDocument expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TestData.Golden, folder, name + ".expected.json")));
            JsonElement exp = expected.RootElement;
            List<TaskReadResult> results = ReadAll(bytes);
            TaskReadResult? firstError = results.FirstOrDefault(r => r.Error != null);

            if (FidelityDeviations.Cases.TryGetValue(folder + "/" + name, out Deviation? deviation))
            {
                System.Threading.Interlocked.Increment(ref GoldenTally.DeviationsJudged);
                JudgeDeviation(deviation, folder, name, bytes, results, firstError);
                return;
            }

            string status = exp.GetProperty("status").GetString()!;
            switch (status)
            {
                case "ok":
                case "validate_errors":
                    Assert.True(firstError == null, "read failed: " + firstError?.Error?.Message);
                    Assert.Single(results);
                    JudgeMatch(results[0].Task!, exp);
                    break;
                case "deserialize_error":
                    Assert.True(firstError != null, "the reference failed to read this input but we read it: " + string.Join(" | ", results.Select(r => r.Task?.Serialize())));
                    Assert.StartsWith("$", firstError!.Error!.JsonPath);
                    Assert.True(firstError.Error.LineNumber >= 1);
                    break;
                default:
                    Assert.Fail("status '" + status + "' has no FIDELITY row listed for this case");
                    break;
            }
        }

        private static void JudgeMatch(CloudTask task, JsonElement exp)
        {
            JsonElement fromDict = exp.GetProperty("from_dict_serialize");
            using JsonDocument ours = JsonDocument.Parse(s_restNoExtras.Write(task));
            string? diff = ReferenceComparer.Compare(ours.RootElement, fromDict);
            Assert.True(diff == null, "REST output differs from from_dict().serialize(): " + diff);

            // deserialize() and from_dict() agree on this input: as_dict and validate() speak for our reading too.
            JsonElement serialize = exp.GetProperty("serialize");
            if (serialize.ValueKind == JsonValueKind.Object && JsonElementEquals(serialize, fromDict))
            {
                using JsonDocument attr = JsonDocument.Parse(s_attrNoExtras.Write(task));
                string? asDictDiff = ReferenceComparer.Compare(attr.RootElement, exp.GetProperty("as_dict"), attributeKeys: true);
                Assert.True(asDictDiff == null, "attribute-key output differs from as_dict(): " + asDictDiff);

                var reference = exp.GetProperty("validate").EnumerateArray()
                    .Select(m => ParseRequired(m.GetString()!)).OrderBy(x => x).ToList();
                var required = BatchTaskValidator.Validate(task).Where(i => i.Rule == "Required")
                    .Select(i => i.TypeName + "." + TestData.Model.Attributes(i.TypeName)[i.Property].Python).OrderBy(x => x).ToList();
                Assert.Equal(reference, required);
            }

            // Unknown properties the reference captured are ours too, at the same place, with the same value.
            if (exp.TryGetProperty("additional_properties", out JsonElement extras) && extras.TryGetProperty("from_dict", out JsonElement byPath))
            {
                using JsonDocument full = JsonDocument.Parse(s_full.Write(task));
                foreach (JsonProperty at in byPath.EnumerateObject())
                {
                    JsonElement? node = Navigate(full.RootElement, at.Name, out string type);
                    foreach (JsonProperty extra in at.Value.EnumerateObject())
                    {
                        if (IsKnownName(type, extra.Name))
                        {
                            continue; // we read it as the known property it names (any case, attribute names)
                        }

                        JsonElement kept = default;
                        Assert.True(node.HasValue && node.Value.TryGetProperty(extra.Name, out kept),
                            "unknown property " + at.Name + "." + extra.Name + " was not kept");
                        Assert.True(JsonElementEquals(kept, extra.Value), "unknown property " + at.Name + "." + extra.Name + " changed");
                    }
                }
            }
        }

        private static void JudgeDeviation(Deviation d, string folder, string name, byte[] bytes, List<TaskReadResult> results, TaskReadResult? firstError)
        {
            if (d.ExpectError)
            {
                Assert.True(firstError != null, "row " + d.Row + ": expected a read error (" + d.Why + ") but the input was read");
                Assert.Equal(d.ErrorPath, firstError!.Error!.JsonPath);
                Assert.True(firstError.Error.LineNumber >= 1 && firstError.Error.BytePositionInLine >= 1);
                return;
            }

            Assert.True(firstError == null, "row " + d.Row + ": expected the input to be read (" + d.Why + "): " + firstError?.Error?.Message);
            switch (d.Row)
            {
                case 30:
                {
                    CloudTask task = Assert.Single(results).Task!;
                    Assert.Contains(BatchTaskValidator.Validate(task), i => i.Rule == "UnknownEnumValue");
                    string written = s_full.Write(task);
                    Assert.Equal(task, new BatchTaskReader().ReadTask(written), BatchModelComparer.Instance);
                    break;
                }

                case 3:
                {
                    // Decoded here with the framework's own UTF-16 decoder, then read as UTF-8.
                    string text = new UnicodeEncoding(bytes[0] == 0xFE, true).GetString(bytes, 2, bytes.Length - 2);
                    CloudTask viaUtf8 = new BatchTaskReader().ReadTask(Encoding.UTF8.GetBytes(text));
                    Assert.Equal(viaUtf8, Assert.Single(results).Task, BatchModelComparer.Instance);
                    Assert.False(string.IsNullOrEmpty(viaUtf8.Id));
                    break;
                }

                case 21:
                    Assert.Equal(new DateTime(2024, 5, 6, 0, 0, 0, DateTimeKind.Utc), Assert.Single(results).Task!.CreationTime);
                    break;
                case 6 when name == "invalid_0077":
                    Assert.Empty(results);
                    break;
                case 6:
                    Assert.Equal("q", Assert.Single(results).Task!.Id);
                    break;
                default:
                    Assert.Fail("no check written for row " + d.Row + " (" + folder + "/" + name + ")");
                    break;
            }
        }

        internal static List<TaskReadResult> ReadAll(byte[] bytes)
        {
            using TaskSequenceReader seq = new BatchTaskReader().OpenSequence(new MemoryStream(bytes));
            return seq.ToList();
        }

        /// <summary>"Parameter 'OutputFile.file_pattern' can not be None." becomes "OutputFile.file_pattern".</summary>
        private static string ParseRequired(string message)
        {
            int a = message.IndexOf('\'') + 1;
            int b = message.IndexOf('\'', a);
            Assert.True(message.EndsWith("can not be None.", StringComparison.Ordinal), "unexpected validate() message: " + message);
            return message.Substring(a, b - a);
        }

        private static bool IsKnownName(string type, string key) =>
            TestData.Model.Attributes(type).Any(kv =>
                string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase) || string.Equals(kv.Value.Python, key, StringComparison.OrdinalIgnoreCase));

        /// <summary>Follows $.a.b[2].c through our output, tracking the reference type at each step.</summary>
        private static JsonElement? Navigate(JsonElement root, string path, out string type)
        {
            type = "CloudTask";
            JsonElement node = root;
            int i = 1;
            while (i < path.Length)
            {
                if (path[i] == '.')
                {
                    int end = i + 1;
                    while (end < path.Length && path[end] != '.' && path[end] != '[')
                    {
                        end++;
                    }

                    string key = path.Substring(i + 1, end - i - 1);
                    string wire = TestData.Model.Attributes(type)[key].Type;
                    type = wire.Trim('[', ']');
                    if (!node.TryGetProperty(key, out node))
                    {
                        return null;
                    }

                    i = end;
                }
                else
                {
                    int end = path.IndexOf(']', i);
                    node = node[int.Parse(path.AsSpan(i + 1, end - i - 1), System.Globalization.CultureInfo.InvariantCulture)];
                    i = end + 1;
                }
            }

            return node;
        }

        /// <summary>Deep JSON equality: object keys in any order, numbers by value, strings by content.</summary>
        internal static bool JsonElementEquals(JsonElement a, JsonElement b)
        {
            if (a.ValueKind != b.ValueKind)
            {
                return false;
            }

            switch (a.ValueKind)
            {
                case JsonValueKind.Object:
                    var aProps = a.EnumerateObject().ToList();
                    var bProps = b.EnumerateObject().ToList();
                    return aProps.Count == bProps.Count &&
                           aProps.All(p => b.TryGetProperty(p.Name, out JsonElement v) && JsonElementEquals(p.Value, v));
                case JsonValueKind.Array:
                    return a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(t => JsonElementEquals(t.First, t.Second));
                case JsonValueKind.Number:
                    return decimal.TryParse(a.GetRawText(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out decimal x) &&
                           decimal.TryParse(b.GetRawText(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out decimal y)
                        ? x == y
                        : a.GetRawText() == b.GetRawText();
                case JsonValueKind.String:
                    return ReferenceComparer.Unescape(a.GetRawText()) == ReferenceComparer.Unescape(b.GetRawText());
                default:
                    return true;
            }
        }
    }
}
