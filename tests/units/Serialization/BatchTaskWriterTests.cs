using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Linq;
using System.Text;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using Xunit;

namespace BatchTaskPS.Tests.Serialization
{
    public sealed class BatchTaskWriterTests
    {
        private const string ServiceTask =
            "{\"id\":\"t1\",\"displayName\":\"d\",\"url\":\"https://a.batch.azure.com/jobs/j/tasks/t1\",\"eTag\":\"0x8D3D62350711C55\"," +
            "\"lastModified\":\"2016-09-06T06:59:15.1161429Z\",\"creationTime\":\"2016-09-06T06:59:15.1161429Z\"," +
            "\"exitConditions\":{\"default\":{\"jobAction\":\"none\"}},\"state\":\"running\",\"stateTransitionTime\":\"2016-09-06T06:59:16.000Z\"," +
            "\"previousState\":\"active\",\"previousStateTransitionTime\":\"2016-09-06T06:59:15.500Z\",\"commandLine\":\"cmd /c hostname\"," +
            "\"containerSettings\":{\"imageName\":\"ubuntu\"},\"constraints\":{\"maxWallClockTime\":\"PT1H\",\"retentionTime\":\"P7D\",\"maxTaskRetryCount\":2}," +
            "\"requiredSlots\":1,\"executionInfo\":{\"retryCount\":0,\"requeueCount\":0},\"nodeInfo\":{\"poolId\":\"p\"}," +
            "\"stats\":{\"url\":\"u\",\"startTime\":\"2016-09-06T06:59:15.000Z\",\"lastUpdateTime\":\"2016-09-06T06:59:15.000Z\",\"userCPUTime\":\"PT1S\"," +
            "\"kernelCPUTime\":\"PT1S\",\"wallClockTime\":\"PT1S\",\"readIOps\":1,\"writeIOps\":2,\"readIOGiB\":0.5,\"writeIOGiB\":3.0,\"waitTime\":\"P0D\"}," +
            "\"dependsOn\":{\"taskIds\":[\"a\"]}}";

        private static CloudTask Sample() => new BatchTaskReader().ReadTask(ServiceTask);

        [Fact]
        public void FullShape_WritesEverySetProperty_InTheReferencesOrder()
        {
            Assert.Equal(ServiceTask, new BatchTaskWriter().Write(Sample()));
        }

        [Fact]
        public void CreateShape_LeavesOutServiceOwnedProperties_InTaskAddParameterOrder()
        {
            string create = new BatchTaskWriter(new BatchTaskWriterOptions { Shape = TaskShape.Create }).Write(Sample());
            Assert.Equal(
                "{\"id\":\"t1\",\"displayName\":\"d\",\"commandLine\":\"cmd /c hostname\",\"containerSettings\":{\"imageName\":\"ubuntu\"}," +
                "\"exitConditions\":{\"default\":{\"jobAction\":\"none\"}},\"constraints\":{\"maxWallClockTime\":\"PT1H\",\"retentionTime\":\"P7D\",\"maxTaskRetryCount\":2}," +
                "\"requiredSlots\":1,\"dependsOn\":{\"taskIds\":[\"a\"]}}",
                create);
        }

        [Fact]
        public void UpdateShape_IsTheConstraintsOnly()
        {
            var writer = new BatchTaskWriter(new BatchTaskWriterOptions { Shape = TaskShape.Update });
            Assert.Equal("{\"constraints\":{\"maxWallClockTime\":\"PT1H\",\"retentionTime\":\"P7D\",\"maxTaskRetryCount\":2}}", writer.Write(Sample()));
            Assert.Equal("{}", writer.Write(new CloudTask { Id = "x" }));
        }

