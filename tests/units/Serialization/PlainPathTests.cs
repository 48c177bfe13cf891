using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Tests.Support;
using Xunit;

namespace BatchTaskPS.Tests.Serialization
{
    /// <summary>
    /// The reader's fast path (BatchTaskReader.TryReadPlain) reads JSON as the service writes it; it
    /// must give exactly the task the full reader gives, and leave everything else to the full reader.
    /// The full reader here is a reader with the fast path turned off.
    /// </summary>
    public sealed class PlainPathTests
    {
        private static readonly BatchTaskWriter Writer = new BatchTaskWriter();

        private static readonly BatchTaskReader FullOnly = new BatchTaskReader(new BatchTaskReaderOptions { UsePlainPath = false });

        private static CloudTask? Plain(string json, BatchTaskReaderOptions? options = null) =>
            BatchTaskReader.TryReadPlain(Encoding.UTF8.GetBytes(json), options ?? BatchTaskReaderOptions.Default);

        private static CloudTask FullReader(byte[] json)
        {
            using TaskSequenceReader sequence = FullOnly.OpenSequence(new MemoryStream(json, writable: false));
            TaskReadResult[] results = sequence.ToArray();
            Assert.Single(results);
            Assert.Null(results[0].Error);
            return results[0].Task!;
        }

        private static void AssertSameAsFullReader(CloudTask? plain, byte[] json)
        {
            Assert.NotNull(plain);
            CloudTask full = FullReader(json);
            Assert.Equal(full, plain, BatchModelComparer.Instance);
            Assert.Equal(Writer.Write(full), Writer.Write(plain!));
        }

        public static IEnumerable<object[]> ServiceDocuments() =>
            TestData.GoldenInputs("full", "typical").Select(p => new object[] { Path.GetFileName(Path.GetDirectoryName(p))!, Path.GetFileName(p) });

        [Theory]
        [MemberData(nameof(ServiceDocuments))]
        public void GoldenServiceJson_TakesTheFastPath_ToTheFullReadersTask(string folder, string file)
        {
            byte[] json = File.ReadAllBytes(Path.Combine(TestData.Golden, folder, file));
            AssertSameAsFullReader(BatchTaskReader.TryReadPlain(json, BatchTaskReaderOptions.Default), json);
        }

        [Fact]
        public void RealWorldBodies_ReadByTheFastPath_AreTheFullReadersTask()
        {
            int plain = 0;
            foreach (string path in Directory.GetFiles(TestData.RealWorld, "*.json"))
            {
                byte[] json = File.ReadAllBytes(path);
                int start = json.Length >= 3 && json[0] == 0xEF ? 3 : 0;
                CloudTask? task = BatchTaskReader.TryReadPlain(json.AsSpan(start), BatchTaskReaderOptions.Default);
                if (task != null)
                {
                    AssertSameAsFullReader(task, json);
                    plain++;
                }
            }

            Assert.True(plain > 0, "no real-world body took the fast path");
        }

