using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using BatchTaskPS.Model;
using BatchTaskPS.Schema;
using BatchTaskPS.Serialization;
using BatchTaskPS.Tests.Support;
using BatchTaskPS.Validation;
using Json.Schema;
using Xunit;

namespace BatchTaskPS.Tests.Schema
{
    /// <summary>The schemas Export-BatchTaskSchema writes, checked with JsonSchema.Net against the validator.</summary>
    public sealed class TaskSchemaTests
    {
        private const string Good =
            "{\"id\":\"render-0042\",\"commandLine\":\"/bin/sh -c run.sh\",\"displayName\":\"Render 42\"," +
            "\"containerSettings\":{\"imageName\":\"ubuntu:22.04\",\"workingDirectory\":\"taskWorkingDirectory\",\"registry\":{\"registryServer\":\"r.io\",\"username\":\"u\",\"password\":\"p\"}}," +
            "\"resourceFiles\":[{\"httpUrl\":\"https://s.blob.core.windows.net/c/run.sh?sv=1&sig=x\",\"filePath\":\"run.sh\",\"fileMode\":\"0755\"}," +
            "{\"autoStorageContainerName\":\"inputs\",\"blobPrefix\":\"frames/\"}]," +
            "\"outputFiles\":[{\"filePattern\":\"out/*.png\",\"destination\":{\"container\":{\"containerUrl\":\"https://s.blob.core.windows.net/out?sig=y\",\"path\":\"r42\"," +
            "\"uploadHeaders\":[{\"name\":\"x-ms-meta-a\",\"value\":\"1\"}]}},\"uploadOptions\":{\"uploadCondition\":\"taskcompletion\"}}]," +
            "\"environmentSettings\":[{\"name\":\"FRAME\",\"value\":\"42\"}],\"affinityInfo\":{\"affinityId\":\"node-1\"}," +
            "\"constraints\":{\"maxWallClockTime\":\"PT2H\",\"retentionTime\":\"P1D\",\"maxTaskRetryCount\":-1},\"requiredSlots\":2," +
            "\"userIdentity\":{\"autoUser\":{\"scope\":\"task\",\"elevationLevel\":\"admin\"}}," +
            "\"exitConditions\":{\"exitCodes\":[{\"code\":3,\"exitOptions\":{\"jobAction\":\"terminate\"}}],\"exitCodeRanges\":[{\"start\":10,\"end\":20,\"exitOptions\":{\"dependencyAction\":\"block\"}}]}," +
            "\"dependsOn\":{\"taskIds\":[\"setup\"],\"taskIdRanges\":[{\"start\":1,\"end\":41}]},\"applicationPackageReferences\":[{\"applicationId\":\"blender\",\"version\":\"3.6\"}]}";

        private static readonly Dictionary<string, JsonSchema> s_schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);

        private static JsonSchema SchemaOf(TaskSchemaShape shape, string? version = null)
        {
            string key = shape + "/" + version;
            lock (s_schemas)
            {
                if (!s_schemas.TryGetValue(key, out JsonSchema? schema))
                {
                    string text = TaskSchemaGenerator.Generate(new TaskSchemaOptions { Shape = shape, ApiVersion = version });
                    schema = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
                    s_schemas[key] = schema;
                }

                return schema;
            }
        }