        [Theory]
        [InlineData(KeyStyle.Rest, "{\"id\":\"t\",\"userIdentity\":{\"username\":\"u\"},\"stats\":{\"userCPUTime\":\"PT1S\",\"readIOps\":5,\"readIOGiB\":1.5}}")]
        [InlineData(KeyStyle.Attribute, "{\"id\":\"t\",\"user_identity\":{\"user_name\":\"u\"},\"stats\":{\"user_cpu_time\":\"PT1S\",\"read_iops\":5,\"read_io_gi_b\":1.5}}")]
        [InlineData(KeyStyle.Property, "{\"Id\":\"t\",\"UserIdentity\":{\"UserName\":\"u\"},\"Stats\":{\"UserCpuTime\":\"PT1S\",\"ReadIOps\":5,\"ReadIOGiB\":1.5}}")]
        public void KeyStyles_UseTheReferencesSpellings(KeyStyle style, string expected)
        {
            var task = new CloudTask
            {
                Id = "t",
                UserIdentity = new UserIdentity { UserName = "u" },
                Stats = new TaskStatistics { UserCpuTime = TimeSpan.FromSeconds(1), ReadIOps = 5, ReadIOGiB = 1.5 },
            };
            string json = new BatchTaskWriter(new BatchTaskWriterOptions { KeyStyle = style }).Write(task);
            Assert.Equal(expected, json);
            Assert.Equal(task, new BatchTaskReader().ReadTask(json), BatchModelComparer.Instance); // every style reads back
        }

        [Fact]
        public void Indented_UsesTwoSpaces_AndKeepsEmptyContainersShort()
        {
            var task = new CloudTask { Id = "t", ResourceFiles = new List<ResourceFile?>(), DependsOn = new TaskDependencies { TaskIds = new List<string?> { "a", "b" } }, ExitConditions = new ExitConditions() };
            string json = new BatchTaskWriter(new BatchTaskWriterOptions { Indented = true }).Write(task);
            Assert.Equal("{\n  \"id\": \"t\",\n  \"exitConditions\": {},\n  \"resourceFiles\": [],\n  \"dependsOn\": {\n    \"taskIds\": [\n      \"a\",\n      \"b\"\n    ]\n  }\n}", json);
        }

        [Fact]
        public void Strings_AreEscapedOnlyWhereJsonNeedsIt()
        {
            var task = new CloudTask { Id = "q", CommandLine = "echo \"a\\b\" <tag> & 'x' é ✓ 😀\n\u0001\u007f", DisplayName = "lone \udc00 surrogate" };
            string json = task.Serialize();
            Assert.Equal("{\"id\":\"q\",\"displayName\":\"lone \\uDC00 surrogate\",\"commandLine\":\"echo \\\"a\\\\b\\\" <tag> & 'x' é ✓ 😀\\n\\u0001\u007f\"}", json);
            Assert.Equal(task, CloudTask.Deserialize(json), BatchModelComparer.Instance);
        }

        [Fact]
        public void Strings_OfEveryLength_WithOneSpecialCharacterAnywhere_AreWrittenExactly()
        {
            // The writer copies plain ASCII a vector at a time: the stop must land exactly on the
            // first character that needs escaping or encoding, wherever it is and however long the text.
            var writer = new BatchTaskWriter();
            string[] specials = { "\"", "\\", "\n", "\u001f", "\u007f", "é", "✓", "😀", "\udc00" };
            string[] expectedForms = { "\\\"", "\\\\", "\\n", "\\u001F", "\u007f", "é", "✓", "😀", "\\uDC00" };
            for (int length = 0; length <= 80; length++)
            {
                string plain = new string(Enumerable.Range(0, length).Select(k => (char)('!' + (k * 7 % 90) switch { 1 => 2, 59 => 60, var c => c })).ToArray());
                Assert.DoesNotContain('"', plain);
                Assert.DoesNotContain('\\', plain);
                Assert.Equal("{\"id\":\"" + plain + "\"}", writer.Write(new CloudTask { Id = plain }));
                for (int at = 0; at <= length; at++)
                {
                    for (int s = 0; s < specials.Length; s++)
                    {
                        string text = string.Concat(plain.AsSpan(0, at), specials[s], plain.AsSpan(at));
                        string expected = "{\"id\":\"" + plain.Substring(0, at) + expectedForms[s] + plain.Substring(at) + "\"}";
                        Assert.Equal(expected, writer.Write(new CloudTask { Id = text }));
                    }
                }
            }
        }

        [Theory]
        [InlineData(3.0, "3.0")]
        [InlineData(0.1, "0.1")]
        [InlineData(-0.0, "-0.0")]
        [InlineData(1e-07, "1E-07")]
        [InlineData(1.7976931348623157e308, "1.7976931348623157E+308")]
        public void Floats_UseTheShortestRoundTripForm_WithAFractionOrExponent(double value, string expected)
        {
            var task = new CloudTask { Stats = new TaskStatistics { ReadIOGiB = value } };
            string json = task.Serialize();
            Assert.Equal("{\"stats\":{\"readIOGiB\":" + expected + "}}", json);
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(CloudTask.Deserialize(json).Stats!.ReadIOGiB!.Value));
        }

