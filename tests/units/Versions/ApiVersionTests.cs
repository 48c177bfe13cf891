using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Tests.Support;
using BatchTaskPS.Validation;
using Xunit;

namespace BatchTaskPS.Tests.Versions
{
    public sealed class ApiVersionTests
    {
        private const string BindMounts =
            "{\"id\":\"t1\",\"commandLine\":\"c\",\"containerSettings\":{\"imageName\":\"ubuntu\",\"workingDirectory\":\"containerImageDefault\"," +
            "\"containerHostBatchBindMounts\":[{\"source\":\"Task\",\"isReadOnly\":true}]}}";

        private const string TokenSettings = "{\"id\":\"t1\",\"commandLine\":\"c\",\"authenticationTokenSettings\":{\"access\":[\"job\"]}}";

        private static List<ValidationIssue> VersionFindings(string json, string? version) =>
            BatchTaskValidator.Validate(new BatchTaskReader().ReadTask(json), new BatchTaskValidationOptions { ApiVersion = version })
                .Where(i => i.Rule == "ApiVersion").ToList();

        /// <summary>All the model types reachable from CloudTask, each once (with <paramref name="oldest"/>, only through properties the oldest version has).</summary>
        private static IEnumerable<ModelInfo> AllTypes(bool oldest = false)
        {
            var seen = new HashSet<ModelInfo>();
            var queue = new Queue<ModelInfo>(new[] { CloudTask.Schema });
            while (queue.Count > 0)
            {
                ModelInfo info = queue.Dequeue();
                if (!seen.Add(info))
                {
                    continue;
                }

                yield return info;
                foreach (PropertyDescriptor p in info.Properties.Where(p => p.ModelType != null && !(oldest && p.AddedIn != null)))
                {
                    queue.Enqueue(p.ModelType!);
                }
            }
        }

        [Theory]
        [InlineData("2022-10-01.16.0", 1)]
        [InlineData("2024-02-01.19.0", 1)]
        [InlineData("2024-07-01.20.0", 0)]
        [InlineData("2025-06-01", 0)]
        [InlineData("2026-10-01", 0)]
        public void BindMounts_NeedTheVersionThatAddedThem(string version, int expected)
        {
            List<ValidationIssue> found = VersionFindings(BindMounts, version);
            Assert.Equal(expected, found.Count);
            if (expected == 1)
            {
                ValidationIssue issue = found[0];
                Assert.Equal("$.containerSettings.containerHostBatchBindMounts", issue.Path);
                Assert.Equal("TaskContainerSettings", issue.TypeName);
                Assert.Equal(ValidationSeverity.Error, issue.Severity);
                Assert.Contains("2024-07-01.20.0", issue.Message, System.StringComparison.Ordinal);
                Assert.Contains(version, issue.Message, System.StringComparison.Ordinal);
            }
        }

        [Theory]
        [InlineData("2022-10-01.16.0", 0)]
        [InlineData("2025-06-01", 0)]
        [InlineData("2026-10-01", 1)]
        public void AuthenticationTokenSettings_AreGoneFromTheVersionThatRemovedThem(string version, int expected)
        {
            List<ValidationIssue> found = VersionFindings(TokenSettings, version);
            Assert.Equal(expected, found.Count);
            if (expected == 1)
            {
                Assert.Equal("$.authenticationTokenSettings", found[0].Path);
                Assert.Contains("removed in REST API version 2026-10-01", found[0].Message, System.StringComparison.Ordinal);
            }
        }

        [Fact]
        public void NoVersion_ChecksNoVersion_AndVersionsAreMatchedIgnoringCase()
        {
            Assert.Empty(VersionFindings(BindMounts, null));
            Assert.Empty(VersionFindings(TokenSettings, null));
            Assert.Equal("2024-07-01.20.0", BatchApiVersions.Find(" 2024-07-01.20.0 "));
            Assert.Null(BatchApiVersions.Find("2024-07-01"));
            Assert.Throws<System.ArgumentException>(() => BatchApiVersions.IndexOf("2019-06-01.9.0"));
            Assert.Equal("2026-10-01", BatchApiVersions.Newest);
            Assert.Equal("2022-10-01.16.0", BatchApiVersions.Oldest);
        }

