using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using Xunit;

namespace BatchTaskPS.Tests.Serialization
{
    public sealed class BatchTaskReaderTests
    {
        private static readonly BatchTaskReader Reader = new BatchTaskReader();

        private static BatchTaskReadException ReadError(string json, BatchTaskReaderOptions? options = null) =>
            Assert.Throws<BatchTaskReadException>(() => new BatchTaskReader(options).ReadTask(json));

        // ------------------------------------------------------------ keys (FIDELITY 2, 8-11)

        [Theory]
        [InlineData("{\"ID\":\"a\",\"CommandLine\":\"c\"}", "a", "c")]                        // any letter case
        [InlineData("{\"id\":\"a\",\"command_line\":\"c\"}", "a", "c")]                       // attribute names
        [InlineData("{\"Id\":\"a\",\"COMMAND_LINE\":\"c\"}", "a", "c")]
        [InlineData("{\"id\":\"first\",\"id\":\"second\",\"commandLine\":\"c\"}", "second", "c")] // exact repeat: last wins
        [InlineData("{\"ID\":\"upper\",\"id\":\"lower\",\"commandLine\":\"c\"}", "upper", "c")]   // case variants: first wins
        [InlineData("{\"id\":\"a\",\"commandLine\":\"camel\",\"command_line\":\"snake\"}", "a", "snake")] // attribute name beats REST key
        [InlineData("{\"id\":\"a\",\"command_line\":\"snake\",\"commandLine\":\"camel\"}", "a", "snake")]
        [InlineData("{\"\\u0069d\":\"a\",\"commandLine\":\"c\"}", "a", "c")]                  // escaped key
        public void Keys_MatchAsTheReferencesFromDict(string json, string id, string commandLine)
        {
            CloudTask task = Reader.ReadTask(json);
            Assert.Equal(id, task.Id);
            Assert.Equal(commandLine, task.CommandLine);
            Assert.False(task.AdditionalProperties.Contains("ID"));
        }

        [Fact]
        public void UnusualRestKeys_AreReadInAnyCase()
        {
            CloudTask task = Reader.ReadTask("{\"userIdentity\":{\"userName\":\"u\"},\"stats\":{\"userCpuTime\":\"PT1S\",\"readIoGiB\":1.5,\"READIOPS\":3}}");
            Assert.Equal("u", task.UserIdentity!.UserName);
            Assert.Equal(TimeSpan.FromSeconds(1), task.Stats!.UserCpuTime);
            Assert.Equal(1.5, task.Stats.ReadIOGiB);
            Assert.Equal(3L, task.Stats.ReadIOps);
        }

        // ------------------------------------------------------------ values (FIDELITY 28-41)

        [Fact]
        public void Numbers_InStringFields_KeepTheirExactJsonText()
        {
            CloudTask task = Reader.ReadTask("{\"id\":12345,\"displayName\":1e-07,\"url\":1.0,\"commandLine\":-0}");
            Assert.Equal("12345", task.Id);
            Assert.Equal("1e-07", task.DisplayName);
            Assert.Equal("1.0", task.Url);
            Assert.Equal("-0", task.CommandLine);
        }

        [Theory]
        [InlineData("{\"requiredSlots\":\"42\"}", 42)]
        [InlineData("{\"requiredSlots\":\"-7\"}", -7)]
        [InlineData("{\"requiredSlots\":2147483647}", int.MaxValue)]
        [InlineData("{\"requiredSlots\":-2147483648}", int.MinValue)]
        public void Int32Fields_AcceptPlainIntegers(string json, int expected)
        {
            Assert.Equal(expected, Reader.ReadTask(json).RequiredSlots);
        }

        [Fact]
        public void Int64Fields_AcceptTheNewestApisStringForm()
        {
            CloudTask task = Reader.ReadTask("{\"stats\":{\"readIOps\":\"9223372036854775807\",\"writeIOps\":-9223372036854775808}}");
            Assert.Equal(long.MaxValue, task.Stats!.ReadIOps);
            Assert.Equal(long.MinValue, task.Stats.WriteIOps);
        }

