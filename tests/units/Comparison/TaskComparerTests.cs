using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BatchTaskPS.Comparison;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Tests.Support;
using Xunit;

namespace BatchTaskPS.Tests.Comparison
{
    public sealed class TaskComparerTests
    {
        private static CloudTask Read(string json) => new BatchTaskReader().ReadTask(json);

        private static List<TaskDifference> Diff(string a, string b, bool ignoreServer = false) =>
            TaskComparer.Compare(Read(a), Read(b), new TaskComparerOptions { IgnoreServerProperties = ignoreServer }).ToList();

        private static string Task(string more = "") => "{\"id\":\"t1\",\"commandLine\":\"run\"" + more + "}";

        [Fact]
        public void SameTask_HasNoDifference_AndModelObjectsStillCompareByReference()
        {
            CloudTask a = Read(Task(",\"constraints\":{\"maxWallClockTime\":\"PT1H\"}")), b = Read(Task(",\"constraints\":{\"maxWallClockTime\":\"PT1H\"}"));
            Assert.Empty(TaskComparer.Compare(a, b));
            Assert.True(TaskComparer.AreEquivalent(a, b));
            Assert.False(a.Equals(b));                                  // reference identity
            Assert.True(BatchModelComparer.Instance.Equals(a, b));      // exact value
        }

        [Fact]
        public void ScalarChanges_AreAddedRemovedOrChanged_WithThePathAndBothValues()
        {
            List<TaskDifference> d = Diff(Task(",\"displayName\":\"old\",\"requiredSlots\":2"), Task(",\"displayName\":\"new\",\"constraints\":{\"maxTaskRetryCount\":3}"));
            Assert.Collection(d,
                x => Assert.Equal(("$.displayName", TaskChangeKind.Changed, "old", "new"), (x.Path, x.Change, x.OldValue, x.NewValue)),
                x => Assert.Equal(("$.constraints.maxTaskRetryCount", TaskChangeKind.Added, (string?)null, "3"), (x.Path, x.Change, x.OldValue, x.NewValue)),
                x => Assert.Equal(("$.requiredSlots", TaskChangeKind.Removed, "2", (string?)null), (x.Path, x.Change, x.OldValue, x.NewValue)));
        }

        [Theory]
        [InlineData(",\"constraints\":{\"retentionTime\":\"P7D\"}")]
        [InlineData(",\"constraints\":{\"retentionTime\":\"PT168H\"}")]
        [InlineData(",\"constraints\":{\"maxWallClockTime\":\"P10675199DT2H48M5.4775807S\"}")]
        [InlineData(",\"constraints\":{\"maxTaskRetryCount\":0}")]
        [InlineData(",\"constraints\":{}")]
        [InlineData(",\"constraints\":{\"maxWallClockTime\":\"P10675199DT2H48M5.4775807S\",\"retentionTime\":\"P7D\",\"maxTaskRetryCount\":0}")]
        [InlineData(",\"requiredSlots\":1")]
        [InlineData(",\"containerSettings\":{\"imageName\":\"u\",\"workingDirectory\":\"TaskWorkingDirectory\"}")]
        public void AbsentValues_EqualTheServiceDefaults(string explicitDefaults)
        {
            string container = explicitDefaults.Contains("containerSettings", StringComparison.Ordinal) ? ",\"containerSettings\":{\"imageName\":\"u\"}" : string.Empty;
            Assert.Empty(Diff(Task(container), Task(explicitDefaults)));
            Assert.Empty(Diff(Task(explicitDefaults), Task(container)));
        }