        [Theory]
        [InlineData("{}")]
        [InlineData(" \r\n\t{ \"id\" : \"a\" ,\n\"commandLine\"\t:\"c\" } \n")]                          // whitespace anywhere
        [InlineData("{\"commandLine\":\"c\",\"id\":\"a\",\"requiredSlots\":2}")]                           // keys out of the model's order
        [InlineData("{\"authenticationTokenSettings\":{\"access\":[]},\"id\":\"a\",\"x\":1}")]                 // after the model's last key
        [InlineData("{\"id\":\"q\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud800x\",\"commandLine\":\"é ✓ 😀\"}")] // escapes, a lone surrogate, UTF-8
        [InlineData("{\"id\":\"\",\"resourceFiles\":[],\"dependsOn\":{\"taskIds\":[],\"taskIdRanges\":[{\"start\":-5,\"end\":0}]}}")]
        [InlineData("{\"stats\":{\"readIOps\":9223372036854775807,\"readIOGiB\":1.5e-3,\"writeIOGiB\":-0.0,\"userCPUTime\":\"PT1.5S\"}}")]
        [InlineData("{\"constraints\":{\"maxWallClockTime\":\"P10675199DT2H48M5.4775807S\",\"maxTaskRetryCount\":-1},\"creationTime\":\"2024-01-02T03:04:05.1234567Z\"}")]
        [InlineData("{\"multiInstanceSettings\":{\"numberOfInstances\":3},\"state\":\"running\",\"authenticationTokenSettings\":{\"access\":[\"job\"]}}")]
        [InlineData("{\"containerSettings\":{\"imageName\":\"i\",\"registry\":{\"password\":\"p\"}},\"exitConditions\":{\"exitCodes\":[{\"code\":-1,\"exitOptions\":{\"jobAction\":\"terminate\"}}]}}")]
        [InlineData("{\"userIdentity\":{\"autoUser\":{\"scope\":\"pool\",\"elevationLevel\":\"admin\"}},\"executionInfo\":{\"retryCount\":0,\"requeueCount\":0,\"exitCode\":0}}")]
        public void PlainInputs_TakeTheFastPath_ToTheFullReadersTask(string json)
        {
            AssertSameAsFullReader(Plain(json), Encoding.UTF8.GetBytes(json));
        }

        [Theory]
        [InlineData("{\"odata.metadata\":\"https://a.b/$metadata#tasks/@Element\",\"id\":\"a\"}")]
        [InlineData("{\"id\":\"a\",\"x\":1.50E+3,\"y\":-0,\"z\":true,\"w\":false,\"v\":null,\"u\":\"\\u00e9\\\"é\",\"value\":\"not a list\"}")]
        [InlineData("{\"constraints\":{\"maxTaskRetryCount\":1,\"futureLimit\":\"PT1H\"}}")]
        public void UnknownKeysWithScalarValues_TakeTheFastPath_KeptAsTheFullReaderKeepsThem(string json)
        {
            CloudTask? plain = Plain(json);
            AssertSameAsFullReader(plain, Encoding.UTF8.GetBytes(json));
            CloudTask full = FullReader(Encoding.UTF8.GetBytes(json));
            BatchModel holder = plain!.Constraints ?? (BatchModel)plain;
            BatchModel fullHolder = full.Constraints ?? (BatchModel)full;
            Assert.Equal(fullHolder.AdditionalProperties.ToList(), holder.AdditionalProperties.ToList());
            Assert.NotEmpty(holder.AdditionalProperties);
        }