        [Theory]
        [InlineData("{\"requiredSlots\":3.9}", "$.requiredSlots", "fraction or exponent")]
        [InlineData("{\"requiredSlots\":1e2}", "$.requiredSlots", "fraction or exponent")]
        [InlineData("{\"requiredSlots\":1e400}", "$.requiredSlots", "fraction or exponent")]                // FIDELITY 4: no OverflowError
        [InlineData("{\"stats\":{\"readIOps\":1e400}}", "$.stats.readIOps", "fraction or exponent")]
        [InlineData("{\"requiredSlots\":true}", "$.requiredSlots", "found a boolean")]
        [InlineData("{\"requiredSlots\":\" 42 \"}", "$.requiredSlots", "not a plain integer")]
        [InlineData("{\"requiredSlots\":\"4_2\"}", "$.requiredSlots", "not a plain integer")]
        [InlineData("{\"requiredSlots\":\"+7\"}", "$.requiredSlots", "not a plain integer")]
        [InlineData("{\"requiredSlots\":2147483648}", "$.requiredSlots", "out of range")]
        [InlineData("{\"stats\":{\"readIOps\":18446744073709551616}}", "$.stats.readIOps", "out of range")]
        [InlineData("{\"stats\":{\"readIOGiB\":1e400}}", "$.stats.readIOGiB", "out of range")]
        [InlineData("{\"stats\":{\"readIOGiB\":\"nan\"}}", "$.stats.readIOGiB", "not a plain finite number")]
        [InlineData("{\"stats\":{\"readIOGiB\":\"1_000.5\"}}", "$.stats.readIOGiB", "not a plain finite number")]
        [InlineData("{\"displayName\":true}", "$.displayName", "expected a string but found a boolean")]
        [InlineData("{\"displayName\":{\"a\":1}}", "$.displayName", "found an object")]
        [InlineData("{\"dependsOn\":{\"taskIds\":[\"a\",false]}}", "$.dependsOn.taskIds[1]", "found a boolean")]
        [InlineData("{\"state\":true}", "$.state", "TaskState value as a string but found a boolean")]          // FIDELITY 29
        [InlineData("{\"userIdentity\":{\"autoUser\":{\"elevationLevel\":false}}}", "$.userIdentity.autoUser.elevationLevel", "found a boolean")]
        [InlineData("{\"displayName\":[\"a\"]}", "$.displayName", "expected a string but found an array")]  // FIDELITY 32
        [InlineData("{\"requiredSlots\":\"\u0664\u0662\"}", "$.requiredSlots", "not a plain integer")]       // FIDELITY 34: Arabic-Indic digits
        [InlineData("{\"requiredSlots\":\"\uff14\uff12\"}", "$.requiredSlots", "not a plain integer")]       // fullwidth digits
        [InlineData("{\"state\":2}", "$.state", "TaskState value as a string but found a number")]
        [InlineData("{\"state\":[\"active\"]}", "$.state", "found an array")]
        [InlineData("{\"constraints\":[]}", "$.constraints", "expected an object (TaskConstraints) but found an array")]
        [InlineData("{\"dependsOn\":{\"taskIds\":\"a,b\"}}", "$.dependsOn.taskIds", "expected an array but found a string")]
        [InlineData("{\"resourceFiles\":[{\"httpUrl\":\"h\"},5]}", "$.resourceFiles[1]", "(ResourceFile) but found a number")]
        [InlineData("{\"creationTime\":1714979289}", "$.creationTime", "date-time string but found a number")]
        [InlineData("{\"creationTime\":\"2024-05-06T07:08:09Zjunk\"}", "$.creationTime", "unexpected text after the date-time")]
        [InlineData("{\"constraints\":{\"maxWallClockTime\":3600}}", "$.constraints.maxWallClockTime", "duration string but found a number")]
        [InlineData("{\"constraints\":{\"retentionTime\":\"P1Y\"}}", "$.constraints.retentionTime", "years and months")]
        [InlineData("{\"containerSettings\":{\"containerHostBatchBindMounts\":[{\"isReadOnly\":\"yes\"}]}}", "$.containerSettings.containerHostBatchBindMounts[0].isReadOnly", "true or false")]
        [InlineData("{\"odd key\":{\"x\":[1,{\"y\":\"\\q\"}]}}", "$['odd key'].x[1].y", "invalid JSON")]
        public void BadValues_AreOneErrorWithThePathOfTheValue(string json, string path, string reasonPart)
        {
            BatchTaskReadException e = ReadError(json);
            Assert.Equal(path, e.JsonPath);
            Assert.Contains(reasonPart, e.Message);
            Assert.Equal(1, e.LineNumber);
        }

