using System;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Text;
using System.Text.Json;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Serialization.Wire;
using BenchmarkDotNet.Attributes;

namespace BatchTaskPS.Benchmarks
{
    /// <summary>
    /// The pieces a read or write is made of, each alone (through InternalsVisibleTo), to say where a
    /// task's time goes: fixed cost per call, the floor of tokenizing, the single-object fast path
    /// against the sequence-reader fallback, object creation, date-time and duration text, strings.
    /// </summary>
    [MemoryDiagnoser]
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Benchmark methods stay instance methods like the others: BenchmarkDotNet then calls every benchmark the same way, as when RESULTS.md was measured.")]
    public class HotPathBenchmarks
    {
        private static readonly byte[] Minimal = Encoding.UTF8.GetBytes("{\"id\":\"task-1\",\"commandLine\":\"echo hi\"}");
        private static readonly byte[] DateText = Encoding.UTF8.GetBytes("2024-01-03T03:29:41.1068162Z");
        private static readonly byte[] DurationText = Encoding.UTF8.GetBytes("P1DT2H30M15.5S");
        private static readonly DateTime DateValue = new DateTime(638399057811068162, DateTimeKind.Utc);
        private static readonly TimeSpan DurationValue = new TimeSpan(1, 2, 30, 15, 500);
        private static readonly string Text100 = new string('a', 40) + "/bin/bash -c 'set -euo pipefail; ./align.sh x.fastq'" + new string('b', 8);

        private static readonly byte[] KnownKeys = Encoding.UTF8.GetBytes(
            "{\"id\":\"t\",\"commandLine\":\"c\"," + string.Join(",", Enumerable.Repeat("\"displayName\":\"x\"", 100)) + "}");

        private static readonly byte[] UnknownKeys = Encoding.UTF8.GetBytes(
            "{\"id\":\"t\",\"commandLine\":\"c\"," + string.Join(",", Enumerable.Range(0, 100).Select(i => "\"k" + i + "\":\"x\"")) + "}");

        private static readonly byte[] ThousandUnknownKeys = Encoding.UTF8.GetBytes(
            "{\"id\":\"t\",\"commandLine\":\"c\"," + string.Join(",", Enumerable.Range(0, 1000).Select(i => "\"k" + i + "\":\"x\"")) + "}");

        private readonly BatchTaskReader _reader = new BatchTaskReader();
        private readonly BatchTaskWriter _writer = new BatchTaskWriter();
        private readonly CloudTask _minimalTask = new BatchTaskReader().ReadTask(Minimal);
        private readonly byte[] _scratch = new byte[64];
        private byte[] _full = null!;
        private byte[] _fullWithoutAnnotation = null!;
        private byte[] _typical = null!;
        private byte[] _text100 = null!;

        private static readonly byte[] KeyCommandLine = Encoding.UTF8.GetBytes("commandLine");
        private static readonly byte[] KeyAuthentication = Encoding.UTF8.GetBytes("authenticationTokenSettings");
        private static readonly byte[] ShortValue = Encoding.UTF8.GetBytes("x");
        private KeyTable _cloudTaskKeys = null!;