        [Fact]
        public void ADefaultAgainstAnotherValue_IsADifference()
        {
            TaskDifference d = Assert.Single(Diff(Task(), Task(",\"constraints\":{\"retentionTime\":\"P1D\"}")));
            Assert.Equal(("$.constraints.retentionTime", TaskChangeKind.Added, (string?)null, "P1D"), (d.Path, d.Change, d.OldValue, d.NewValue));
            d = Assert.Single(Diff(Task(",\"constraints\":{\"maxWallClockTime\":\"PT2H\"}"), Task()));
            Assert.Equal(("$.constraints.maxWallClockTime", TaskChangeKind.Removed, "PT2H", (string?)null), (d.Path, d.Change, d.OldValue, d.NewValue));
        }

        [Fact]
        public void EnumsCompareIgnoringCase_DurationsAndDatesAsValues()
        {
            Assert.Empty(Diff(
                Task(",\"userIdentity\":{\"autoUser\":{\"elevationLevel\":\"admin\"}},\"constraints\":{\"maxWallClockTime\":\"PT90M\"},\"creationTime\":\"2024-05-06T07:08:09Z\",\"state\":\"active\""),
                Task(",\"userIdentity\":{\"autoUser\":{\"elevationLevel\":\"ADMIN\"}},\"constraints\":{\"maxWallClockTime\":\"PT1H30M\"},\"creationTime\":\"2024-05-06T09:08:09+02:00\",\"state\":\"Active\"")));
            TaskDifference d = Assert.Single(Diff(Task(",\"state\":\"active\""), Task(",\"state\":\"running\"")));
            Assert.Equal(("$.state", "active", "running"), (d.Path, d.OldValue, d.NewValue));
        }

        [Fact]
        public void IgnoreServerProperties_LeavesOutWhatTheServiceOwns()
        {
            string got = File.ReadAllText(Path.Combine(TestData.RealWorld, "TaskGet.response.json"));
            CloudTask fromService = Read(got);
            CloudTask local = fromService.Clone();
            local.Url = null;
            local.ETag = null;
            local.State = null;
            local.ExecutionInfo = null;
            local.Stats = null;
            local.NodeInfo = null;
            local.CreationTime = null;
            local.LastModified = null;
            local.StateTransitionTime = null;
            local.PreviousState = null;
            local.PreviousStateTransitionTime = null;
            Assert.NotEmpty(TaskComparer.Compare(local, fromService));
            Assert.Empty(TaskComparer.Compare(local, fromService, new TaskComparerOptions { IgnoreServerProperties = true }));
            Assert.Contains(TaskComparer.Compare(local, fromService), x => x.Path == "$.eTag" && x.Change == TaskChangeKind.Added);
        }

        [Fact]
        public void Lists_CompareItemByItem_AndAbsentDiffersFromEmpty()
        {
            List<TaskDifference> d = Diff(
                Task(",\"resourceFiles\":[{\"httpUrl\":\"https://a/x\",\"filePath\":\"x\"},{\"httpUrl\":\"https://a/y\",\"filePath\":\"y\"}],\"dependsOn\":{\"taskIds\":[\"a\",\"b\"]}"),
                Task(",\"resourceFiles\":[{\"httpUrl\":\"https://a/x\",\"filePath\":\"x2\"}],\"dependsOn\":{\"taskIds\":[\"a\",\"c\",\"d\"]}"));
            Assert.Equal(new[]
            {
                "$.resourceFiles[0].filePath Changed: x -> x2",
                "$.resourceFiles[1] Removed: {\"httpUrl\":\"https://a/y\",\"filePath\":\"y\"} -> (absent)",
            }, d.Take(2).Select(x => x.ToString()));
            Assert.Contains(d, x => x.ToString() == "$.dependsOn.taskIds[1] Changed: b -> c");
            Assert.Contains(d, x => x.ToString() == "$.dependsOn.taskIds[2] Added: (absent) -> d");

            TaskDifference empty = Assert.Single(Diff(Task(",\"containerSettings\":{\"imageName\":\"u\"}"), Task(",\"containerSettings\":{\"imageName\":\"u\",\"containerHostBatchBindMounts\":[]}")));
            Assert.Equal(("$.containerSettings.containerHostBatchBindMounts", TaskChangeKind.Added, "[]"), (empty.Path, empty.Change, empty.NewValue));
        }