        [Fact]
        public void Has_AnswersFromTheDescriptorsFacts()
        {
            PropertyDescriptor mounts = TaskContainerSettings.Schema.FindProperty("containerHostBatchBindMounts")!;
            PropertyDescriptor token = CloudTask.Schema.FindProperty("authenticationTokenSettings")!;
            PropertyDescriptor id = CloudTask.Schema.FindProperty("id")!;
            foreach (string v in BatchApiVersions.Known)
            {
                Assert.True(BatchApiVersions.Has(id, v));
                Assert.Equal(BatchApiVersions.IndexOf(v) >= BatchApiVersions.IndexOf("2024-07-01.20.0"), BatchApiVersions.Has(mounts, v));
                Assert.Equal(v != "2026-10-01", BatchApiVersions.Has(token, v));
            }
        }

        [Fact]
        public void TheOldestVersion_IsTheReferences_EveryPropertyItLacksIsMarkedAdded()
        {
            // msrest-model.json describes the reference (api-version 2022-10-01.16.0): a property of ours that it
            // does not have must say which later version added it, and one it has must not.
            foreach (ModelInfo info in AllTypes(oldest: true))
            {
                bool known = TestData.Model.HasType(info.TypeName);
                foreach (PropertyDescriptor p in info.Properties)
                {
                    bool inReference = known && TestData.Model.Attributes(info.TypeName).ContainsKey(p.RestKey);
                    Assert.True(inReference == (p.AddedIn == null), info.TypeName + "." + p.RestKey + ": AddedIn " + (p.AddedIn ?? "null"));
                }
            }
        }

        [Fact]
        public void TheFacts_AreTheReferencesVersionTable()
        {
            // rest-spec.md §2.1: each row names its versions and what it changed on the task.
            string spec = File.ReadAllText(Path.Combine(TestData.Reference, "rest-spec.md"));
            string table = spec.Substring(spec.IndexOf("### 2.1 Version landscape", System.StringComparison.Ordinal));
            table = table.Substring(0, table.IndexOf("\n\n*", System.StringComparison.Ordinal));
            var rows = table.Split('\n').Where(l => l.StartsWith("| 20", System.StringComparison.Ordinal)).ToList();
            var versions = rows.SelectMany(r => Regex.Matches(r.Split('|')[1], @"\d{4}-\d\d-\d\d(\.\d+\.\d+)?").Select(m => m.Value)).ToList();
            Assert.Equal(versions, BatchApiVersions.Known);

            string Row(string words) => rows.Single(r => r.Contains(words, System.StringComparison.Ordinal)).Split('|')[1].Trim();
            Assert.Equal(Row("containerHostBatchBindMounts` added"), TaskContainerSettings.Schema.FindProperty("containerHostBatchBindMounts")!.AddedIn);
            Assert.Equal(Row("`authenticationTokenSettings` removed"), CloudTask.Schema.FindProperty("authenticationTokenSettings")!.RemovedIn);

            // No other property carries a version fact.
            int facts = AllTypes().SelectMany(t => t.Properties).Count(p => p.AddedIn != null || p.RemovedIn != null);
            Assert.Equal(2, facts);
        }

        [Fact]
        public void RealWorldBodies_FindingsFollowTheTargetVersion()
        {
            string isolation = File.ReadAllText(Path.Combine(TestData.RealWorld, "TaskAdd_ContainerSettingsWithDataIsolation.request.json"));
            Assert.Single(VersionFindings(isolation, "2024-02-01.19.0"));
            Assert.Empty(VersionFindings(isolation, "2024-07-01.20.0"));
            Assert.Empty(VersionFindings(isolation, BatchApiVersions.Newest));

            foreach (string file in Directory.GetFiles(TestData.RealWorld, "TaskAdd_*.request.json").Where(f => !f.Contains("Isolation", System.StringComparison.Ordinal)))
            {
                foreach (string v in BatchApiVersions.Known)
                {
                    Assert.Empty(VersionFindings(File.ReadAllText(file), v));
                }
            }
        }
    }
}