        [Fact]
        public void ExcludingAdditionalProperties_IsTheReferencesDefault()
        {
            CloudTask task = CloudTask.Deserialize("{\"id\":\"q\",\"foo\":\"bar\",\"constraints\":{\"maxTaskRetryCount\":1,\"bar\":2},\"resourceFiles\":[{\"httpUrl\":\"h\",\"filePath\":\"f\",\"baz\":[1]}]}");
            var writer = new BatchTaskWriter(new BatchTaskWriterOptions { IncludeAdditionalProperties = false });
            Assert.Equal("{\"id\":\"q\",\"resourceFiles\":[{\"httpUrl\":\"h\",\"filePath\":\"f\"}],\"constraints\":{\"maxTaskRetryCount\":1}}", writer.Write(task));
        }

        [Fact]
        public void AdditionalPropertiesNamedLikeAKnownProperty_AreNotWrittenTwice()
        {
            var task = new CloudTask { Id = "q" };
            task.AdditionalProperties.SetJson("ID", "\"other\"");
            task.AdditionalProperties.SetJson("extra", "[1, {\"a\" : 2}]");
            Assert.Equal("{\"id\":\"q\",\"extra\":[1,{\"a\":2}]}", task.Serialize());
        }

        [Fact]
        public void AsDict_IsAnOrderedTree_InTheChosenKeyStyle()
        {
            OrderedDictionary tree = Sample().AsDict();
            Assert.Equal("t1", tree["id"]);
            Assert.Equal("cmd /c hostname", tree["command_line"]);
            var constraints = (OrderedDictionary)tree["constraints"]!;
            Assert.Equal(new object[] { "max_wall_clock_time", "retention_time", "max_task_retry_count" }, constraints.Keys.Cast<object>().ToArray());
            Assert.Equal(2, constraints["max_task_retry_count"]);
            Assert.Equal(0.5, ((OrderedDictionary)tree["stats"]!)["read_io_gi_b"]);
            Assert.Equal(3.0, ((OrderedDictionary)tree["stats"]!)["write_io_gi_b"]);
            Assert.Equal(new List<object?> { "a" }, ((OrderedDictionary)tree["depends_on"]!)["task_ids"]);
            OrderedDictionary rest = Sample().AsDict(KeyStyle.Rest);
            Assert.Equal("PT1H", ((OrderedDictionary)rest["constraints"]!)["maxWallClockTime"]);
        }

        [Fact]
        public void AsDict_ThenFromDict_GivesAnEqualTask()
        {
            CloudTask task = Sample();
            Assert.Equal(task, CloudTask.FromDict(task.AsDict()), BatchModelComparer.Instance);
            Assert.Equal(task, CloudTask.FromDict(task.AsDict(KeyStyle.Property)), BatchModelComparer.Instance);
        }

        [Fact]
        public void Streams_GetUtf8WithoutByteOrderMark_AsArrayOrLines()
        {
            var tasks = new[] { new CloudTask { Id = "a" }, new CloudTask { Id = "b" } };
            var array = new MemoryStream();
            new BatchTaskWriter().WriteArray(tasks, array);
            Assert.Equal("[{\"id\":\"a\"},{\"id\":\"b\"}]", Encoding.UTF8.GetString(array.ToArray()));
            var lines = new MemoryStream();
            new BatchTaskWriter(new BatchTaskWriterOptions { Indented = true }).WriteLines(tasks, lines);
            Assert.Equal("{\"id\":\"a\"}\n{\"id\":\"b\"}\n", Encoding.UTF8.GetString(lines.ToArray()));
            var indentedArray = new MemoryStream();
            new BatchTaskWriter(new BatchTaskWriterOptions { Indented = true }).WriteArray(tasks, indentedArray);
            Assert.Equal("[\n  {\n    \"id\": \"a\"\n  },\n  {\n    \"id\": \"b\"\n  }\n]", Encoding.UTF8.GetString(indentedArray.ToArray()));
        }