        [Fact]
        public void AWholeNewObject_IsOneDifference_WithItsJson()
        {
            TaskDifference d = Assert.Single(Diff(Task(), Task(",\"affinityInfo\":{\"affinityId\":\"n1\"}")));
            Assert.Equal(("$.affinityInfo", TaskChangeKind.Added, "{\"affinityId\":\"n1\"}"), (d.Path, d.Change, d.NewValue));
        }

        [Fact]
        public void Secrets_AreMasked_InEveryValue()
        {
            const string Sig = "SIGvalueDoNotShow0123456789";
            List<TaskDifference> d = Diff(
                Task(",\"containerSettings\":{\"imageName\":\"u\",\"registry\":{\"username\":\"r\",\"password\":\"old-Pa55\"}},\"environmentSettings\":[{\"name\":\"DB_PASSWORD\",\"value\":\"hunter2\"}]," +
                     "\"resourceFiles\":[{\"httpUrl\":\"https://s.blob.core.windows.net/c/a?sv=1&sig=" + Sig + "\",\"filePath\":\"a\"}]"),
                Task(",\"containerSettings\":{\"imageName\":\"u\",\"registry\":{\"username\":\"r\",\"password\":\"new-Pa55\"}},\"environmentSettings\":[{\"name\":\"DB_PASSWORD\",\"value\":\"hunter3\"}]," +
                     "\"resourceFiles\":[{\"httpUrl\":\"https://s.blob.core.windows.net/c/a?sv=2&sig=" + Sig + "x\",\"filePath\":\"a\"}],\"outputFiles\":[{\"filePattern\":\"*\",\"destination\":{\"container\":{\"containerUrl\":\"https://s/c?sig=" + Sig + "\"}},\"uploadOptions\":{\"uploadCondition\":\"taskcompletion\"}}]"));
            Assert.Equal(new[] { "$.containerSettings.registry.password", "$.resourceFiles[0].httpUrl", "$.outputFiles", "$.environmentSettings[0].value" }, d.Select(x => x.Path));
            foreach (TaskDifference x in d)
            {
                string text = x.ToString();
                Assert.DoesNotContain("Pa55", text, StringComparison.Ordinal);
                Assert.DoesNotContain("hunter", text, StringComparison.Ordinal);
                Assert.DoesNotContain(Sig, text, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void UnknownProperties_CompareAsJson()
        {
            List<TaskDifference> d = Diff(Task(",\"future\":{\"a\": 1},\"gone\":true,\"odata.metadata\":\"x\""), Task(",\"future\":{\"a\":2},\"new\":[1],\"odata.metadata\":\"y\""), ignoreServer: true);
            Assert.Equal(new[] { "$.future Changed: {\"a\":1} -> {\"a\":2}", "$.gone Removed: true -> (absent)", "$.new Added: (absent) -> [1]" }, d.Select(x => x.ToString()));
            Assert.Empty(Diff(Task(",\"future\":{\"a\": 1}"), Task(",\"future\":{\"a\":1}")));
        }

        [Fact]
        public void EveryGoldenTask_EqualsItsOwnCopy_AndItsRoundTrip()
        {
            var reader = new BatchTaskReader();
            var writer = new BatchTaskWriter();
            int count = 0;
            foreach (string file in TestData.GoldenInputs("minimal", "typical", "full", "edge"))
            {
                CloudTask task;
                try
                {
                    task = reader.ReadTask(File.ReadAllText(file));
                }
                catch (BatchTaskReadException)
                {
                    continue;
                }

                Assert.Empty(TaskComparer.Compare(task, task.Clone()));
                Assert.Empty(TaskComparer.Compare(task, reader.ReadTask(writer.Write(task))));
                count++;
            }

            Assert.True(count > 60, count + " golden tasks");
        }
    }
}
