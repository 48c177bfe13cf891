using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Validation;
using Xunit;

namespace BatchTaskPS.Tests.Validation
{
    public sealed class BatchTaskValidatorTests
    {
        private const string Good =
            "{\"id\":\"render-0042\",\"commandLine\":\"/bin/sh -c run.sh\",\"displayName\":\"Render 42\"," +
            "\"containerSettings\":{\"imageName\":\"ubuntu:22.04\",\"workingDirectory\":\"taskWorkingDirectory\"}," +
            "\"resourceFiles\":[{\"httpUrl\":\"https://s.blob.core.windows.net/c/run.sh?sv=1&sig=x\",\"filePath\":\"run.sh\",\"fileMode\":\"0755\"}," +
            "{\"autoStorageContainerName\":\"inputs\",\"blobPrefix\":\"frames/\"}]," +
            "\"outputFiles\":[{\"filePattern\":\"out/*.png\",\"destination\":{\"container\":{\"containerUrl\":\"https://s.blob.core.windows.net/out?sig=y\",\"path\":\"r42\"," +
            "\"uploadHeaders\":[{\"name\":\"x-ms-meta-a\",\"value\":\"1\"}]}},\"uploadOptions\":{\"uploadCondition\":\"taskcompletion\"}}]," +
            "\"environmentSettings\":[{\"name\":\"FRAME\",\"value\":\"42\"}],\"affinityInfo\":{\"affinityId\":\"node-1\"}," +
            "\"constraints\":{\"maxWallClockTime\":\"PT2H\",\"retentionTime\":\"P1D\",\"maxTaskRetryCount\":-1},\"requiredSlots\":2," +
            "\"userIdentity\":{\"autoUser\":{\"scope\":\"task\",\"elevationLevel\":\"admin\"}}," +
            "\"exitConditions\":{\"exitCodes\":[{\"code\":3,\"exitOptions\":{\"jobAction\":\"terminate\"}}],\"exitCodeRanges\":[{\"start\":10,\"end\":20,\"exitOptions\":{\"dependencyAction\":\"block\"}}]}," +
            "\"dependsOn\":{\"taskIds\":[\"setup\"],\"taskIdRanges\":[{\"start\":1,\"end\":41}]},\"applicationPackageReferences\":[{\"applicationId\":\"blender\",\"version\":\"3.6\"}]}";

        private static IReadOnlyList<ValidationIssue> Check(string json, TaskShape shape = TaskShape.Full) =>
            BatchTaskValidator.Validate(new BatchTaskReader().ReadTask(json), new BatchTaskValidationOptions { Shape = shape });

        /// <summary>The good task with one property replaced (a tiny JSON patch on the REST text).</summary>
        private static string With(string find, string replace)
        {
            Assert.Contains(find, Good);
            return Good.Replace(find, replace);
        }

        [Fact]
        public void JsonPaths_AreWrittenOneWay_ByTheReaderAndTheValidator()
        {
            // An odd key: the validator's finding and the reader's error name it with the same escaping.
            const string key = "it's odd\\";
            CloudTask task = new BatchTaskReader().ReadTask("{\"id\":\"a\",\"commandLine\":\"c\",\"resourceFiles\":[{\"httpUrl\":\"https://h/x\",\"it's odd\\\\\":1}]}");
            ValidationIssue unknown = Assert.Single(BatchTaskValidator.Validate(task), i => i.Rule == "UnknownProperty");
            Assert.Equal("$.resourceFiles[0]['it\\'s odd\\\\']", unknown.Path);
            var e = Assert.Throws<BatchTaskReadException>(() => new BatchTaskReader().ReadTask("{\"resourceFiles\":[{\"" + key.Replace("\\", "\\\\", System.StringComparison.Ordinal) + "\":{\"x\":\"\\q\"}}]}"));
            Assert.Equal(unknown.Path + ".x", e.JsonPath);
        }

        [Fact]
        public void AGoodTask_HasNoFindings()
        {
            Assert.Empty(Check(Good));
            Assert.Empty(Check(Good, TaskShape.Create));
            Assert.True(BatchTaskValidator.IsValid(new BatchTaskReader().ReadTask(Good), strict: true));
        }

