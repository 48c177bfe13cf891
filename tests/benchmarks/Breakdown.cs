using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.Json;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Validation;

namespace BatchTaskPS.Benchmarks
{
    /// <summary>
    /// A plain Stopwatch breakdown on one thread: each phase of a round trip alone, next to what
    /// System.Text.Json needs just to tokenize or to copy the same bytes (the floor for a reader
    /// and a writer built on it). Prints tasks/s and bytes allocated per task for each.
    /// </summary>
    internal static class Breakdown
    {
        private static string? s_only;

        public static int Run(string[] args)
        {
            s_only = Option(args, "--only", string.Empty);
            string set = Option(args, "--set", "typical");
            double seconds = double.Parse(Option(args, "--seconds", "2"), CultureInfo.InvariantCulture);
            byte[][] docs = Golden.Documents(set);
            var reader = new BatchTaskReader();
            var full = new BatchTaskWriter();
            var create = new BatchTaskWriter(new BatchTaskWriterOptions { Shape = TaskShape.Create });
            var tasks = new CloudTask[docs.Length];
            long jsonBytes = 0;
            for (int k = 0; k < docs.Length; k++)
            {
                tasks[k] = reader.ReadTask(docs[k]);
                jsonBytes += docs[k].Length;
            }

            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "set {0}: {1} documents, {2:N0} bytes of JSON per task on average", set, docs.Length, jsonBytes / (double)docs.Length));
            Console.WriteLine("| phase | tasks/s | ns/task | allocated B/task |");
            Console.WriteLine("|---|---:|---:|---:|");

            Measure("System.Text.Json: Utf8JsonReader token scan only", seconds, docs.Length, i =>
            {
                var r = new Utf8JsonReader(docs[i]);
                int n = 0;
                while (r.Read())
                {
                    n++;
                }

                return n;
            });
            Measure("System.Text.Json: JsonDocument.Parse + WriteTo (a generic round trip)", seconds, docs.Length, i =>
            {
                using JsonDocument d = JsonDocument.Parse(docs[i]);
                var buffer = new System.Buffers.ArrayBufferWriter<byte>(docs[i].Length + 256);
                using (var w = new Utf8JsonWriter(buffer))
                {
                    d.WriteTo(w);
                }

                return buffer.WrittenCount;
            });
            Measure("BatchTaskReader.ReadTask(byte[])", seconds, docs.Length, i => reader.ReadTask(docs[i]).CommandLine!.Length);
            Measure("BatchTaskWriter.WriteUtf8 (Full)", seconds, docs.Length, i => full.WriteUtf8(tasks[i]).Length);
            Measure("BatchTaskWriter.WriteUtf8 (Create)", seconds, docs.Length, i => create.WriteUtf8(tasks[i]).Length);
            Measure("BatchTaskWriter.Write (Full, string)", seconds, docs.Length, i => full.Write(tasks[i]).Length);
            Measure("BatchTaskValidator.Validate", seconds, docs.Length, i => BatchTaskValidator.Validate(tasks[i]).Count);
            Measure("CloudTask.Clone", seconds, docs.Length, i => tasks[i].Clone().CommandLine!.Length);
            Measure("Round trip: WriteUtf8(ReadTask(bytes))", seconds, docs.Length, i => full.WriteUtf8(reader.ReadTask(docs[i])).Length);
            using var ms = new MemoryStream();
            full.WriteLines(tasks, ms);
            byte[] ndjson = ms.ToArray();
            Measure("Sequence read over a MemoryStream (NDJSON), per task", seconds, 1, _ =>
            {
                int n = 0;
                using TaskSequenceReader seq = reader.OpenSequence(new MemoryStream(ndjson, writable: false));
                foreach (TaskReadResult r in seq)
                {
                    n++;
                }

                return n;
            }, docs.Length);
            return 0;
        }

        private static void Measure(string name, double seconds, int items, Func<int, int> work, int tasksPerCall = 1)
        {
            if (!string.IsNullOrEmpty(s_only) && name.IndexOf(s_only, StringComparison.OrdinalIgnoreCase) < 0)
            {
                return;
            }

            // Warm up (tiering), then run whole passes over the inputs until the time is up.
            var warm = Stopwatch.StartNew();
            int sink = 0;
            while (warm.Elapsed.TotalSeconds < Math.Min(1.0, seconds / 2))
            {
                for (int i = 0; i < items; i++)
                {
                    sink += work(i);
                }
            }

            long calls = 0;
            long allocated0 = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                for (int i = 0; i < items; i++)
                {
                    sink += work(i);
                }

                calls += items;
            }

            clock.Stop();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocated0;
            long tasks = calls * tasksPerCall;
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:N0} | {2:N0} | {3:N0} |",
                name, tasks / clock.Elapsed.TotalSeconds, clock.Elapsed.TotalMilliseconds * 1e6 / tasks, allocated / (double)tasks));
            GC.KeepAlive(sink);
        }

        private static string Option(string[] args, string name, string fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
    }
}