        [Theory]
        [InlineData("{\"ID\":\"a\"}")]                                          // a case variant of a key
        [InlineData("{\"command_line\":\"c\"}")]                                // an attribute name
        [InlineData("{\"id\":\"a\",\"id\":\"b\"}")]                             // a repeated key
        [InlineData("{\"constraints\":{\"maxTaskRetryCount\":1,\"maxTaskRetryCount\":2}}")]
        [InlineData("{\"\\u0069d\":\"a\"}")]                                    // an escaped key
        [InlineData("{\"id\":null}")]                                           // null
        [InlineData("{\"dependsOn\":{\"taskIds\":[\"a\",null]}}")]              // a null item
        [InlineData("{\"id\":\"a\",\"extra\":{\"x\":1}}")]                   // an unknown key holding an object or array
        [InlineData("{\"id\":\"a\",\"extra\":[1]}")]
        [InlineData("{\"odata.metadata\":\"m\",\"value\":[]}")]                 // a list response
        [InlineData("{\"id\":\"a\",\"x\":1,\"x\":2}")]                          // a repeated unknown key
        [InlineData("{\"id\":\"a\",\"x\":nul}")]
        [InlineData("{\"id\":\"a\",\"x\":\"\\q\"}")]
        [InlineData("{\"id\":12345}")]                                          // a number for a string
        [InlineData("{\"requiredSlots\":\"2\"}")]                               // a string for an integer
        [InlineData("{\"stats\":{\"readIOps\":\"3\"}}")]
        [InlineData("{\"requiredSlots\":1.0}")]                                 // a fraction for an integer
        [InlineData("{\"requiredSlots\":2147483648}")]                          // out of range
        [InlineData("{\"requiredSlots\":01}")]                                  // not JSON from here on
        [InlineData("{\"requiredSlots\":-}")]
        [InlineData("{\"stats\":{\"readIOGiB\":1.}}")]
        [InlineData("{\"stats\":{\"readIOGiB\":1e}}")]
        [InlineData("{\"stats\":{\"readIOGiB\":1e999}}")]
        [InlineData("{\"state\":\"paused\"}")]                                  // an enum value it does not know
        [InlineData("{\"state\":\"runn\\u0069ng\"}")]
        [InlineData("{\"creationTime\":\"yesterday\"}")]
        [InlineData("{\"constraints\":{\"retentionTime\":\"7 days\"}}")]
        [InlineData("{\"id\":\"a\",}")]
        [InlineData("{\"id\":\"a\"} x")]
        [InlineData("{\"id\":\"a\"}{}")]
        [InlineData("{\"id\":\"a\" \"commandLine\":\"c\"}")]
        [InlineData("{\"id\" \"a\"}")]
        [InlineData("{\"id\":\"a\u0001\"}")]                                    // a raw control character
        [InlineData("{\"id\":\"\\x\"}")]                                        // a bad escape
        [InlineData("{\"id\":\"a")]
        [InlineData("{\"multiInstanceSettings\":{\"numberOfInstances\":tru}}")]
        [InlineData("[{\"id\":\"a\"}]")]
        [InlineData("")]
        public void OtherInputs_AreLeftToTheFullReader(string json)
        {
            Assert.Null(Plain(json));
        }

        [Fact]
        public void StringsOfEveryLength_WithAnUnusualByteAnywhere_GiveTheFullReadersResult()
        {
            // The fast path checks string bodies eight bytes at a time: a control character or a byte
            // outside ASCII must be seen wherever it sits, and each gets the full reader's answer.
            byte[][] unusual =
            {
                new byte[] { 0x01 }, new byte[] { 0x1F }, new byte[] { 0x7F }, new byte[] { 0xC3, 0xA9 },
                new byte[] { 0xE2, 0x9C, 0x93 }, new byte[] { 0x80 }, new byte[] { 0xFF }, new byte[] { (byte)'\\', (byte)'n' },
                new byte[] { (byte)'\\', (byte)'"' }, new byte[] { (byte)'\\', (byte)'u', (byte)'0', (byte)'0', (byte)'4', (byte)'1' },
            };
            var reader = new BatchTaskReader();
            for (int length = 0; length <= 40; length++)
            {
                for (int at = 0; at <= length; at++)
                {
                    foreach (byte[] odd in unusual)
                    {
                        var body = new List<byte>(Enumerable.Range(0, length).Select(k => (byte)('a' + (k % 26))));
                        body.InsertRange(at, odd);
                        byte[] json = Encoding.ASCII.GetBytes("{\"id\":\"").Concat(body).Concat(Encoding.ASCII.GetBytes("\",\"commandLine\":\"c\"}")).ToArray();
                        CloudTask? plain = BatchTaskReader.TryReadPlain(json, BatchTaskReaderOptions.Default);
                        CloudTask? full = null;
                        try
                        {
                            full = FullReader(json);
                        }
                        catch (Xunit.Sdk.XunitException)
                        {
                            // the full reader refused it: so must the fast path
                        }

                        if (full == null)
                        {
                            Assert.Null(plain);
                            Assert.Throws<BatchTaskReadException>(() => reader.ReadTask(json));
                        }
                        else
                        {
                            Assert.NotNull(plain);
                            Assert.Equal(full.Id, plain!.Id);
                            Assert.Equal("c", plain.CommandLine);
                        }
                    }
                }
            }
        }