        public static IEnumerable<object[]> RuleCases()
        {
            // rule, severity, path, the good task changed so that exactly this rule fails
            yield return Case("T1", "$.id", With("\"id\":\"render-0042\"", "\"id\":\"\""));
            yield return Case("T2", "$.id", With("render-0042", new string('a', 65)));
            yield return Case("T3", "$.id", With("render-0042", "render 42"));
            yield return Case("T3", "$.id", With("render-0042", "rendér"));
            yield return Case("T6", "$.displayName", With("Render 42", new string('d', 1025)));
            yield return Case("T7", "$.commandLine", With("\"commandLine\":\"/bin/sh -c run.sh\",", ""));
            yield return Case("T8", "$.requiredSlots", With("\"requiredSlots\":2", "\"requiredSlots\":0"));
            yield return Case("T9", "$.requiredSlots", With("\"requiredSlots\":2", "\"requiredSlots\":2,\"multiInstanceSettings\":{\"coordinationCommandLine\":\"c\"}"));
            yield return Case("C1", "$.constraints.maxTaskRetryCount", With("\"maxTaskRetryCount\":-1", "\"maxTaskRetryCount\":-2"));
            yield return Case("C6", "$.constraints.maxWallClockTime", With("\"PT2H\"", "\"-PT2H\""));
            yield return Case("C6", "$.constraints.retentionTime", With("\"P1D\"", "\"-P1D\""));
            yield return Case("M1", "$.multiInstanceSettings.coordinationCommandLine", With("\"requiredSlots\":2", "\"multiInstanceSettings\":{\"coordinationCommandLine\":\"\"}"));
            yield return Case("M2", "$.multiInstanceSettings.numberOfInstances", With("\"requiredSlots\":2", "\"multiInstanceSettings\":{\"coordinationCommandLine\":\"c\",\"numberOfInstances\":0}"));
            yield return Case("R1", "$.resourceFiles[1]", With("{\"autoStorageContainerName\":\"inputs\",\"blobPrefix\":\"frames/\"}", "{\"filePath\":\"x\"}"));
            yield return Case("R1", "$.resourceFiles[0]", With("\"httpUrl\":", "\"autoStorageContainerName\":\"c\",\"httpUrl\":"));
            yield return Case("R2", "$.resourceFiles[0].blobPrefix", With("\"fileMode\":\"0755\"", "\"blobPrefix\":\"p/\""));
            yield return Case("R3", "$.resourceFiles[0].filePath", With("\"filePath\":\"run.sh\",", ""));
            yield return Case("R4", "$.resourceFiles[0].filePath", With("\"filePath\":\"run.sh\"", "\"filePath\":\"../run.sh\""));
            yield return Case("R4", "$.resourceFiles[0].filePath", With("\"filePath\":\"run.sh\"", "\"filePath\":\"/etc/run.sh\""));
            yield return Case("R4", "$.resourceFiles[0].filePath", With("\"filePath\":\"run.sh\"", "\"filePath\":\"C:\\\\run.sh\""));
            yield return Case("R5", "$.resourceFiles[0].fileMode", With("\"0755\"", "\"rwx\""));
            yield return Case("R5", "$.resourceFiles[0].fileMode", With("\"0755\"", "\"0855\""));
            yield return Case("Required", "$.outputFiles[0].filePattern", With("\"filePattern\":\"out/*.png\",", ""));
            yield return Case("O2", "$.outputFiles[0].destination.container", With("\"destination\":{\"container\":{\"containerUrl\":\"https://s.blob.core.windows.net/out?sig=y\",\"path\":\"r42\",\"uploadHeaders\":[{\"name\":\"x-ms-meta-a\",\"value\":\"1\"}]}}", "\"destination\":{}"));
            yield return Case("O3", "$.outputFiles[0].destination.container.containerUrl", With("\"containerUrl\":\"https://s.blob.core.windows.net/out?sig=y\"", "\"containerUrl\":\"out-container\""));
            yield return Case("Required", "$.outputFiles[0].uploadOptions.uploadCondition", With("{\"uploadCondition\":\"taskcompletion\"}", "{}"));
            yield return Case("UnknownEnumValue", "$.outputFiles[0].uploadOptions.uploadCondition", With("\"taskcompletion\"", "\"always\""));
            yield return Case("Required", "$.outputFiles[0].destination.container.uploadHeaders[0].name", With("{\"name\":\"x-ms-meta-a\",\"value\":\"1\"}", "{\"value\":\"1\"}"));
            yield return Case("Required", "$.exitConditions.exitCodes[0].exitOptions", With(",\"exitOptions\":{\"jobAction\":\"terminate\"}", ""));
            yield return Case("X2", "$.exitConditions.exitCodeRanges[0]", With("\"start\":10,\"end\":20", "\"start\":20,\"end\":10"));
            yield return Case("D2", "$.dependsOn.taskIds", With("[\"setup\"]", "[" + string.Join(",", Enumerable.Range(0, 1100).Select(i => "\"" + new string('p', 58) + i.ToString("D4", CultureInfo.InvariantCulture) + "\"")) + "]"));
            yield return Case("D4", "$.dependsOn.taskIdRanges[0]", With("\"start\":1,\"end\":41", "\"start\":41,\"end\":1"));
            yield return Case("D4", "$.dependsOn.taskIdRanges[0]", With("\"start\":1,\"end\":41", "\"start\":-1,\"end\":41"));
            yield return Case("Required", "$.dependsOn.taskIdRanges[0].end", With("\"start\":1,\"end\":41", "\"start\":1"));
            yield return Case("D7", "$.dependsOn.taskIds", With("[\"setup\"]", "[\"RENDER-0042\"]"));
            yield return Case("D7", "$.dependsOn.taskIdRanges[0]", With("\"id\":\"render-0042\"", "\"id\":\"0007\""));
            yield return Case("Required", "$.containerSettings.imageName", With("\"imageName\":\"ubuntu:22.04\",", ""));
            yield return Case("K1", "$.containerSettings.imageName", With("\"ubuntu:22.04\"", "\" \""));
            yield return Case("UnknownEnumValue", "$.containerSettings.workingDirectory", With("\"taskWorkingDirectory\"", "\"home\""));
            yield return Case("K3", "$.containerSettings.containerHostBatchBindMounts[0].source", With("\"workingDirectory\":\"taskWorkingDirectory\"", "\"containerHostBatchBindMounts\":[{\"isReadOnly\":true},{\"source\":\"Task\"}]"));
            yield return Case("K4", "$.containerSettings.workingDirectory", With("\"workingDirectory\":\"taskWorkingDirectory\"", "\"workingDirectory\":\"taskWorkingDirectory\",\"containerHostBatchBindMounts\":[]"));
            yield return Case("UnknownEnumValue", "$.containerSettings.containerHostBatchBindMounts[1].source", With("\"workingDirectory\":\"taskWorkingDirectory\"", "\"containerHostBatchBindMounts\":[{\"source\":\"Task\"},{\"source\":\"Home\"}]"));
            yield return Case("U1", "$.userIdentity", With("{\"autoUser\":{\"scope\":\"task\",\"elevationLevel\":\"admin\"}}", "{}"));
            yield return Case("U1", "$.userIdentity", With("{\"autoUser\":{\"scope\":\"task\",\"elevationLevel\":\"admin\"}}", "{\"username\":\"u\",\"autoUser\":{}}"));
            yield return Case("UnknownEnumValue", "$.userIdentity.autoUser.elevationLevel", With("\"admin\"", "\"root\""));
            yield return Case("Required", "$.applicationPackageReferences[0].applicationId", With("\"applicationId\":\"blender\",", ""));
            yield return Case("A1", "$.applicationPackageReferences[0].applicationId", With("\"blender\"", "\"\""));
            yield return Case("Z1", "$.authenticationTokenSettings", With("\"requiredSlots\":2", "\"requiredSlots\":2,\"authenticationTokenSettings\":{\"access\":[\"job\"]}"), ValidationSeverity.Warning);
            yield return Case("Required", "$.affinityInfo.affinityId", With("{\"affinityId\":\"node-1\"}", "{}"));
            yield return Case("Required", "$.environmentSettings[0].name", With("{\"name\":\"FRAME\",\"value\":\"42\"}", "{\"value\":\"42\"}"));
            yield return Case("DuplicateEnvironmentName", "$.environmentSettings[1].name", With("{\"name\":\"FRAME\",\"value\":\"42\"}", "{\"name\":\"FRAME\",\"value\":\"42\"},{\"name\":\"FRAME\",\"value\":\"43\"}"), ValidationSeverity.Warning);
            yield return Case("NullItem", "$.resourceFiles[2]", With("\"blobPrefix\":\"frames/\"}]", "\"blobPrefix\":\"frames/\"},null]"));
            yield return Case("NullItem", "$.dependsOn.taskIds[1]", With("[\"setup\"]", "[\"setup\",null]"));
            yield return Case("UnknownEnumValue", "$.state", With("\"requiredSlots\":2", "\"requiredSlots\":2,\"state\":\"suspended\""), ValidationSeverity.Warning);

            // format: uri (rest-spec 2.6: ResourceFile.httpUrl, storageContainerUrl; OutputFileBlobContainerDestination.containerUrl, O3).
            const string HttpUrl = "\"httpUrl\":\"https://s.blob.core.windows.net/c/run.sh?sv=1&sig=x\"";
            foreach (string bad in new[] { "", "not a url", "/c/in.txt", "ftp://s.blob.core.windows.net/c/run.sh", "https://", "https//s/x", "file:///c/in.txt", "s.blob.core.windows.net/c/run.sh" })
            {
                yield return Case("UrlFormat", "$.resourceFiles[0].httpUrl", With(HttpUrl, "\"httpUrl\":" + System.Text.Json.JsonSerializer.Serialize(bad)));
            }

            const string AutoStorage = "{\"autoStorageContainerName\":\"inputs\",\"blobPrefix\":\"frames/\"}";
            foreach (string bad in new[] { "", "ftp://s.blob.core.windows.net/c", "s.blob.core.windows.net/c", "http://:80/c" })
            {
                yield return Case("UrlFormat", "$.resourceFiles[1].storageContainerUrl", With(AutoStorage, "{\"storageContainerUrl\":" + System.Text.Json.JsonSerializer.Serialize(bad) + ",\"blobPrefix\":\"frames/\"}"));
            }

            foreach (string bad in new[] { "", "ftp://s.blob.core.windows.net/out", "/out" })
            {
                yield return Case("O3", "$.outputFiles[0].destination.container.containerUrl", With("\"https://s.blob.core.windows.net/out?sig=y\"", System.Text.Json.JsonSerializer.Serialize(bad)));
            }

            // Required strings that must not be empty either.
            yield return Case("R1", "$.resourceFiles[1].autoStorageContainerName", With("\"autoStorageContainerName\":\"inputs\"", "\"autoStorageContainerName\":\"\""));
            yield return Case("O1", "$.outputFiles[0].filePattern", With("\"filePattern\":\"out/*.png\"", "\"filePattern\":\"\""));
            yield return Case("O5", "$.outputFiles[0].destination.container.uploadHeaders[0].name", With("{\"name\":\"x-ms-meta-a\",\"value\":\"1\"}", "{\"name\":\"\",\"value\":\"1\"}"));
            yield return Case("F1", "$.affinityInfo.affinityId", With("{\"affinityId\":\"node-1\"}", "{\"affinityId\":\"\"}"));
            yield return Case("U3", "$.userIdentity.username", With("{\"autoUser\":{\"scope\":\"task\",\"elevationLevel\":\"admin\"}}", "{\"username\":\"\"}"));
            foreach (string bad in new[] { "", "A=B", "=A", "A\u0000B" })
            {
                yield return Case("V1", "$.environmentSettings[0].name", With("{\"name\":\"FRAME\"", "{\"name\":" + System.Text.Json.JsonSerializer.Serialize(bad)));
            }
        }