        [Fact]
        public void LargeOutput_IsStreamedInPieces()
        {
            var counting = new CountingStream();
            new BatchTaskWriter().WriteLines(Enumerable.Range(0, 5000).Select(i => new CloudTask { Id = "task-" + i, CommandLine = new string('x', 100) }), counting);
            Assert.True(counting.Writes > 5, "expected several flushes, saw " + counting.Writes);
            Assert.True(counting.Length > 500_000);
        }

        private sealed class CountingStream : MemoryStream
        {
            public int Writes { get; private set; }

            public override void Write(byte[] buffer, int offset, int count)
            {
                Writes++;
                base.Write(buffer, offset, count);
            }
        }

        [Fact]
        public void RedactSecrets_MasksThePasswordAndSasValues_Only()
        {
            var task = new CloudTask
            {
                Id = "t",
                ContainerSettings = new TaskContainerSettings
                {
                    ImageName = "myreg.azurecr.io/app:1",
                    Registry = new ContainerRegistry { RegistryServer = "myreg.azurecr.io", UserName = "me", Password = "Secr3t!" },
                },
                ResourceFiles = new List<ResourceFile?> { new ResourceFile { HttpUrl = "https://s.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&sig=AbC%2Bd%3D", FilePath = "f" } },
            };
            string redacted = new BatchTaskWriter(new BatchTaskWriterOptions { RedactSecrets = true }).Write(task);
            Assert.DoesNotContain("Secr3t!", redacted);
            Assert.DoesNotContain("AbC%2Bd%3D", redacted);
            Assert.Contains("\"password\":\"***\"", redacted);
            Assert.Contains("sv=2022-11-02&sp=r&sig=***", redacted);
            string exact = task.Serialize();
            Assert.Contains("Secr3t!", exact);
            Assert.Contains("sig=AbC%2Bd%3D", exact);
        }

        [Fact]
        public void RedactSecrets_AlsoMasksUrlsInFreeText_AndUrlPasswords()
        {
            var task = new CloudTask
            {
                Id = "t",
                CommandLine = "azcopy copy 'https://s.blob.core.windows.net/c?sv=1&sig=SECRET1' . && echo done",
                EnvironmentSettings = new List<EnvironmentSetting?>
                {
                    new EnvironmentSetting { Name = "INPUT", Value = "https://h/c?sig=SECRET2&sp=r" },
                    new EnvironmentSetting { Name = "SAS", Value = "sv=1&sp=r&sig=SECRET4" },   // a secret name hides the whole value
                },
                ContainerSettings = new TaskContainerSettings { ImageName = "i", Registry = new ContainerRegistry { RegistryServer = "https://me:SECRET3@r.example/v2" } },
            };
            string redacted = new BatchTaskWriter(new BatchTaskWriterOptions { RedactSecrets = true }).Write(task);
            Assert.DoesNotContain("SECRET", redacted);
            Assert.Contains("azcopy copy 'https://s.blob.core.windows.net/c?sv=1&sig=***' . && echo done", redacted);
            Assert.Contains("{\"name\":\"INPUT\",\"value\":\"https://h/c?sig=***&sp=r\"}", redacted);
            Assert.Contains("{\"name\":\"SAS\",\"value\":\"***\"}", redacted);
            Assert.Contains("https://me:***@r.example/v2", redacted);
        }

        [Fact]
        public void AsDict_ThenFromDict_KeepsNumbersNoDotNetTypeHolds_AndNegativeZero()
        {
            CloudTask task = CloudTask.Deserialize("{\"id\":\"q\",\"stats\":{\"writeIOGiB\":-0.0},\"x\":1e400,\"y\":18446744073709551616,\"z\":1e-7}");
            var tree = task.AsDict(KeyStyle.Rest);
            Assert.IsType<JsonNumber>(tree["x"]);
            Assert.Equal("1e400", tree["x"]!.ToString());
            Assert.IsType<JsonNumber>(tree["y"]);
            CloudTask back = CloudTask.FromDict(tree);
            Assert.Equal(task, back, BatchModelComparer.Instance);
            Assert.Equal("{\"id\":\"q\",\"stats\":{\"writeIOGiB\":-0.0},\"x\":1e400,\"y\":18446744073709551616,\"z\":1E-07}", back.Serialize());
        }
    }
}