using System.Collections.Generic;
using System.Linq;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Validation;
using Xunit;

namespace BatchTaskPS.Tests.Validation
{
    public sealed class NameSuggestionsTests
    {
        private static IEnumerable<string> Keys(ModelInfo info) => info.Properties.Select(p => p.RestKey);

        [Theory]
        [InlineData("comandLine", "commandLine")]
        [InlineData("COMANDLINE", "commandLine")]
        [InlineData("comamndLine", "commandLine")]      // two letters swapped: one edit
        [InlineData("command_lne", "commandLine")]
        [InlineData("dependOn", "dependsOn")]
        [InlineData("stat", "state")]
        [InlineData("i", "id")]
        [InlineData("resourceFile", "resourceFiles")]
        [InlineData("requiredSlot", "requiredSlots")]
        [InlineData("x", null)]
        [InlineData("foo", null)]
        [InlineData("cmd", null)]
        [InlineData("futureFeature", null)]
        [InlineData("", null)]
        public void Closest_OnATask_SuggestsOnlyCloseRestKeys(string name, string? expected)
        {
            Assert.Equal(expected, NameSuggestions.Closest(name, Keys(CloudTask.Schema)));
        }

        [Theory]
        [InlineData("maxWallClokTime", "maxWallClockTime")]
        [InlineData("maxWallClockTimeout", "maxWallClockTime")]
        [InlineData("retentiontme", "retentionTime")]
        [InlineData("maxRetries", null)]
        public void Closest_OnConstraints_UsesThatLevelsKeys(string name, string? expected)
        {
            Assert.Equal(expected, NameSuggestions.Closest(name, Keys(TaskConstraints.Schema)));
        }

        [Theory]
        [InlineData("", "", 0)]
        [InlineData("abc", "ABC", 0)]
        [InlineData("abc", "abd", 1)]
        [InlineData("abc", "acb", 1)]
        [InlineData("abc", "", 3)]
        [InlineData("kitten", "sitting", 3)]
        [InlineData("ca", "abc", 3)]                    // optimal string alignment, not unrestricted swaps
        public void Distance_CountsEdits_IgnoringCase(string a, string b, int expected)
        {
            Assert.Equal(expected, NameSuggestions.Distance(a, b));
            Assert.Equal(expected, NameSuggestions.Distance(b, a));
            Assert.Equal(System.Math.Min(expected, 2), NameSuggestions.Distance(a, b, 1));
        }

        [Theory]
        [InlineData("abc", 1)]
        [InlineData("abcd", 2)]
        [InlineData("commandLine", 3)]
        [InlineData("maxWallClockTimeout", 6)]
        public void MaxDistance_GrowsWithTheName(string name, int expected)
        {
            Assert.Equal(expected, NameSuggestions.MaxDistance(name));
        }

        [Theory]
        [InlineData("CloudTask", "odata.metadata", true)]
        [InlineData("ExitOptions", "odata.type", true)]
        [InlineData("CloudTask", "ODATA.METADATA", true)]
        [InlineData("CloudTask", "error@odata.navigationLinkUrl", true)]
        [InlineData("CloudTask", "@odata.etag", true)]
        [InlineData("CloudTask", "runElevated", true)]
        [InlineData("TaskExecutionInformation", "schedulingError", true)]
        [InlineData("ExitConditions", "schedulingError", true)]
        [InlineData("ResourceFile", "blobSource", true)]
        [InlineData("TaskConstraints", "runElevated", false)]
        [InlineData("CloudTask", "blobSource", false)]
        [InlineData("CloudTask", "odata", false)]
        [InlineData("CloudTask", "myodata.x", false)]
        [InlineData("CloudTask", "comandLine", false)]
        public void AnnotationsAndOtherServiceVersionsProperties_AreNotTypos(string type, string name, bool expected)
        {
            Assert.Equal(expected, NameSuggestions.IsExpectedUnknownProperty(type, name));
        }

