using System.IO;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Validation;
using BenchmarkDotNet.Attributes;

namespace BatchTaskPS.Benchmarks
{
    /// <summary>
    /// The core's per-task costs on the golden inputs. Each invocation handles <see cref="TasksPerInvoke"/>
    /// tasks (the 30 typical files; the 15 full files twice), so the reported Mean and Allocated are
    /// per task: ns/task and bytes/task.
    /// </summary>
    [MemoryDiagnoser]
    public class CoreBenchmarks
    {
        public const int TasksPerInvoke = 30;

        private readonly BatchTaskReader _reader = new BatchTaskReader();
        private readonly BatchTaskWriter _full = new BatchTaskWriter(new BatchTaskWriterOptions { Shape = TaskShape.Full });
        private readonly BatchTaskWriter _create = new BatchTaskWriter(new BatchTaskWriterOptions { Shape = TaskShape.Create });
        private readonly BatchTaskValidationOptions _validation = new BatchTaskValidationOptions { Shape = TaskShape.Full };
        private byte[][] _json = null!;
        private CloudTask[] _tasks = null!;
        private byte[] _ndjson = null!;

        /// <summary>Which golden folder: typical (add-task bodies, about 1 KB) or full (GET responses, about 6 KB).</summary>
        [Params("typical", "full")]
        public string Set { get; set; } = "typical";

        [GlobalSetup]
        public void Setup()
        {
            _json = Golden.Cycle(Golden.Documents(Set), TasksPerInvoke);
            _tasks = new CloudTask[_json.Length];
            for (int k = 0; k < _json.Length; k++)
            {
                _tasks[k] = _reader.ReadTask(_json[k]);
            }

            using var ms = new MemoryStream();
            _full.WriteLines(_tasks, ms);
            _ndjson = ms.ToArray();
        }

        [Benchmark(OperationsPerInvoke = TasksPerInvoke, Description = "Read (ReadTask byte[])")]
        public int Read()
        {
            int n = 0;
            foreach (byte[] doc in _json)
            {
                n += _reader.ReadTask(doc).CommandLine!.Length;
            }

            return n;
        }

        [Benchmark(OperationsPerInvoke = TasksPerInvoke, Description = "Write Full (WriteUtf8)")]
        public int WriteFull()
        {
            int n = 0;
            foreach (CloudTask t in _tasks)
            {
                n += _full.WriteUtf8(t).Length;
            }

            return n;
        }

        [Benchmark(OperationsPerInvoke = TasksPerInvoke, Description = "Write Create (WriteUtf8)")]
        public int WriteCreate()
        {
            int n = 0;
            foreach (CloudTask t in _tasks)
            {
                n += _create.WriteUtf8(t).Length;
            }

            return n;
        }

        [Benchmark(OperationsPerInvoke = TasksPerInvoke, Description = "Validate")]
        public int Validate()
        {
            int n = 0;
            foreach (CloudTask t in _tasks)
            {
                n += BatchTaskValidator.Validate(t, _validation).Count;
            }

            return n;
        }

        [Benchmark(OperationsPerInvoke = TasksPerInvoke, Description = "Round trip (read + write Full)")]
        public int RoundTrip()
        {
            int n = 0;
            foreach (byte[] doc in _json)
            {
                n += _full.WriteUtf8(_reader.ReadTask(doc)).Length;
            }

            return n;
        }

        [Benchmark(OperationsPerInvoke = TasksPerInvoke, Description = "Sequence read (NDJSON stream)")]
        public int SequenceRead()
        {
            int n = 0;
            using var seq = _reader.OpenSequence(new MemoryStream(_ndjson, writable: false));
            foreach (TaskReadResult r in seq)
            {
                n += r.Task!.CommandLine!.Length;
            }

            return n;
        }
    }
}