        [Fact]
        public void Errors_CarryLineBytePositionAndOffset()
        {
            string json = "{\n  \"id\": \"a\",\n  \"requiredSlots\": \"x\"\n}";
            BatchTaskReadException e = ReadError(json);
            Assert.Equal(3, e.LineNumber);
            Assert.Equal(20, e.BytePositionInLine);            // the opening quote of "x" is the 20th byte of line 3
            Assert.Equal(json.IndexOf("\"x\"", StringComparison.Ordinal), e.ByteOffset);
            Assert.Equal("$.requiredSlots", e.JsonPath);
            Assert.Equal(ReadErrorKind.InvalidValue, e.Kind);
            Assert.Contains("line 3, byte 20", e.Message);
        }

        [Fact]
        public void SyntaxErrors_CarryThePathReachedAndThePosition()
        {
            BatchTaskReadException e = ReadError("{\"id\":\"a\",\n\"constraints\":{\"maxTaskRetryCount\":1,}}");
            Assert.Equal(ReadErrorKind.Syntax, e.Kind);
            Assert.Equal(2, e.LineNumber);
            Assert.StartsWith("$.constraints", e.JsonPath);
            Assert.StartsWith("invalid JSON", e.Reason);
            Assert.DoesNotContain("LineNumber:", e.Message);
        }

        [Fact]
        public void NullProperties_AreDropped_AndEmptyContainersKept()
        {
            CloudTask task = Reader.ReadTask("{\"id\":\"q\",\"displayName\":null,\"constraints\":null,\"resourceFiles\":[],\"exitConditions\":{},\"dependsOn\":{\"taskIds\":[]}}");
            Assert.Null(task.DisplayName);
            Assert.Null(task.Constraints);
            Assert.NotNull(task.ResourceFiles);
            Assert.Empty(task.ResourceFiles!);
            Assert.NotNull(task.ExitConditions);
            Assert.Null(task.OutputFiles);
            Assert.Equal("{\"id\":\"q\",\"exitConditions\":{},\"resourceFiles\":[],\"dependsOn\":{\"taskIds\":[]}}", task.Serialize());
        }

        [Fact]
        public void NullListItems_AreKept()
        {
            CloudTask task = Reader.ReadTask("{\"id\":\"q\",\"resourceFiles\":[null,{}],\"dependsOn\":{\"taskIds\":[null,\"a\"]}}");
            Assert.Null(task.ResourceFiles![0]);
            Assert.Null(task.DependsOn!.TaskIds![0]);
            Assert.Equal("{\"id\":\"q\",\"resourceFiles\":[null,{}],\"dependsOn\":{\"taskIds\":[null,\"a\"]}}", task.Serialize());
        }

        [Fact]
        public void Strings_KeepNulControlCharactersAndLoneSurrogates()
        {
            CloudTask task = Reader.ReadTask("{\"id\":\"q\\u0000\",\"displayName\":\"a\\ud800b\\t\\u0001\"}");
            Assert.Equal("q\0", task.Id);
            Assert.Equal("a\ud800b\t\u0001", task.DisplayName);
            Assert.Equal("{\"id\":\"q\\u0000\",\"displayName\":\"a\\uD800b\\t\\u0001\"}", task.Serialize());
        }