        private static object[] Case(string rule, string path, string json, ValidationSeverity severity = ValidationSeverity.Error) =>
            new object[] { rule, path, severity, json };

        [Theory]
        [MemberData(nameof(RuleCases))]
        public void EachRule_ReportsItsOwnFinding_WithPathAndSeverity(string rule, string path, ValidationSeverity severity, string json)
        {
            IReadOnlyList<ValidationIssue> issues = Check(json);
            ValidationIssue issue = Assert.Single(issues);
            Assert.Equal(rule, issue.Rule);
            Assert.Equal(path, issue.Path);
            Assert.Equal(severity, issue.Severity);
            Assert.False(string.IsNullOrWhiteSpace(issue.Message));
            Assert.False(string.IsNullOrEmpty(issue.TypeName));
            Assert.False(string.IsNullOrEmpty(issue.Property));
        }

        [Theory]
        [InlineData("\"filePattern\":\"out/*.png\",", "", "O1")]
        [InlineData("\"taskcompletion\"", "\"always\"", "O4")]
        [InlineData("{\"name\":\"x-ms-meta-a\",\"value\":\"1\"}", "{\"value\":\"1\"}", "O5")]
        [InlineData(",\"exitOptions\":{\"jobAction\":\"terminate\"}", "", "X1")]
        [InlineData("\"taskWorkingDirectory\"", "\"home\"", "K2")]
        [InlineData("\"admin\"", "\"root\"", "U2")]
        [InlineData("{\"affinityId\":\"node-1\"}", "{}", "F1")]
        [InlineData("{\"name\":\"FRAME\",\"value\":\"42\"}", "{\"value\":\"42\"}", "V1")]
        public void RequiredAndEnumFindings_NameTheServiceRuleTheyBreak(string find, string replace, string serviceRule)
        {
            ValidationIssue issue = Assert.Single(Check(With(find, replace)));
            Assert.Equal(serviceRule, issue.ServiceRule);
        }