        private static EvaluationResults Evaluate(TaskSchemaShape shape, string json, string? version = null)
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            return SchemaOf(shape, version).Evaluate(doc.RootElement.Clone(), new EvaluationOptions { OutputFormat = OutputFormat.List });
        }

        /// <summary>
        /// The JSON paths at which the schema fails: where a keyword reports an error, and where a subschema fails with
        /// no failure deeper in the instance (a <c>not</c> reports no message); a missing required property at its own path.
        /// </summary>
        private static HashSet<string> FailurePaths(EvaluationResults results)
        {
            var invalid = (results.Details ?? (IReadOnlyList<EvaluationResults>)Array.Empty<EvaluationResults>()).Append(results).Where(d => !d.IsValid).ToList();
            var locations = invalid.Select(d => d.InstanceLocation.ToString()).ToList();
            var paths = new HashSet<string>(StringComparer.Ordinal);
            foreach (EvaluationResults d in invalid)
            {
                string pointer = d.InstanceLocation.ToString();
                string at = ToJsonPath(pointer);
                if (d.Errors != null || !locations.Any(l => l.StartsWith(pointer + "/", StringComparison.Ordinal)))
                {
                    paths.Add(at);
                }

                if (d.Errors != null && d.Errors.TryGetValue("required", out string? message))
                {
                    foreach (string part in message.Split('"').Where((_, i) => i % 2 == 1))
                    {
                        paths.Add(at + "." + part);
                    }
                }
            }

            return paths;
        }

        /// <summary>True when the schema fails at <paramref name="path"/> or inside the value there.</summary>
        private static bool FailsAt(EvaluationResults results, string path) =>
            FailurePaths(results).Any(p => p == path || p.StartsWith(path + ".", StringComparison.Ordinal) || p.StartsWith(path + "[", StringComparison.Ordinal));

        private static string ToJsonPath(string pointer)
        {
            var sb = new System.Text.StringBuilder("$");
            foreach (string raw in pointer.Split('/').Skip(1))
            {
                string seg = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                if (seg.Length > 0 && seg.All(char.IsAsciiDigit))
                {
                    sb.Append('[').Append(seg).Append(']');
                }
                else
                {
                    sb.Append('.').Append(seg);
                }
            }

            return sb.ToString();
        }

        private static string With(string find, string replace)
        {
            Assert.Contains(find, Good, StringComparison.Ordinal);
            return Good.Replace(find, replace, StringComparison.Ordinal);
        }

        private static bool HasErrors(IReadOnlyList<ValidationIssue> issues) => issues.Any(i => i.Severity == ValidationSeverity.Error);

        [Theory]
        [InlineData(TaskSchemaShape.Create)]
        [InlineData(TaskSchemaShape.Update)]
        [InlineData(TaskSchemaShape.Full)]
        [InlineData(TaskSchemaShape.AddCollection)]
        public void EachShape_IsAValidDraft202012Schema(TaskSchemaShape shape)
        {
            string text = TaskSchemaGenerator.Generate(new TaskSchemaOptions { Shape = shape });
            using JsonDocument doc = JsonDocument.Parse(text);
            Assert.Equal(TaskSchemaGenerator.Draft202012, doc.RootElement.GetProperty("$schema").GetString());
            EvaluationResults meta = MetaSchemas.Draft202012.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(meta.IsValid, text);
            Assert.True(Evaluate(shape, shape == TaskSchemaShape.AddCollection ? "{\"value\":[" + Good + "]}" : shape == TaskSchemaShape.Update ? "{\"constraints\":{\"maxWallClockTime\":\"PT1H\"}}" : Good).IsValid);
        }

        [Fact]
        public void TheGoodTask_PassesAndIsValid()
        {
            Assert.False(HasErrors(BatchTaskValidator.Validate(new BatchTaskReader().ReadTask(Good), new BatchTaskValidationOptions { Shape = TaskShape.Create })));
            Assert.True(Evaluate(TaskSchemaShape.Create, Good).IsValid);
            Assert.True(Evaluate(TaskSchemaShape.Full, Good).IsValid);
        }

        /// <summary>Every golden and real-world task (single bodies, arrays, list responses, add-collection bodies), as JSON text.</summary>
        private static IEnumerable<(string Name, string Json)> AllBodies()
        {
            IEnumerable<string> files = TestData.GoldenInputs("minimal", "typical", "full", "edge", "quirks", "invalid")
                .Concat(Directory.GetFiles(TestData.RealWorld, "*.json").OrderBy(f => f, StringComparer.Ordinal));
            foreach (string file in files)
            {
                JsonDocument doc;
                try
                {
                    byte[] bytes = File.ReadAllBytes(file);
                    _ = new System.Text.UTF8Encoding(false, true).GetString(bytes); // invalid UTF-8 is a read error anyway
                    doc = JsonDocument.Parse(bytes);
                }
                catch (Exception e) when (e is JsonException || e is System.Text.DecoderFallbackException)
                {
                    continue;
                }

                using (doc)
                {
                    string name = Path.GetFileName(file);
                    JsonElement root = doc.RootElement;
                    JsonElement list = default;
                    bool isList = root.ValueKind == JsonValueKind.Array ||
                        (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("value", out list) && list.ValueKind == JsonValueKind.Array);
                    if (!isList)
                    {
                        if (root.ValueKind == JsonValueKind.Object)
                        {
                            yield return (name, root.GetRawText());
                        }

                        continue;
                    }

                    int k = 0;
                    foreach (JsonElement item in (root.ValueKind == JsonValueKind.Array ? root : list).EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.Object)
                        {
                            yield return (name + "[" + k + "]", item.GetRawText());
                        }

                        k++;
                    }
                }
            }
        }

        private static CloudTask? TryRead(string json)
        {
            try
            {
                return new BatchTaskReader().ReadTask(json);
            }
            catch (BatchTaskReadException)
            {
                return null;
            }
        }

        [Fact]
        public void EveryBodyTheValidatorFindsValid_PassesTheSchemaOfThatShape()
        {
            int checkedFull = 0, checkedCreate = 0, checkedUpdate = 0;
            var failures = new List<string>();
            var createBodies = new List<string>();
            int undecodable = 0;
            foreach ((string name, string json) in AllBodies())
            {
                if (!Decodable(json))
                {
                    // A lone surrogate escape (\ud800): valid JSON that System.Text.Json, and so JsonSchema.Net, cannot turn into a string.
                    undecodable++;
                    continue;
                }

                CloudTask? task = TryRead(json);
                if (task == null)
                {
                    continue;
                }

                foreach (TaskSchemaShape shape in new[] { TaskSchemaShape.Full, TaskSchemaShape.Create })
                {
                    var options = new BatchTaskValidationOptions { Shape = shape == TaskSchemaShape.Create ? TaskShape.Create : TaskShape.Full };
                    if (HasErrors(BatchTaskValidator.Validate(task, options)))
                    {
                        continue;
                    }

                    EvaluationResults r = Evaluate(shape, json);
                    if (!r.IsValid)
                    {
                        failures.Add(shape + " " + name + ": " + string.Join(", ", FailurePaths(r)));
                    }

                    if (shape == TaskSchemaShape.Full)
                    {
                        checkedFull++;

                        // Its update body (what ConvertTo-BatchTaskJson -Shape Update writes) passes the Update schema.
                        string update = new BatchTaskWriter(new BatchTaskWriterOptions { Shape = TaskShape.Update }).Write(task);
                        EvaluationResults u = Evaluate(TaskSchemaShape.Update, update);
                        if (!u.IsValid)
                        {
                            failures.Add("Update " + name + ": " + string.Join(", ", FailurePaths(u)));
                        }

                        checkedUpdate++;
                    }
                    else
                    {
                        checkedCreate++;
                        if (createBodies.Count < 100)
                        {
                            createBodies.Add(json);
                        }
                    }
                }
            }

            Assert.Empty(failures);

            // Up to 100 valid add-task bodies as one add-collection body.
            EvaluationResults collection = Evaluate(TaskSchemaShape.AddCollection, "{\"value\":[" + string.Join(",", createBodies) + "]}");
            Assert.True(collection.IsValid, string.Join(", ", FailurePaths(collection)));
            Assert.True(checkedFull >= 75, "only " + checkedFull + " valid bodies were found");
            Assert.True(checkedCreate >= 60, "only " + checkedCreate + " valid add-task bodies were found");
            Assert.Equal(checkedFull, checkedUpdate);
            Assert.True(undecodable < 5, undecodable + " bodies could not be checked");
        }

        private static bool Decodable(string json)
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            var stack = new Stack<JsonElement>();
            stack.Push(doc.RootElement);
            try
            {
                while (stack.Count > 0)
                {
                    JsonElement e = stack.Pop();
                    switch (e.ValueKind)
                    {
                        case JsonValueKind.String:
                            _ = e.GetString();
                            break;
                        case JsonValueKind.Object:
                            foreach (JsonProperty p in e.EnumerateObject())
                            {
                                _ = p.Name;
                                stack.Push(p.Value);
                            }

                            break;
                        case JsonValueKind.Array:
                            foreach (JsonElement item in e.EnumerateArray())
                            {
                                stack.Push(item);
                            }

                            break;
                        default:
                            break;
                    }
                }
            }
            catch (InvalidOperationException)
            {
                return false;
            }

            return true;
        }

        public static IEnumerable<object[]> BrokenRules()
        {
            // rule (as the validator names it), JSON path, the good task changed so that it breaks the rule
            yield return new object[] { "Required", "$.outputFiles[0].destination", With("\"destination\":{\"container\":{\"containerUrl\":\"https://s.blob.core.windows.net/out?sig=y\",\"path\":\"r42\",\"uploadHeaders\":[{\"name\":\"x-ms-meta-a\",\"value\":\"1\"}]}},", "") };
            yield return new object[] { "Required", "$.containerSettings.imageName", With("\"imageName\":\"ubuntu:22.04\",", "") };
            yield return new object[] { "Required", "$.environmentSettings[0].name", With("{\"name\":\"FRAME\",\"value\":\"42\"}", "{\"value\":\"42\"}") };
            yield return new object[] { "Required", "$.dependsOn.taskIdRanges[0].start", With("{\"start\":1,\"end\":41}", "{\"end\":41}") };
            yield return new object[] { "Required", "$.exitConditions.exitCodes[0].code", With("\"code\":3,", "") };
            yield return new object[] { "Required", "$.outputFiles[0].uploadOptions.uploadCondition", With("{\"uploadCondition\":\"taskcompletion\"}", "{}") };
            yield return new object[] { "Required", "$.outputFiles[0].filePattern", With("\"filePattern\":\"out/*.png\"", "\"filePattern\":null") };
            yield return new object[] { "T1", "$.id", With("\"id\":\"render-0042\",", "") };
            yield return new object[] { "T1", "$.id", With("\"id\":\"render-0042\"", "\"id\":\"\"") };
            yield return new object[] { "T2", "$.id", With("render-0042", new string('a', 65)) };
            yield return new object[] { "T3", "$.id", With("render-0042", "render 42") };
            yield return new object[] { "T3", "$.id", With("render-0042", "rendér") };
            yield return new object[] { "T6", "$.displayName", With("Render 42", new string('d', 1025)) };
            yield return new object[] { "T7", "$.commandLine", With("\"commandLine\":\"/bin/sh -c run.sh\",", "") };
            yield return new object[] { "T7", "$.commandLine", With("\"/bin/sh -c run.sh\"", "\"\"") };
            yield return new object[] { "T8", "$.requiredSlots", With("\"requiredSlots\":2", "\"requiredSlots\":0") };
            yield return new object[] { "C1", "$.constraints.maxTaskRetryCount", With("\"maxTaskRetryCount\":-1", "\"maxTaskRetryCount\":-2") };
            yield return new object[] { "C6", "$.constraints.maxWallClockTime", With("\"PT2H\"", "\"-PT2H\"") };
            yield return new object[] { "C6", "$.constraints.retentionTime", With("\"P1D\"", "\"-P1D\"") };
            yield return new object[] { "M1", "$.multiInstanceSettings.coordinationCommandLine", With("\"requiredSlots\":2", "\"multiInstanceSettings\":{\"coordinationCommandLine\":\"\"}") };
            yield return new object[] { "Required", "$.multiInstanceSettings.coordinationCommandLine", With("\"requiredSlots\":2", "\"multiInstanceSettings\":{}") };
            yield return new object[] { "M2", "$.multiInstanceSettings.numberOfInstances", With("\"requiredSlots\":2", "\"multiInstanceSettings\":{\"coordinationCommandLine\":\"c\",\"numberOfInstances\":0}") };
            yield return new object[] { "R4", "$.resourceFiles[0].filePath", With("\"filePath\":\"run.sh\"", "\"filePath\":\"../run.sh\"") };
            yield return new object[] { "R4", "$.resourceFiles[0].filePath", With("\"filePath\":\"run.sh\"", "\"filePath\":\"/etc/run.sh\"") };
            yield return new object[] { "R4", "$.resourceFiles[0].filePath", With("\"filePath\":\"run.sh\"", "\"filePath\":\"a\\\\..\\\\..\\\\b\"") };
            yield return new object[] { "R5", "$.resourceFiles[0].fileMode", With("\"0755\"", "\"0855\"") };
            yield return new object[] { "O2", "$.outputFiles[0].destination.container", With("\"destination\":{\"container\":{\"containerUrl\":\"https://s.blob.core.windows.net/out?sig=y\",\"path\":\"r42\",\"uploadHeaders\":[{\"name\":\"x-ms-meta-a\",\"value\":\"1\"}]}}", "\"destination\":{}") };
            yield return new object[] { "O3", "$.outputFiles[0].destination.container.containerUrl", With("\"https://s.blob.core.windows.net/out?sig=y\"", "\"blob.core.windows.net/out\"") };
            yield return new object[] { "K1", "$.containerSettings.imageName", With("\"ubuntu:22.04\"", "\"  \"") };
            yield return new object[] { "A1", "$.applicationPackageReferences[0].applicationId", With("\"blender\"", "\" \"") };
            yield return new object[] { "D4", "$.dependsOn.taskIdRanges[0]", With("{\"start\":1,\"end\":41}", "{\"start\":-1,\"end\":41}") };
            yield return new object[] { "UnknownEnumValue", "$.userIdentity.autoUser.elevationLevel", With("\"admin\"", "\"superuser\"") };
            yield return new object[] { "UnknownEnumValue", "$.userIdentity.autoUser.scope", With("\"scope\":\"task\"", "\"scope\":\"\"") };
            yield return new object[] { "UnknownEnumValue", "$.outputFiles[0].uploadOptions.uploadCondition", With("\"taskcompletion\"", "\"always\"") };
            yield return new object[] { "UnknownEnumValue", "$.containerSettings.workingDirectory", With("\"taskWorkingDirectory\"", "\"task-working-directory\"") };
            yield return new object[] { "UnknownEnumValue", "$.exitConditions.exitCodes[0].exitOptions.jobAction", With("\"terminate\"", "\"stop\"") };
            yield return new object[] { "NullItem", "$.resourceFiles[1]", With("{\"autoStorageContainerName\":\"inputs\",\"blobPrefix\":\"frames/\"}", "null") };
            yield return new object[] { "NullItem", "$.dependsOn.taskIds[0]", With("[\"setup\"]", "[null]") };
        }

        [Theory]
        [MemberData(nameof(BrokenRules))]
        public void ABodyBreakingARule_FailsTheSchemaAtThePathTheValidatorNames(string rule, string path, string json)
        {
            IReadOnlyList<ValidationIssue> issues = BatchTaskValidator.Validate(new BatchTaskReader().ReadTask(json), new BatchTaskValidationOptions { Shape = TaskShape.Create });
            Assert.Equal(path, Assert.Single(issues.Where(i => i.Severity == ValidationSeverity.Error), i => i.Rule == rule).Path);
            foreach (TaskSchemaShape shape in new[] { TaskSchemaShape.Create, TaskSchemaShape.Full })
            {
                EvaluationResults r = Evaluate(shape, json);
                Assert.False(r.IsValid);
                Assert.True(FailsAt(r, path), shape + " fails at " + string.Join(", ", FailurePaths(r)));
            }

            EvaluationResults collection = Evaluate(TaskSchemaShape.AddCollection, "{\"value\":[" + Good + "," + json + "]}");
            Assert.False(collection.IsValid);
            Assert.True(FailsAt(collection, "$.value[1]" + path[1..]));
        }

        public static IEnumerable<object[]> WrongTypes()
        {
            // A value of the wrong JSON type: the reader refuses it (with the path), and the schema fails there too.
            yield return new object[] { "$.requiredSlots", With("\"requiredSlots\":2", "\"requiredSlots\":true") };
            yield return new object[] { "$.requiredSlots", With("\"requiredSlots\":2", "\"requiredSlots\":\"two\"") };
            yield return new object[] { "$.displayName", With("\"Render 42\"", "{\"a\":1}") };
            yield return new object[] { "$.constraints", With("\"constraints\":{\"maxWallClockTime\":\"PT2H\",\"retentionTime\":\"P1D\",\"maxTaskRetryCount\":-1}", "\"constraints\":[]") };
            yield return new object[] { "$.constraints.maxWallClockTime", With("\"PT2H\"", "\"P1Y\"") };
            yield return new object[] { "$.constraints.maxWallClockTime", With("\"PT2H\"", "3600") };
            yield return new object[] { "$.dependsOn.taskIds", With("[\"setup\"]", "\"setup\"") };
            yield return new object[] { "$.dependsOn.taskIds[0]", With("[\"setup\"]", "[false]") };
            yield return new object[] { "$.resourceFiles[1]", With("{\"autoStorageContainerName\":\"inputs\",\"blobPrefix\":\"frames/\"}", "42") };
            yield return new object[] { "$.userIdentity.autoUser.elevationLevel", With("\"admin\"", "1") };
            yield return new object[] { "$.containerSettings.registry.password", With("\"password\":\"p\"", "\"password\":true") };
        }

        [Theory]
        [MemberData(nameof(WrongTypes))]
        public void AValueOfTheWrongType_FailsTheSchemaWhereTheReaderFails(string path, string json)
        {
            BatchTaskReadException e = Assert.Throws<BatchTaskReadException>(() => new BatchTaskReader().ReadTask(json));
            Assert.Equal(path, e.JsonPath);
            Assert.True(FailsAt(Evaluate(TaskSchemaShape.Full, json), path));
        }

        [Fact]
        public void ServiceOwnedProperties_FailTheCreateSchemaOnly_AsRuleT12()
        {
            string json = With("\"id\":\"render-0042\",", "\"id\":\"render-0042\",\"state\":\"active\",\"eTag\":\"0x1\",");
            IReadOnlyList<ValidationIssue> issues = BatchTaskValidator.Validate(new BatchTaskReader().ReadTask(json), new BatchTaskValidationOptions { Shape = TaskShape.Create });
            Assert.Equal(new[] { "$.eTag", "$.state" }, issues.Where(i => i.Rule == "T12").Select(i => i.Path).OrderBy(p => p, StringComparer.Ordinal));
            HashSet<string> failed = FailurePaths(Evaluate(TaskSchemaShape.Create, json));
            Assert.Contains("$.state", failed);
            Assert.Contains("$.eTag", failed);
            Assert.True(Evaluate(TaskSchemaShape.Full, json).IsValid);
        }

        [Fact]
        public void EnumValues_MatchInAnyLetterCase_AndServiceOwnedEnumsAcceptNewValues()
        {
            string json = With("\"admin\"", "\"ADMIN\"").Replace("\"taskcompletion\"", "\"TaskCompletion\"", StringComparison.Ordinal)
                .Replace("\"taskWorkingDirectory\"", "\"TASKWORKINGDIRECTORY\"", StringComparison.Ordinal);
            Assert.False(HasErrors(BatchTaskValidator.Validate(new BatchTaskReader().ReadTask(json))));
            Assert.True(Evaluate(TaskSchemaShape.Create, json).IsValid);

            string suspended = With("\"id\":\"render-0042\",", "\"id\":\"render-0042\",\"state\":\"suspended\",");
            Assert.False(HasErrors(BatchTaskValidator.Validate(new BatchTaskReader().ReadTask(suspended))));
            Assert.True(Evaluate(TaskSchemaShape.Full, suspended).IsValid);

            Assert.Equal("^(?:[aA][dD][mM][iI][nN]|[nN][oO][nN][aA][dD][mM][iI][nN])$", TaskSchemaGenerator.CaseInsensitivePattern(new[] { "admin", "nonadmin" }));
        }

        [Fact]
        public void AnApiVersionSchema_RefusesWhatThatVersionLacks_AtTheValidatorsPath()
        {
            string json = File.ReadAllText(Path.Combine(TestData.RealWorld, "TaskAdd_ContainerSettingsWithDataIsolation.request.json"));
            const string Old = "2024-02-01.19.0";
            ValidationIssue issue = Assert.Single(BatchTaskValidator.Validate(new BatchTaskReader().ReadTask(json), new BatchTaskValidationOptions { ApiVersion = Old }), i => i.Rule == "ApiVersion");
            Assert.Contains(issue.Path, FailurePaths(Evaluate(TaskSchemaShape.Create, json, Old)));
            Assert.True(Evaluate(TaskSchemaShape.Create, json, "2024-07-01.20.0").IsValid);

            string token = "{\"id\":\"t\",\"commandLine\":\"c\",\"authenticationTokenSettings\":{\"access\":[\"job\"]}}";
            Assert.Contains("$.authenticationTokenSettings", FailurePaths(Evaluate(TaskSchemaShape.Create, token, BatchApiVersions.Newest)));
            Assert.True(Evaluate(TaskSchemaShape.Create, token, "2025-06-01").IsValid);
        }

        [Fact]
        public void AddCollection_TakesAtMost100Tasks_AndNeedsValue()
        {
            string Body(int n) => "{\"value\":[" + string.Join(",", Enumerable.Range(0, n).Select(i => "{\"id\":\"t" + i + "\",\"commandLine\":\"c\"}")) + "]}";
            Assert.True(Evaluate(TaskSchemaShape.AddCollection, Body(100)).IsValid);
            Assert.Contains("$.value", FailurePaths(Evaluate(TaskSchemaShape.AddCollection, Body(101))));
            Assert.Contains("$.value", FailurePaths(Evaluate(TaskSchemaShape.AddCollection, "{}")));
        }

        [Fact]
        public void TheSchema_CarriesDescriptions_SecretsAreWriteOnly_UnknownPropertiesAreAllowed()
        {
            string text = TaskSchemaGenerator.Generate(new TaskSchemaOptions
            {
                Shape = TaskSchemaShape.Create,
                Describe = (type, key) => type == "CloudTask" && key == "commandLine" ? "The command line of the task" : null,
            });
            JsonNode root = JsonNode.Parse(text)!;
            JsonNode defs = root["$defs"]!;
            Assert.StartsWith("The command line of the task. CloudTask.commandLine (string), required", defs["CloudTask"]!["properties"]!["commandLine"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.True(defs["ContainerRegistry"]!["properties"]!["password"]!["writeOnly"]!.GetValue<bool>());
            Assert.Equal("date-time", JsonNode.Parse(TaskSchemaGenerator.Generate(new TaskSchemaOptions { Shape = TaskSchemaShape.Full }))!["$defs"]!["CloudTask"]!["properties"]!["creationTime"]!["format"]!.GetValue<string>());
            Assert.DoesNotContain("additionalProperties", text, StringComparison.Ordinal);
            Assert.True(Evaluate(TaskSchemaShape.Create, With("\"id\":\"render-0042\",", "\"id\":\"render-0042\",\"futureField\":{\"x\":[1]},")).IsValid);

            // Every property of every type has a description.
            foreach (KeyValuePair<string, JsonNode?> def in defs.AsObject())
            {
                foreach (KeyValuePair<string, JsonNode?> p in def.Value!["properties"]!.AsObject())
                {
                    Assert.False(string.IsNullOrEmpty(p.Value!["description"]?.GetValue<string>()), def.Key + "." + p.Key);
                }
            }
        }

        [Theory]
        [InlineData("PT2H", true)]
        [InlineData("P7D", true)]
        [InlineData("P1W", true)]
        [InlineData("PT1.5S", true)]
        [InlineData("PT", true)]
        [InlineData("P10675199DT2H48M5.4775807S", true)]
        [InlineData("P", false)]
        [InlineData("-PT5M", false)]
        [InlineData("pt5m", false)]
        [InlineData("P1Y", false)]
        [InlineData("PT1H30", false)]
        [InlineData("01:00:00", false)]
        public void DurationPattern_AgreesWithTheReaderAndRuleC6(string text, bool valid)
        {
            string json = "{\"id\":\"d\",\"commandLine\":\"c\",\"constraints\":{\"retentionTime\":\"" + text + "\"}}";
            CloudTask? task = TryRead(json);
            bool validatorValid = task != null && !HasErrors(BatchTaskValidator.Validate(task));
            Assert.Equal(valid, validatorValid);
            Assert.Equal(valid, Evaluate(TaskSchemaShape.Create, json).IsValid);
        }
    }
}