        [Fact]
        public void InvalidUtf8_IsASyntaxErrorAtItsString()
        {
            byte[] bytes = Encoding.ASCII.GetBytes("{\"id\":\"_\"}");
            bytes[7] = 0xFF;
            BatchTaskReadException e = Assert.Throws<BatchTaskReadException>(() => Reader.ReadTask(bytes));
            Assert.Equal("$.id", e.JsonPath);
            Assert.Equal(ReadErrorKind.Syntax, e.Kind);
            Assert.Contains("UTF-8", e.Message);
        }

        [Fact]
        public void Utf8ByteOrderMark_IsSkipped()
        {
            byte[] bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("{\"id\":\"q\"}")).ToArray();
            Assert.Equal("q", Reader.ReadTask(bytes).Id);
            Assert.Equal("q", Reader.ReadTask("\uFEFF{\"id\":\"q\"}").Id);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Utf16WithByteOrderMark_IsRead(bool bigEndian)
        {
            var encoding = new UnicodeEncoding(bigEndian, true);
            byte[] bytes = encoding.GetPreamble().Concat(encoding.GetBytes("{\"id\":\"é-q\",\n\"commandLine\":\"echo ✓\"}")).ToArray();
            CloudTask viaBytes = Reader.ReadTask(bytes);
            CloudTask viaStream = Reader.ReadTask(new MemoryStream(bytes));
            Assert.Equal("é-q", viaBytes.Id);
            Assert.Equal("echo ✓", viaStream.CommandLine);
        }

        [Fact]
        public void Numbers_InAListOfStrings_KeepTheirExactJsonText()
        {
            // FIDELITY 41 (as 32): the reference writes str(1), str(2.5); we keep the JSON text of each number.
            CloudTask task = Reader.ReadTask("{\"id\":\"a\",\"dependsOn\":{\"taskIds\":[\"x\",1,2.5,1e-7,-0]}}");
            Assert.Equal(new[] { "x", "1", "2.5", "1e-7", "-0" }, task.DependsOn!.TaskIds!);
            Assert.Equal("{\"id\":\"a\",\"dependsOn\":{\"taskIds\":[\"x\",\"1\",\"2.5\",\"1e-7\",\"-0\"]}}", task.Serialize());
        }

        [Theory]
        [InlineData("[{\"id\":\"a\"}]", "not a Array of tasks")]
        [InlineData("{\"value\":[{\"id\":\"a\"}]}", "not a ListResponse of tasks")]
        [InlineData("{\"id\":\"a\"}\n{\"id\":\"b\"}", "more than one task")]
        [InlineData("  ", "holds no")]
        public void ReadTaskObject_TakesOneTaskObjectOnly(string json, string reason)
        {
            Assert.Equal("a", Reader.ReadTaskObject(System.Text.Encoding.UTF8.GetBytes("{\"id\":\"a\"}")).Id);
            var e = Assert.Throws<BatchTaskReadException>(() => Reader.ReadTaskObject(System.Text.Encoding.UTF8.GetBytes(json)));
            Assert.Equal(ReadErrorKind.NotATask, e.Kind);
            Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
        }

        // ------------------------------------------------------------ top level (FIDELITY 5, 6)

        [Theory]
        [InlineData("null", "found null")]
        [InlineData("\"task\"", "found a string")]
        [InlineData("42", "found a number")]
        [InlineData("", "holds no JSON")]
        [InlineData("  \n ", "holds no JSON")]
        [InlineData("[]", "holds no task")]
        [InlineData("{\"id\":\"a\"}\n{\"id\":\"b\"}", "more than one task")]
        public void ReadTask_NeedsExactlyOneTask(string json, string reasonPart)
        {
            Assert.Contains(reasonPart, ReadError(json).Message);
        }

        [Fact]
        public void ReadTask_TakesAnArrayOrListHoldingOneTask()
        {
            Assert.Equal("q", Reader.ReadTask("[{\"id\":\"q\"}]").Id);
            Assert.Equal("q", Reader.ReadTask("{\"value\":[{\"id\":\"q\"}]}").Id);
        }