        [GlobalSetup]
        public void Setup()
        {
            _cloudTaskKeys = (KeyTable)typeof(ModelInfo<CloudTask>)
                .GetField("_keys", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .GetValue(CloudTask.Metadata)!;
            _typical = Golden.Documents("typical")[0];
            _full = Golden.Documents("full")[0];

            // The same full document without its leading "odata.metadata" key, which sends ReadTask
            // from its single-object fast path to the sequence reader.
            CloudTask t = _reader.ReadTask(_full);
            t.AdditionalProperties.Clear();
            _fullWithoutAnnotation = _writer.WriteUtf8(t);
            _text100 = Encoding.UTF8.GetBytes(Text100);
        }

        [Benchmark(Description = "ReadTask minimal {id, commandLine} (fixed cost per call)")]
        public object ReadMinimal() => _reader.ReadTask(Minimal);

        [Benchmark(Description = "WriteUtf8 minimal task (fixed cost per call)")]
        public int WriteMinimal() => _writer.WriteUtf8(_minimalTask).Length;

        [Benchmark(Description = "Utf8JsonReader token scan, typical_0001 (floor)")]
        public int ScanTypical() => Scan(_typical);

        [Benchmark(Description = "ReadTask typical_0001")]
        public object ReadTypical() => _reader.ReadTask(_typical);

        [Benchmark(Description = "Utf8JsonReader token scan, full_0001 (floor)")]
        public int ScanFull() => Scan(_full);

        [Benchmark(Description = "ReadTask full_0001 (starts with odata.metadata: sequence-reader path)")]
        public object ReadFull() => _reader.ReadTask(_full);

        [Benchmark(Description = "ReadTask full_0001 without odata.metadata (fast path)")]
        public object ReadFullFastPath() => _reader.ReadTask(_fullWithoutAnnotation);

        [Benchmark(Description = "ReadTask 100 known keys (displayName repeated)")]
        public object ReadKnownKeys() => _reader.ReadTask(KnownKeys);

        [Benchmark(Description = "Utf8JsonReader token scan, 100 known keys (floor)")]
        public int ScanKnownKeys() => Scan(KnownKeys);

        [Benchmark(Description = "ReadTask 100 distinct unknown keys")]
        public object ReadUnknownKeys() => _reader.ReadTask(UnknownKeys);

        [Benchmark(Description = "ReadTask 1,000 distinct unknown keys")]
        public object ReadThousandUnknownKeys() => _reader.ReadTask(ThousandUnknownKeys);

        [Benchmark(Description = "KeyTable.Find commandLine (CloudTask keys)")]
        public int FindCommandLine() => _cloudTaskKeys.Find(KeyCommandLine, out _);

        [Benchmark(Description = "KeyTable.Find authenticationTokenSettings (CloudTask keys)")]
        public int FindAuthentication() => _cloudTaskKeys.Find(KeyAuthentication, out _);

        [Benchmark(Description = "Utf8.TryDecode 1 byte")]
        public int DecodeOne() => Utf8.TryDecode(ShortValue)!.Length;

        [Benchmark(Description = "new T() through the new() constraint (as ModelInfo<T>.ReadObject does)")]
        public object NewThroughConstraint() => Create<CloudTask>();

        [Benchmark(Description = "new CloudTask() direct")]
        public object NewDirect() => new CloudTask();

        [Benchmark(Description = "DateTimeFormat.TryParse 7-digit UTC")]
        public long ParseDate() => DateTimeFormat.TryParse(DateText, out DateTime d) == null ? d.Ticks : 0;

        [Benchmark(Description = "DateTimeFormat.Write")]
        public int WriteDate() => DateTimeFormat.Write(DateValue, _scratch);

        [Benchmark(Description = "DurationFormat.TryParse P1DT2H30M15.5S")]
        public long ParseDuration() => DurationFormat.TryParse(DurationText, out TimeSpan t) == null ? t.Ticks : 0;

        [Benchmark(Description = "DurationFormat.Write")]
        public int WriteDuration() => DurationFormat.Write(DurationValue, _scratch);

        [Benchmark(Description = "Utf8.TryDecode 100 ASCII bytes")]
        public int Decode100() => Utf8.TryDecode(_text100)!.Length;

        [Benchmark(Description = "JsonSink.String 100 ASCII chars")]
        public int SinkString100()
        {
            using var sink = new JsonSink(256);
            sink.String(Text100);
            return sink.Length;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static T Create<T>()
            where T : new() => new T();

        private static int Scan(byte[] json)
        {
            var r = new Utf8JsonReader(json);
            int n = 0;
            while (r.Read())
            {
                n++;
            }

            return n;
        }
    }
}