        private static IReadOnlyList<ValidationIssue> Check(string json) => BatchTaskValidator.Validate(new BatchTaskReader().ReadTask(json));

        [Fact]
        public void Validator_ReportsATypoWithItsPath_AndTheKeyItMeant()
        {
            IReadOnlyList<ValidationIssue> issues = Check("{\"id\":\"a\",\"comandLine\":\"echo\"}");
            Assert.Equal(new[] { "T7", "UnknownProperty" }, issues.Select(i => i.Rule).OrderBy(r => r, System.StringComparer.Ordinal));
            ValidationIssue typo = Assert.Single(issues, i => i.Rule == "UnknownProperty");
            Assert.Equal("$.comandLine", typo.Path);
            Assert.Equal("comandLine", typo.Property);
            Assert.Equal("CloudTask", typo.TypeName);
            Assert.Equal(ValidationSeverity.Warning, typo.Severity);
            Assert.Null(typo.ServiceRule);
            Assert.Contains("did you mean 'commandLine'?", typo.Message);
        }

        [Theory]
        [InlineData("\"constraints\":{\"maxWallClokTime\":\"PT1H\"}", "$.constraints.maxWallClokTime", "TaskConstraints", "maxWallClockTime")]
        [InlineData("\"resourceFiles\":[{\"httpUrl\":\"https://a/b\",\"filePath\":\"b\"},{\"autoStorageContainerName\":\"c\",\"blobPrefx\":\"p/\"}]", "$.resourceFiles[1].blobPrefx", "ResourceFile", "blobPrefix")]
        [InlineData("\"containerSettings\":{\"imageName\":\"i\",\"registry\":{\"registryServr\":\"docker.io\"}}", "$.containerSettings.registry.registryServr", "ContainerRegistry", "registryServer")]
        [InlineData("\"futureFeature\":{\"a\":1}", "$.futureFeature", "CloudTask", null)]
        [InlineData("\"my key\":1", "$['my key']", "CloudTask", null)]
        public void Validator_ReportsUnknownPropertiesAtEveryLevel(string member, string path, string type, string? meant)
        {
            ValidationIssue issue = Assert.Single(Check("{\"id\":\"a\",\"commandLine\":\"c\"," + member + "}"));
            Assert.Equal("UnknownProperty", issue.Rule);
            Assert.Equal(path, issue.Path);
            Assert.Equal(type, issue.TypeName);
            if (meant != null)
            {
                Assert.Contains("did you mean '" + meant + "'?", issue.Message);
            }
            else
            {
                Assert.DoesNotContain("did you mean", issue.Message);
            }
        }

        [Fact]
        public void Validator_DoesNotReportAnnotationsOrOtherServiceVersionsProperties()
        {
            Assert.Empty(Check("{\"odata.metadata\":\"https://a.batch.azure.com/$metadata#tasks/@Element\",\"id\":\"a\",\"commandLine\":\"c\",\"runElevated\":false," +
                "\"resourceFiles\":[{\"blobSource\":\"https://a/b\",\"httpUrl\":\"https://a/b\",\"filePath\":\"b\"}]," +
                "\"exitConditions\":{\"default\":{\"jobAction\":\"none\",\"odata.type\":\"x\"},\"schedulingError\":{\"jobAction\":\"none\"}}," +
                "\"executionInfo\":{\"retryCount\":0,\"requeueCount\":0,\"schedulingError\":{\"category\":\"usererror\"}}}"));
        }

        [Fact]
        public void UnknownProperties_AreStillKept()
        {
            CloudTask task = new BatchTaskReader().ReadTask("{\"id\":\"a\",\"commandLine\":\"c\",\"constraints\":{\"maxWallClokTime\":\"PT1H\"}}");
            Assert.Single(BatchTaskValidator.Validate(task));
            Assert.Equal("{\"id\":\"a\",\"commandLine\":\"c\",\"constraints\":{\"maxWallClokTime\":\"PT1H\"}}", new BatchTaskWriter().Write(task));
        }
    }
}
