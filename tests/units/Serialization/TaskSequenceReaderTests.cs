using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using Xunit;

namespace BatchTaskPS.Tests.Serialization
{
    public sealed class TaskSequenceReaderTests
    {
        /// <summary>A stream that hands out at most a few bytes per read, to cut records at every point.</summary>
        private sealed class TrickleStream : MemoryStream
        {
            private readonly int _chunk;

            public TrickleStream(byte[] bytes, int chunk)
                : base(bytes)
            {
                _chunk = chunk;
            }

            public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, _chunk));
        }

        private static List<TaskReadResult> Read(string text, int chunk = int.MaxValue, BatchTaskReaderOptions? options = null) =>
            Read(Encoding.UTF8.GetBytes(text), chunk, options, out _);

        private static List<TaskReadResult> Read(byte[] bytes, int chunk, BatchTaskReaderOptions? options, out TaskSequenceReader seq)
        {
            seq = new BatchTaskReader(options).OpenSequence(new TrickleStream(bytes, chunk));
            using (seq)
            {
                return seq.ToList();
            }
        }

        private static string Ids(IEnumerable<TaskReadResult> results) =>
            string.Join(",", results.Select(r => r.Task?.Id ?? "ERR"));

        [Theory]
        [InlineData(1)]
        [InlineData(7)]
        [InlineData(int.MaxValue)]
        public void Array_YieldsEachTask_WhateverTheReadSize(int chunk)
        {
            var results = Read(Encoding.UTF8.GetBytes("[ {\"id\":\"a\",\"x\":[1,2,3]},\n  {\"id\":\"b\"} ,{\"id\":\"c\",\"displayName\":\"é✓\"} ]\n"), chunk, null, out TaskSequenceReader seq);
            Assert.Equal("a,b,c", Ids(results));
            Assert.Equal(TaskInputFormat.Array, seq.Format);
            Assert.Equal(new long[] { 1, 2, 3 }, results.Select(r => r.RecordNumber));
            Assert.Equal(new long[] { 1, 2, 2 }, results.Select(r => r.LineNumber));
            Assert.Equal("é✓", results[2].Task!.DisplayName);
        }

        [Theory]
        [InlineData(3)]
        [InlineData(int.MaxValue)]
        public void NewlineDelimited_YieldsOneTaskPerLine_AndSkipsBlankLines(int chunk)
        {
            var results = Read(Encoding.UTF8.GetBytes("{\"id\":\"a\"}\r\n\n{\"id\":\"b\"}\n  {\"id\":\"c\"}"), chunk, null, out TaskSequenceReader seq);
            Assert.Equal("a,b,c", Ids(results));
            Assert.Equal(TaskInputFormat.NewlineDelimited, seq.Format);
            Assert.Equal(new long[] { 1, 3, 4 }, results.Select(r => r.LineNumber));
        }

        [Theory]
        [InlineData(5)]
        [InlineData(int.MaxValue)]
        public void ListResponse_YieldsItsTasks_AndKeepsTheNextLink(int chunk)
        {
            string json = "{\"odata.metadata\":\"https://a/$metadata#tasks\",\"value\":[{\"id\":\"a\"},{\"id\":\"b\"}],\"odata.nextLink\":\"https://a/jobs/j/tasks?$skiptoken=x\"}";
            var results = Read(Encoding.UTF8.GetBytes(json), chunk, null, out TaskSequenceReader seq);
            Assert.Equal("a,b", Ids(results));
            Assert.Equal(TaskInputFormat.ListResponse, seq.Format);
            Assert.Equal("https://a/jobs/j/tasks?$skiptoken=x", seq.NextLink);
        }

        [Theory]
        [InlineData(int.MaxValue)]
        [InlineData(7)]
        public void TaskKeysAfterAListsValue_AreAnError_NeverSilentlyNothing(int chunk)
        {
            // FIDELITY row 6 / issue 15: {"value":[],"id":...} is neither an empty list nor silently dropped.
            List<TaskReadResult> empty = Read("{\"value\":[],\"id\":\"a\",\"commandLine\":\"x\"}", chunk);
            TaskReadResult only = Assert.Single(empty);
            Assert.Null(only.Task);
            Assert.Equal(ReadErrorKind.NotATask, only.Error!.Kind);
            Assert.Contains("'id'", only.Error.Reason, StringComparison.Ordinal);
            Assert.Equal(13, only.Error.BytePositionInLine); // 1-based: the quote of the key "id"

            List<TaskReadResult> inner = Read("{\"value\":[{\"id\":\"inner\",\"commandLine\":\"c\"}],\"id\":\"outer\",\"commandLine\":\"c\"}", chunk);
            Assert.Equal(2, inner.Count);
            Assert.Equal("inner", inner[0].Task!.Id);
            Assert.Equal(ReadErrorKind.NotATask, inner[1].Error!.Kind);

            // Task keys first: a task whose "value" is an unknown property, as the reader has always read it.
            TaskReadResult task = Assert.Single(Read("{\"id\":\"outer\",\"commandLine\":\"c\",\"value\":[{\"id\":\"inner\"}]}", chunk));
            Assert.Equal("outer", task.Task!.Id);
            Assert.Equal("[{\"id\":\"inner\"}]", task.Task.AdditionalProperties["value"]);

            // A list response with annotations around its value is still one.
            Assert.Equal("a,b", Ids(Read("{\"odata.metadata\":\"m\",\"value\":[{\"id\":\"a\"},{\"id\":\"b\"}],\"odata.nextLink\":\"n\"}", chunk)));
            Assert.Throws<BatchTaskReadException>(() => new BatchTaskReader().ReadTask("{\"value\":[],\"id\":\"a\",\"commandLine\":\"x\"}"));
        }

        [Fact]
        public void PrettyPrintedSingleTask_IsOneRecord()
        {
            var results = Read(Encoding.UTF8.GetBytes("{\n  \"id\": \"a\",\n  \"commandLine\": \"c\"\n}\n"), 4, null, out TaskSequenceReader seq);
            Assert.Equal("a", Ids(results));
            Assert.Equal(TaskInputFormat.Single, seq.Format);
        }

        [Fact]
        public void ATaskThatIsNotAList_EvenWithAValueKey_IsATask()
        {
            var results = Read("{\"id\":\"a\",\"value\":[1]}");
            Assert.Equal("a", Ids(results));
            Assert.Equal("[1]", results[0].Task!.AdditionalProperties["value"]);
        }

        [Fact]
        public void BadRecordsInNewlineDelimitedInput_AreErrors_AndTheGoodRecordsStillCome()
        {
            string text = string.Join("\n",
                "{\"id\":\"a\"}",
                "{\"id\":\"b\",\"requiredSlots\":\"x\"}",   // a bad value
                "{\"id\":\"c\",",                           // broken JSON
                "{\"id\":\"d\"} trailing",                  // junk after a task
                "null",                                     // not a task
                "{\"id\":\"e\"}");
            var results = Read(text, 2);
            Assert.Equal("a,ERR,ERR,d,ERR,ERR,e", Ids(results));
            Assert.Equal("$.requiredSlots", results[1].Error!.JsonPath);
            Assert.Equal(2, results[1].Error!.LineNumber);
            Assert.Equal(3, results[2].Error!.LineNumber);
            Assert.Equal(ReadErrorKind.Syntax, results[2].Error!.Kind);
            Assert.Equal(4, results[4].Error!.LineNumber);
            Assert.Equal(ReadErrorKind.NotATask, results[5].Error!.Kind);
            Assert.Equal(5, results[5].Error!.LineNumber);
            Assert.Equal(6, results[6].LineNumber);
        }

        [Fact]
        public void BadValueInAnArray_IsAnError_AndTheNextElementsStillCome()
        {
            var results = Read("[{\"id\":\"a\"},{\"id\":\"b\",\"constraints\":{\"maxTaskRetryCount\":1.5,\"x\":[{}]}},5,{\"id\":\"c\"}]", 3);
            Assert.Equal("a,ERR,ERR,c", Ids(results));
            Assert.Equal("$.constraints.maxTaskRetryCount", results[1].Error!.JsonPath);
            Assert.Equal(ReadErrorKind.NotATask, results[2].Error!.Kind);
        }

        [Fact]
        public void BrokenJsonInAnArray_EndsTheSequenceWithOneError()
        {
            var results = Read("[{\"id\":\"a\"},{\"id\":\"b\" \"x\":1},{\"id\":\"c\"}]");
            Assert.Equal("a,ERR", Ids(results));
            Assert.Equal(ReadErrorKind.Syntax, results[1].Error!.Kind);
        }

        [Fact]
        public void ALineOverTheRecordLimit_IsOneError_AndTheNextLineIsReadNormally()
        {
            var options = new BatchTaskReaderOptions { MaxRecordBytes = 1024 };
            string big = "{\"id\":\"big\",\"commandLine\":\"" + new string('x', 300_000) + "\"}";
            var results = Read(Encoding.UTF8.GetBytes("{\"id\":\"a\"}\n" + big + "\n{\"id\":\"b\"}\n"), 4096, options, out _);
            Assert.Equal("a,ERR,b", Ids(results));
            Assert.Equal(ReadErrorKind.LimitExceeded, results[1].Error!.Kind);
            Assert.Contains("MaxRecordBytes", results[1].Error!.Message);
            Assert.Equal(3, results[2].LineNumber);
        }

        [Fact]
        public void EmptyArray_HoldsNoTasks_ButEmptyInputIsAnError()
        {
            Assert.Empty(Read("[ ]"));
            var empty = Assert.Single(Read(""));
            Assert.Equal(ReadErrorKind.NotATask, empty.Error!.Kind);
        }

        [Fact]
        public void ErrorOffsets_CountFromTheStartOfTheStream()
        {
            string text = "{\"id\":\"a\"}\n{\"id\":\"b\",\"requiredSlots\":true}";
            var results = Read(text, 3);
            Assert.Equal(text.IndexOf("true", StringComparison.Ordinal), results[1].Error!.ByteOffset);
            Assert.Equal(text.IndexOf("{\"id\":\"b\"", StringComparison.Ordinal), results[1].ByteOffset);
            Assert.Equal(2, results[1].RecordNumber);
            Assert.Equal(2, results[1].Error!.RecordNumber);
        }

        [Fact]
        public void ManyTasks_AreStreamed_WithoutHoldingTheInput()
        {
            // 20,000 tasks through a stream; the reader's buffer stays at its initial size.
            var ms = new MemoryStream();
            var writer = new BatchTaskWriter();
            writer.WriteLines(Enumerable.Range(0, 20_000).Select(i => new CloudTask { Id = "t" + i, CommandLine = "echo " + i }), ms);
            ms.Position = 0;
            long count = 0;
            using (TaskSequenceReader seq = new BatchTaskReader().OpenSequence(ms))
            {
                foreach (TaskReadResult r in seq)
                {
                    Assert.Equal("t" + count, r.Task!.Id);
                    count++;
                }
            }

            Assert.Equal(20_000, count);
        }

        [Fact]
        public void ReadTasks_StopsWithTheFirstBadRecordsError()
        {
            var tasks = new BatchTaskReader().ReadTasks("{\"id\":\"a\"}\n{\"id\":\"b\",\"state\":1}\n{\"id\":\"c\"}");
            using var e = tasks.GetEnumerator();
            Assert.True(e.MoveNext());
            Assert.Equal("a", e.Current.Id);
            Assert.Equal("$.state", Assert.Throws<BatchTaskReadException>(() => e.MoveNext()).JsonPath);
        }

        [Theory]
        [InlineData(int.MaxValue)]
        [InlineData(512)]
        public void RecordsOverTheLimit_AreErrors_EvenWhenTheyFitTheBuffer(int chunk)
        {
            var options = new BatchTaskReaderOptions { MaxRecordBytes = 100 };
            string big = "{\"id\":\"big\",\"commandLine\":\"" + new string('x', 1000) + "\"}";
            Assert.Equal("a,ERR,b", Ids(Read("{\"id\":\"a\"}\n" + big + "\n{\"id\":\"b\"}", chunk, options)));
            Assert.Equal("a,ERR,b", Ids(Read("[{\"id\":\"a\"}," + big + ",{\"id\":\"b\"}]", chunk, options)));
            List<TaskReadResult> single = Read(big, chunk, options);
            Assert.Equal(ReadErrorKind.LimitExceeded, Assert.Single(single).Error!.Kind);
        }

        [Fact]
        public void AnArrayElementNestedTooDeep_IsOneError_AndTheNextElementsStillCome()
        {
            var options = new BatchTaskReaderOptions { MaxDepth = 2 };
            var results = Read("[{\"id\":\"a\"},{\"id\":\"b\",\"exitConditions\":{\"default\":{\"jobAction\":\"none\"}}},{\"id\":\"c\"}]", 4, options);
            Assert.Equal("a,ERR,c", Ids(results));
            Assert.Equal(ReadErrorKind.LimitExceeded, results[1].Error!.Kind);
        }
    }
}