        [Fact]
        public void DataAfterATask_OnTheSameLine_IsAnError()
        {
            BatchTaskReadException e = ReadError("{\"id\":\"a\"} {\"id\":\"b\"}");
            Assert.Equal(ReadErrorKind.Syntax, e.Kind);
            Assert.Equal(12, e.BytePositionInLine);
        }

        // ------------------------------------------------------------ unknown properties (FIDELITY 12, 13)

        [Fact]
        public void UnknownProperties_AreKeptInOrderAtEveryLevel_AndWrittenAfterTheKnownOnes()
        {
            string json = "{\"zeta\":1,\"id\":\"q\",\"alpha\":{\"b\":[1,2.50,\"x\\u0041\"],\"a\":null}," +
                          "\"constraints\":{\"bar\":true,\"maxTaskRetryCount\":1},\"containerSettings\":{\"imageName\":\"i\",\"futureField\":[{}]}}";
            CloudTask task = Reader.ReadTask(json);
            Assert.Equal(new[] { "zeta", "alpha" }, task.AdditionalProperties.Names);
            Assert.Equal("{\"b\":[1,2.50,\"x\\u0041\"],\"a\":null}", task.AdditionalProperties["alpha"]);
            Assert.Equal("true", task.Constraints!.AdditionalProperties["bar"]);
            Assert.Equal(
                "{\"id\":\"q\",\"containerSettings\":{\"imageName\":\"i\",\"futureField\":[{}]},\"constraints\":{\"maxTaskRetryCount\":1,\"bar\":true}," +
                "\"zeta\":1,\"alpha\":{\"b\":[1,2.50,\"x\\u0041\"],\"a\":null}}",
                task.Serialize());
            Assert.Equal("{\"id\":\"q\",\"containerSettings\":{\"imageName\":\"i\"},\"constraints\":{\"maxTaskRetryCount\":1}}",
                task.Serialize(includeAdditionalProperties: false));
        }

        [Fact]
        public void UnknownProperties_FromIndentedInput_CompareEqualAfterACompactRoundTrip()
        {
            CloudTask pretty = Reader.ReadTask("{\n  \"id\": \"q\",\n  \"x\": { \"a\" : [ 1 , 2 ] }\n}");
            CloudTask compact = Reader.ReadTask(pretty.Serialize());
            Assert.Equal(pretty, compact, BatchModelComparer.Instance);
            Assert.Equal("{\"a\":[1,2]}", pretty.AdditionalProperties["x"]);
        }

        [Fact]
        public void ODataMetadata_OfAGetResponse_IsKeptButLeftOutOfTheCreateShape()
        {
            CloudTask task = Reader.ReadTask("{\"odata.metadata\":\"https://a.batch.azure.com/$metadata#tasks/@Element\",\"id\":\"q\",\"commandLine\":\"c\"}");
            Assert.True(task.AdditionalProperties.Contains("odata.metadata"));
            Assert.Contains("odata.metadata", task.Serialize());
            Assert.Equal("{\"id\":\"q\",\"commandLine\":\"c\"}", task.Serialize(TaskShape.Create));
        }

        // ------------------------------------------------------------ enums (FIDELITY 28, 30)