        [Theory]
        [InlineData("lines")]
        [InlineData("array")]
        [InlineData("list")]
        public void Sequences_WithTheFastPath_GiveTheFullReadersRecords(string form)
        {
            // Golden tasks with a broken line (NDJSON), an unknown-key record and a null in the middle: the
            // fast path takes the plain ones, the full reader the rest, and every record comes out
            // as the full reader alone gives it (task, error, line and record number).
            var records = TestData.GoldenInputs("typical", "full").Take(20)
                .Select(p => Encoding.UTF8.GetString(File.ReadAllBytes(p)).Replace("\r", string.Empty).Replace("\n", string.Empty)).ToList();
            if (form == "lines")
            {
                records.Insert(3, "{\"id\":\"broken\",\"commandLine\":}"); // a broken line ends only itself
            }

            records.Insert(7, "{\"id\":\"extra\",\"commandLine\":\"c\",\"x\":{\"y\":[1,2]}}");
            records.Insert(9, "{\"id\":\"nulls\",\"commandLine\":null}");
            string text = form == "lines" ? string.Join("\n", records) + "\n"
                : form == "array" ? "[\n" + string.Join(",\n", records) + "\n]"
                : "{\"odata.metadata\":\"m\",\"value\":[" + string.Join(",", records) + "],\"odata.nextLink\":\"n\"}";
            byte[] json = Encoding.UTF8.GetBytes(text);

            List<string> Outcomes(BatchTaskReader reader)
            {
                using TaskSequenceReader sequence = reader.OpenSequence(new MemoryStream(json, writable: false));
                return sequence.Select(r => r.RecordNumber + "@" + r.LineNumber + ": " +
                    (r.Task != null ? Writer.Write(r.Task) : "error " + r.Error!.Message)).ToList();
            }

            List<string> fast = Outcomes(new BatchTaskReader()), full = Outcomes(FullOnly);
            Assert.Equal(full, fast);
            Assert.Equal(records.Count, full.Count);
            Assert.Equal(form == "lines" ? 1 : 0, full.Count(o => o.Contains(": error ")));
        }

        [Fact]
        public void InvalidUtf8_IsLeftToTheFullReader()
        {
            byte[] json = Encoding.UTF8.GetBytes("{\"id\":\"a?\"}");
            json[8] = 0xFF;
            Assert.Null(BatchTaskReader.TryReadPlain(json, BatchTaskReaderOptions.Default));
            Assert.Throws<BatchTaskReadException>(() => new BatchTaskReader().ReadTask(json));
        }

        [Fact]
        public void Limits_SendTheInputToTheFullReader_WhichReportsThem()
        {
            var shortStrings = new BatchTaskReaderOptions { MaxStringBytes = 256 };
            string longest = "{\"id\":\"" + new string('a', 256) + "\"}", tooLong = "{\"id\":\"" + new string('a', 257) + "\"}";
            Assert.NotNull(Plain(longest, shortStrings));
            Assert.Null(Plain(tooLong, shortStrings));
            Assert.Equal(ReadErrorKind.LimitExceeded, Assert.Throws<BatchTaskReadException>(() => new BatchTaskReader(shortStrings).ReadTask(tooLong)).Kind);

            // Under 256 bytes even a known key can be over the limit: such options never take the fast path.
            var tiny = new BatchTaskReaderOptions { MaxStringBytes = 5 };
            Assert.Null(Plain("{\"id\":\"abc\"}", tiny));
            Assert.Equal("abc", new BatchTaskReader(tiny).ReadTask("{\"id\":\"abc\"}").Id);
            Assert.Equal(ReadErrorKind.LimitExceeded, Assert.Throws<BatchTaskReadException>(() => new BatchTaskReader(tiny).ReadTask("{\"commandLine\":\"c\"}")).Kind);

            var shallow = new BatchTaskReaderOptions { MaxDepth = 3 };
            Assert.Null(Plain("{\"id\":\"a\"}", shallow));
            Assert.Equal(ReadErrorKind.LimitExceeded, Assert.Throws<BatchTaskReadException>(() =>
                new BatchTaskReader(shallow).ReadTask("{\"outputFiles\":[{\"destination\":{\"container\":{\"path\":\"p\"}}}]}")).Kind);
        }
    }
}