        [Theory]
        [InlineData("..", true)]
        [InlineData("a/../b", true)]
        [InlineData("a\\..\\b", true)]
        [InlineData("a/..", true)]
        [InlineData("a/b/..\\c", true)]
        [InlineData("a/..b", false)]
        [InlineData("a/b..", false)]
        [InlineData("...", false)]
        [InlineData("a/./b", false)]
        [InlineData("a//b", false)]
        [InlineData(".hidden/run.sh", false)]
        public void R4_AParentSegmentInAFilePath_IsFound_WhereverItIs(string filePath, bool escapes)
        {
            string json = With("\"filePath\":\"run.sh\"", "\"filePath\":" + System.Text.Json.JsonSerializer.Serialize(filePath));
            Assert.Equal(escapes, Check(json).Any(i => i.ServiceRule == "R4"));
        }

        [Theory]
        [InlineData("4", true)]
        [InlineData("0004", true)]
        [InlineData("0000000000000000004", true)]
        [InlineData("0000000000000000000000000000000000000000000000000000000000000041", true)]
        [InlineData("0000000000000000000000000000000000000000000000000000000000000042", false)]
        [InlineData("2147483648", false)]
        [InlineData("4a", false)]
        public void D7_ARangeHoldingTheTasksOwnId_ReadsTheIdAsTheServiceDoes(string id, bool self)
        {
            // D5: leading zeros ignored, any number of them; ids above int32 fit in no range (D4).
            string json = With("\"id\":\"render-0042\"", "\"id\":\"" + id + "\"");
            Assert.Equal(self, Check(json).Any(i => i.Rule == "D7" && i.Path == "$.dependsOn.taskIdRanges[0]"));
        }

