using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Serialization.Wire;
using BatchTaskPS.Tests.Support;
using Xunit;

namespace BatchTaskPS.Tests.Serialization
{
    /// <summary>
    /// The generated straight-line read and write of each model (Serialization/Codecs/DirectCodecs.g.cs) must do
    /// exactly what the generic loops over the property table do (ModelInfo.TryReadPlainGeneric and
    /// WriteObjectGeneric, which the rest of the suite pinned down before the codecs existed): same task or same
    /// refusal on every JSON object of the test data, on every prefix of the service-shaped documents, and the
    /// same bytes written in every key style, with and without redaction and unknown properties.
    /// The generic side runs with every model's codec turned off (a nested object would otherwise go through its
    /// codec from the generic loop too), which is process-wide: these tests run in a collection of their own,
    /// not in parallel with any other test.
    /// </summary>
    [Collection(nameof(DirectCodecTests))]
    public sealed class DirectCodecTests
    {
        private static readonly BatchTaskReader FullOnly = new BatchTaskReader(new BatchTaskReaderOptions { UsePlainPath = false });

        private static readonly Lazy<List<(string Name, byte[] Json)>> s_objects = new Lazy<List<(string, byte[])>>(CollectObjects);

        /// <summary>Every JSON object in the test data that could be a task: whole documents, items of a "value" list, recorded bodies.</summary>
        private static List<(string Name, byte[] Json)> CollectObjects()
        {
            var found = new List<(string, byte[])>();
            // The root as the file's bytes (some cases hold invalid UTF-8 in a string, which GetRawText cannot give).
            void Add(string name, JsonElement e, byte[]? bytes = null)
            {
                if (e.ValueKind != JsonValueKind.Object)
                {
                    return;
                }

                try
                {
                    found.Add((name, bytes ?? Encoding.UTF8.GetBytes(e.GetRawText())));
                }
                catch (InvalidOperationException)
                {
                    return; // an item holding invalid UTF-8: its document is compared whole
                }

                if (e.TryGetProperty("value", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
                {
                    int k = 0;
                    foreach (JsonElement item in list.EnumerateArray())
                    {
                        Add(name + "/value/" + k++, item);
                    }
                }
            }

            foreach (string path in Directory.GetFiles(TestData.Golden, "*.json", SearchOption.AllDirectories).Concat(Directory.GetFiles(TestData.RealWorld, "*.json")).OrderBy(p => p, StringComparer.Ordinal))
            {
                byte[] bytes = File.ReadAllBytes(path);
                if (bytes.Length >= 3 && bytes[0] == 0xEF)
                {
                    bytes = bytes.AsSpan(3).ToArray();
                }

                JsonDocument doc;
                try
                {
                    doc = JsonDocument.Parse(bytes);
                }
                catch (JsonException)
                {
                    continue; // the invalid cases: no object to compare
                }

                using (doc)
                {
                    Add(Path.GetFileName(path), doc.RootElement, bytes);
                }
            }

            foreach (string path in Directory.GetFiles(Path.Combine(TestData.Recorded, "exchanges"), "Task_*.json").OrderBy(p => p, StringComparer.Ordinal))
            {
                using JsonDocument exchange = JsonDocument.Parse(File.ReadAllBytes(path));
                foreach (string part in new[] { "request", "response" })
                {
                    if (exchange.RootElement.TryGetProperty(part, out JsonElement message) &&
                        message.TryGetProperty("body", out JsonElement body) && body.ValueKind == JsonValueKind.String && body.GetString()!.TrimStart().StartsWith('{'))
                    {
                        using JsonDocument inner = JsonDocument.Parse(body.GetString()!);
                        Add(Path.GetFileName(path) + "/" + part, inner.RootElement);
                    }
                }
            }

            return found;
        }

        private static CloudTask? Direct(ReadOnlySpan<byte> json)
        {
            var s = new PlainJsonScanner(json, BatchTaskReaderOptions.Default.MaxStringBytes);
            return CloudTask.Metadata.TryReadPlain(ref s);
        }

        private static CloudTask? Generic(ReadOnlySpan<byte> json)
        {
            var s = new PlainJsonScanner(json, BatchTaskReaderOptions.Default.MaxStringBytes);
            using (CodecsOff())
            {
                return CloudTask.Metadata.TryReadPlain(ref s);
            }
        }

        /// <summary>Every model's codec off until disposed.</summary>
        private static Restore CodecsOff()
        {
            foreach (ModelInfo info in AllModels())
            {
                info.UseDirectCodec(false);
            }

            return new Restore();
        }

        private sealed class Restore : IDisposable
        {
            public void Dispose()
            {
                foreach (ModelInfo info in AllModels())
                {
                    info.UseDirectCodec(true);
                }
            }
        }

        private static string Describe(CloudTask? task) => task == null ? "(refused)" : new BatchTaskWriter().Write(task);

        private static void AssertSameRead(string name, ReadOnlySpan<byte> json)
        {
            CloudTask? direct = Direct(json), generic = Generic(json);
            if ((direct == null) != (generic == null) || (direct != null && !CloudTask.Metadata.ValueEquals(direct, generic!)))
            {
                Assert.Fail(name + ": the generated read gives " + Describe(direct) + ", the generic loop " + Describe(generic));
            }
        }

        [Fact]
        public void TheCodecsAreInUse()
        {
            // Otherwise every comparison below compares the generic loop with itself.
            Assert.False(DirectCodecs.Disabled, "BATCHTASKPS_NO_DIRECT=1 is set for the test run");
            DirectCodecs.Find(out DirectPlainRead<CloudTask>? read, out DirectWrite<CloudTask>? write);
            Assert.NotNull(read);
            Assert.NotNull(write);
            foreach (ModelInfo info in AllModels())
            {
                // Each model's table resolves to its own generated pair (the lookup is by type).
                Type model = info.GetType().GetGenericArguments()[0];
                var args = new object?[] { null, null };
                typeof(DirectCodecs).GetMethod(nameof(DirectCodecs.Find), System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)!
                    .MakeGenericMethod(model).Invoke(null, args);
                Assert.True(args[0] != null && args[1] != null, model.Name + " has no generated read and write");
            }
        }

        [Fact]
        public void EveryObjectOfTheTestData_ReadsTheSameByBothPaths()
        {
            List<(string Name, byte[] Json)> objects = s_objects.Value;
            Assert.True(objects.Count > 500, "expected the whole test data, found " + objects.Count + " objects");
            int taken = 0;
            foreach ((string name, byte[] json) in objects)
            {
                AssertSameRead(name, json);
                taken += Direct(json) != null ? 1 : 0;
            }

            // Most objects are service-shaped: the comparison is not only of two refusals.
            Assert.True(taken > objects.Count / 2, taken + " of " + objects.Count + " took the fast path");
        }

        [Fact]
        public void EveryPrefixAndEveryOneByteChange_OfTheFullGoldenTasks_ReadsTheSameByBothPaths()
        {
            // Cut short anywhere, or with one byte changed to each of the JSON structural characters and a digit,
            // the generated read must refuse (or accept) exactly where the generic loop does.
            byte[] swaps = Encoding.ASCII.GetBytes("{}[]\",:0 n");
            int documents = 0;
            foreach (string path in TestData.GoldenInputs("full").Take(6))
            {
                byte[] json = File.ReadAllBytes(path);
                for (int n = 0; n < json.Length; n++)
                {
                    AssertSameRead(path + " cut at " + n, json.AsSpan(0, n));
                }

                byte[] changed = (byte[])json.Clone();
                for (int i = 0; i < json.Length; i += 3)
                {
                    foreach (byte b in swaps)
                    {
                        changed[i] = b;
                        AssertSameRead(path + " byte " + i + " as '" + (char)b + "'", changed);
                    }

                    changed[i] = json[i];
                }

                documents++;
            }

            Assert.Equal(6, documents);
        }

        [Fact]
        public void EveryTaskOfTheTestData_WritesTheSameBytesByBothPaths_InEveryStyle()
        {
            int written = 0;
            foreach ((string name, byte[] json) in s_objects.Value)
            {
                CloudTask task;
                try
                {
                    task = FullOnly.ReadTaskObject(json);
                }
                catch (BatchTaskReadException)
                {
                    continue;
                }

                foreach (KeyStyle style in new[] { KeyStyle.Rest, KeyStyle.Attribute, KeyStyle.Property })
                {
                    foreach (bool redact in new[] { false, true })
                    {
                        foreach (bool additional in new[] { true, false })
                        {
                            var wc = new WriteContext { KeyStyle = style, RedactSecrets = redact, IncludeAdditional = additional };
                            using var direct = new JsonSink();
                            using var generic = new JsonSink();
                            CloudTask.Metadata.WriteObject(direct, task, wc);
                            using (CodecsOff())
                            {
                                CloudTask.Metadata.WriteObject(generic, task, wc);
                            }

                            if (!direct.WrittenSpan.SequenceEqual(generic.WrittenSpan))
                            {
                                Assert.Fail(name + " (" + style + ", redact " + redact + ", additional " + additional + "): the generated write gives\n" + direct + "\nthe generic loop\n" + generic);
                            }
                        }
                    }
                }

                written++;
            }

            Assert.True(written > 500, "only " + written + " tasks were written");
        }

        [Fact]
        public void TheTestDataSetsEveryPropertyOfEveryModel_SoEveryGeneratedCaseIsCompared()
        {
            // The comparisons above only reach a generated case when some document sets that property.
            var set = new HashSet<string>(StringComparer.Ordinal);
            void Walk(BatchModel? model)
            {
                if (model == null)
                {
                    return;
                }

                ModelInfo info = model.Info;
                foreach (PropertyDescriptor p in info.Properties)
                {
                    if (!p.IsSetOn(model))
                    {
                        continue;
                    }

                    set.Add(info.TypeName + "." + p.RestKey);
                    object? value = p.ValueOf(model);
                    if (value is BatchModel nested)
                    {
                        Walk(nested);
                    }
                    else if (value is System.Collections.IEnumerable items && !(value is string))
                    {
                        foreach (object? item in items)
                        {
                            Walk(item as BatchModel);
                        }
                    }
                }
            }

            foreach ((string _, byte[] json) in s_objects.Value)
            {
                Walk(Direct(json));
            }

            string[] missing = AllModels().SelectMany(m => m.Properties.Select(p => m.TypeName + "." + p.RestKey)).Where(k => !set.Contains(k)).ToArray();
            Assert.True(missing.Length == 0, "never set on the fast path by any test document: " + string.Join(", ", missing));
        }

        private static IEnumerable<ModelInfo> AllModels()
        {
            var seen = new HashSet<ModelInfo>();
            var queue = new Queue<ModelInfo>();
            queue.Enqueue(CloudTask.Schema);
            while (queue.Count > 0)
            {
                ModelInfo info = queue.Dequeue();
                if (!seen.Add(info))
                {
                    continue;
                }

                yield return info;
                foreach (PropertyDescriptor p in info.Properties)
                {
                    if (p.ModelType != null)
                    {
                        queue.Enqueue(p.ModelType);
                    }
                }
            }
        }
    }

    /// <summary>The collection of <see cref="DirectCodecTests"/>: alone, since they turn the codecs off process-wide.</summary>
    [CollectionDefinition(nameof(DirectCodecTests), DisableParallelization = true)]
    public sealed class DirectCodecTestsRunAlone
    {
    }
}