        [Fact]
        public void Enums_MatchAnyCase_KeepTheSpellingRead_UnknownValuesAreKeptAsGiven()
        {
            // FIDELITY row 28 (revised): equal to the wire value for every comparison, written back as read.
            CloudTask task = Reader.ReadTask("{\"state\":\"Active\",\"previousState\":\"Suspended\",\"userIdentity\":{\"autoUser\":{\"elevationLevel\":\"ADMIN\"}}," +
                                             "\"containerSettings\":{\"imageName\":\"i\",\"containerHostBatchBindMounts\":[{\"source\":\"task\"}]}}");
            Assert.Equal("Active", task.State!.Value.Value);
            Assert.True(task.State.Value.IsKnown);
            Assert.Equal(TaskState.Active, task.State.Value);
            Assert.Equal("Suspended", task.PreviousState!.Value.Value);
            Assert.False(task.PreviousState.Value.IsKnown);
            Assert.Equal(ElevationLevel.Admin, task.UserIdentity!.AutoUser!.ElevationLevel);
            Assert.Equal("ADMIN", task.UserIdentity.AutoUser.ElevationLevel!.Value.Value);
            Assert.Equal("task", task.ContainerSettings!.ContainerHostBatchBindMounts![0]!.Source!.Value.Value);
            Assert.Equal(ContainerHostDataPath.Task, task.ContainerSettings.ContainerHostBatchBindMounts[0]!.Source!.Value);
            string written = task.Serialize();
            Assert.Contains("\"previousState\":\"Suspended\"", written);
            Assert.Contains("\"state\":\"Active\"", written);
            Assert.Contains("\"elevationLevel\":\"ADMIN\"", written);
            Assert.Contains("\"source\":\"task\"", written);
        }

        // ------------------------------------------------------------ limits

        [Fact]
        public void Depth_OverTheLimit_IsALimitError_NotAStackOverflow()
        {
            string deep = "{\"id\":\"q\",\"x\":" + new string('[', 100000) + new string(']', 100000) + "}";
            BatchTaskReadException e = ReadError(deep);
            Assert.Equal(ReadErrorKind.LimitExceeded, e.Kind);
            Assert.Contains("MaxDepth", e.Message);
        }

        [Fact]
        public void Depth_IsConfigurable()
        {
            string json = "{\"id\":\"q\",\"x\":[[[[1]]]]}";
            Assert.NotNull(Reader.ReadTask(json));
            BatchTaskReadException e = ReadError(json, new BatchTaskReaderOptions { MaxDepth = 4 });
            Assert.Equal(ReadErrorKind.LimitExceeded, e.Kind);
            Assert.Contains("limit of 4", e.Message);
        }

        [Fact]
        public void StringSize_OverTheLimit_IsALimitError_InKnownAndUnknownFieldsAndKeys()
        {
            var options = new BatchTaskReaderOptions { MaxStringBytes = 16 };
            string big = new string('x', 17);
            Assert.Equal("$.commandLine", ReadError("{\"commandLine\":\"" + big + "\"}", options).JsonPath);
            Assert.Equal(ReadErrorKind.LimitExceeded, ReadError("{\"extra\":[\"" + big + "\"]}", options).Kind);
            Assert.Equal(ReadErrorKind.LimitExceeded, ReadError("{\"" + big + "\":1}", options).Kind);
            Assert.Contains("MaxStringBytes", ReadError("{\"commandLine\":\"" + big + "\"}", options).Message);
            Assert.NotNull(new BatchTaskReader(options).ReadTask("{\"commandLine\":\"" + new string('x', 16) + "\"}"));
        }

        [Fact]
        public void DocumentSize_OverTheLimit_IsALimitError()
        {
            var options = new BatchTaskReaderOptions { MaxDocumentBytes = 64 };
            var stream = new MemoryStream(Encoding.UTF8.GetBytes("{\"id\":\"" + new string('x', 100) + "\"}"));
            BatchTaskReadException e = Assert.Throws<BatchTaskReadException>(() => new BatchTaskReader(options).ReadTask(stream));
            Assert.Equal(ReadErrorKind.LimitExceeded, e.Kind);
            Assert.Contains("MaxDocumentBytes", e.Message);
        }