        [Theory]
        [InlineData("https://s.blob.core.windows.net/c/f.txt?sv=2022-11-02&sp=r&sig=a%2Bb%3D", true)]
        [InlineData("HTTPS://S.BLOB.CORE.WINDOWS.NET/C", true)]
        [InlineData("http://host", true)]
        [InlineData("http://host.:8080/p#frag", true)]
        [InlineData("https://my_host-1.example/a/b", true)]
        [InlineData("http://[::1]/x", true)]
        [InlineData("https://user@host/x", true)]
        [InlineData("https://café.example/x", true)]
        [InlineData("https://host/a b", true)]
        [InlineData("http://host:99999/", false)]
        [InlineData("http://host:/", true)] // an empty port is the default one (RFC 3986)
        [InlineData("https://.../", false)]
        [InlineData("https://", false)]
        [InlineData("http:///x", false)]
        [InlineData("https//host/x", false)]
        [InlineData("ftp://host/x", false)]
        [InlineData("file:///c/in.txt", false)]
        [InlineData("/c/in.txt", false)]
        [InlineData("c:\\in.txt", false)]
        [InlineData("not a url", false)]
        [InlineData("", false)]
        public void UrlFormat_TakesAbsoluteHttpUrlsWithAHost(string url, bool valid)
        {
            Assert.Equal(valid, ServiceRules.IsAbsoluteHttpUrl(url));
            if (valid)
            {
                // The quick check agrees with .NET's Uri wherever it decides alone.
                Assert.True(System.Uri.TryCreate(url, System.UriKind.Absolute, out System.Uri? uri) && uri.Host.Length > 0);
            }
        }

        [Fact]
        public void UrlFindings_DoNotShowTheUrlsQueryOrUserInfo()
        {
            string json = With("\"https://s.blob.core.windows.net/c/run.sh?sv=1&sig=x\"", "\"ftp://me:SECRET@s/c?sig=SECRET\"");
            ValidationIssue issue = Assert.Single(Check(json));
            Assert.DoesNotContain("SECRET", issue.Message);
            Assert.Contains("'ftp'", issue.Message);
            issue = Assert.Single(Check(With("\"https://s.blob.core.windows.net/c/run.sh?sv=1&sig=x\"", "\"in.txt?sig=SECRET\"")));
            Assert.DoesNotContain("SECRET", issue.Message);
            Assert.Contains("'in.txt?...'", issue.Message);
        }

        [Fact]
        public void AValidTask_IsValidated_WithoutAllocating()
        {
            // The per-task checks stay cheap: nothing is allocated for a task with no findings (counted, not timed).
            CloudTask task = new BatchTaskReader().ReadTask(Good);
            for (int i = 0; i < 50; i++)
            {
                Assert.Empty(BatchTaskValidator.Validate(task));
            }

            long before = System.GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                BatchTaskValidator.Validate(task);
            }

            Assert.Equal(0, System.GC.GetAllocatedBytesForCurrentThread() - before);
        }

        [Fact]
        public void T12_ServiceOwnedProperties_AreErrorsOnlyForTheCreateShape()
        {
            string json = With("\"requiredSlots\":2", "\"requiredSlots\":2,\"state\":\"active\",\"eTag\":\"0x1\",\"executionInfo\":{\"retryCount\":0,\"requeueCount\":0}");
            Assert.Empty(Check(json));
            var issues = Check(json, TaskShape.Create);
            Assert.Equal(new[] { "$.eTag", "$.state", "$.executionInfo" }, issues.Select(i => i.Path));
            Assert.All(issues, i => Assert.Equal("T12", i.Rule));
        }

        [Fact]
        public void RequiredErrors_NameTheReferencesTypeAndAttribute()
        {
            var issues = Check("{\"id\":\"q\",\"commandLine\":\"c\",\"stats\":{},\"containerSettings\":{},\"affinityInfo\":{},\"multiInstanceSettings\":{}}");
            Assert.Equal(14, issues.Count(i => i.Rule == "Required"));
            ValidationIssue image = Assert.Single(issues, i => i.Path == "$.containerSettings.imageName");
            Assert.Equal("TaskContainerSettings", image.TypeName);
            Assert.Equal("imageName", image.Property);
            Assert.Contains("TaskContainerSettings.image_name", image.Message);
            Assert.Equal(11, issues.Count(i => i.TypeName == "TaskStatistics"));
        }

        [Fact]
        public void D7_ATaskThatDependsOnItself_IsAnError_SoItIsNotValid()
        {
            // The single-task validator decides it (before: a warning, so IsValid said true); -Collection agrees (DependencyCycle).
            Assert.False(BatchTaskValidator.IsValid(new BatchTaskReader().ReadTask(With("[\"setup\"]", "[\"Render-0042\"]"))));
            Assert.False(BatchTaskValidator.IsValid(new BatchTaskReader().ReadTask(With("\"id\":\"render-0042\"", "\"id\":\"41\""))));
            Assert.True(BatchTaskValidator.IsValid(new BatchTaskReader().ReadTask(With("\"id\":\"render-0042\"", "\"id\":\"42\""))));
        }

        [Fact]
        public void Strict_CountsWarnings()
        {
            // A duplicate environment name is a warning (D7, the example before, is now an error).
            CloudTask task = new BatchTaskReader().ReadTask(With("{\"name\":\"FRAME\",\"value\":\"42\"}", "{\"name\":\"FRAME\",\"value\":\"42\"},{\"name\":\"FRAME\",\"value\":\"43\"}"));
            Assert.True(BatchTaskValidator.IsValid(task));
            Assert.False(BatchTaskValidator.IsValid(task, strict: true));
        }

        [Fact]
        public void Validate_NeverThrows_ForAnEmptyOrOddTask()
        {
            Assert.Equal(new[] { "T1", "T7" }, BatchTaskValidator.Validate(new CloudTask()).Select(i => i.Rule));
            var odd = new CloudTask
            {
                Id = "x",
                CommandLine = "c",
                ResourceFiles = new List<ResourceFile?> { null, new ResourceFile() },
                DependsOn = new TaskDependencies { TaskIdRanges = new List<TaskIdRange?> { new TaskIdRange() } },
                ContainerSettings = new TaskContainerSettings { ContainerHostBatchBindMounts = new List<ContainerHostBatchBindMountEntry?> { null } },
            };
            Assert.NotEmpty(BatchTaskValidator.Validate(odd));
        }
    }
}