        [Fact]
        public void Options_RejectNonsenseLimits()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new BatchTaskReaderOptions { MaxDepth = 0 });
            Assert.Throws<ArgumentOutOfRangeException>(() => new BatchTaskReaderOptions { MaxStringBytes = -1 });
        }

        // ------------------------------------------------------------ dictionaries (from_dict)

        [Fact]
        public void FromDict_AcceptsRestKeysAttributeNamesAndPropertyNames_InAnyCase()
        {
            var dict = new Hashtable
            {
                ["ID"] = "t1",
                ["command_line"] = "echo",
                ["Constraints"] = new Dictionary<string, object?> { ["MaxTaskRetryCount"] = 3, ["max_wall_clock_time"] = TimeSpan.FromHours(1) },
                ["resourceFiles"] = new object[] { new Hashtable { ["httpUrl"] = "https://x/y", ["FilePath"] = "y" }, new ResourceFile { AutoStorageContainerName = "c" } },
                ["userIdentity"] = new Hashtable { ["autoUser"] = new Hashtable { ["elevationLevel"] = ElevationLevel.Admin } },
                ["creationTime"] = new DateTimeOffset(2024, 5, 6, 9, 8, 9, TimeSpan.FromHours(2)),
                ["requiredSlots"] = "2",
                ["unknownThing"] = new[] { 1, 2 },
            };
            CloudTask task = CloudTask.FromDict(dict);
            Assert.Equal("t1", task.Id);
            Assert.Equal("echo", task.CommandLine);
            Assert.Equal(3, task.Constraints!.MaxTaskRetryCount);
            Assert.Equal(TimeSpan.FromHours(1), task.Constraints.MaxWallClockTime);
            Assert.Equal("y", task.ResourceFiles![0]!.FilePath);
            Assert.Equal("c", task.ResourceFiles[1]!.AutoStorageContainerName);
            Assert.Equal(ElevationLevel.Admin, task.UserIdentity!.AutoUser!.ElevationLevel);
            Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc), task.CreationTime);
            Assert.Equal(2, task.RequiredSlots);
            Assert.Equal("[1,2]", task.AdditionalProperties["unknownThing"]);
        }

        [Fact]
        public void FromDict_Errors_CarryThePath_AndNoLine()
        {
            var dict = new Hashtable { ["id"] = "t", ["resourceFiles"] = new object[] { new Hashtable { ["httpUrl"] = true } } };
            BatchTaskReadException e = Assert.Throws<BatchTaskReadException>(() => CloudTask.FromDict(dict));
            Assert.Equal("$.resourceFiles[0].httpUrl", e.JsonPath);
            Assert.Equal(0, e.LineNumber);
            Assert.DoesNotContain("line", e.Message);
        }

        [Fact]
        public void FromDict_UsesTheValueAdapter_ForForeignTypes()
        {
            var options = new BatchTaskReaderOptions { ValueAdapter = v => v is Version ver ? new Hashtable { ["id"] = "v" + ver.Major } : null };
            CloudTask task = new BatchTaskReader(options).ReadFromTree(new Version(7, 1));
            Assert.Equal("v7", task.Id);
        }

        [Fact]
        public void FromDict_NonFiniteFloats_AreRejectedWithThePath()
        {
            var dict = new Hashtable { ["stats"] = new Hashtable { ["readIOGiB"] = double.NaN } };
            Assert.Equal("$.stats.readIOGiB", Assert.Throws<BatchTaskReadException>(() => CloudTask.FromDict(dict)).JsonPath);
        }

        [Fact]
        public void ReadModelFromTree_ReadsANestedType()
        {
            ResourceFile file = Reader.ReadModelFromTree<ResourceFile>(new Hashtable { ["http_url"] = "https://h", ["filePath"] = "f" });
            Assert.Equal("https://h", file.HttpUrl);
            Assert.Same(file, Reader.ReadModelFromTree<ResourceFile>(file));
        }

        [Fact]
        public void FromDict_AFailingCollectionOfTheCaller_IsAReadError()
        {
            IEnumerable<object> Broken()
            {
                yield return new Hashtable { ["httpUrl"] = "https://h" };
                throw new InvalidOperationException("the source went away");
            }

            var dict = new Hashtable { ["id"] = "t", ["resourceFiles"] = Broken() };
            BatchTaskReadException e = Assert.Throws<BatchTaskReadException>(() => CloudTask.FromDict(dict));
            Assert.Contains("the source went away", e.Message);
            Assert.IsType<InvalidOperationException>(e.InnerException);
        }
    }
}
