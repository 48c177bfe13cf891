using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using BatchTaskPS.Serialization;

namespace BatchTaskPS.Benchmarks
{
    /// <summary>
    /// Streaming memory: writes N typical tasks as NDJSON and as one JSON array into temporary files,
    /// then reads each file with the sequence reader in a fresh child process (so that nothing else
    /// is in its working set) and reports peak working set, peak GC heap and tasks per second.
    /// </summary>
    internal static class StreamingMemory
    {
        private const long PeakLimitBytes = 300L * 1024 * 1024;

        public static int Run(string[] args)
        {
            int[] counts = Option(args, "--counts", "100000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            string dir = Option(args, "--dir", Path.Combine(Path.GetTempPath(), "batchtaskps-streaming"));
            bool keep = args.Contains("--keep");
            Directory.CreateDirectory(dir);

            var rows = new List<Measurement>();
            try
            {
                foreach (int count in counts)
                {
                    foreach (string format in new[] { "ndjson", "array" })
                    {
                        string path = Path.Combine(dir, "typical-" + count + "." + (format == "ndjson" ? "ndjson" : "json"));
                        Generate(path, count, format);
                        Measurement m = MeasureInChild(path);
                        m.Format = format;
                        m.Count = count;
                        m.FileBytes = new FileInfo(path).Length;
                        rows.Add(m);
                        Console.WriteLine(m.ToLine());
                        if (!keep)
                        {
                            File.Delete(path);
                        }
                    }
                }
            }
            finally
            {
                if (!keep && Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any())
                {
                    Directory.Delete(dir);
                }
            }

            Console.WriteLine();
            Console.WriteLine("| tasks | format | file MB | tasks/s | peak working set MB | peak GC heap MB | allocated B/task |");
            Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
            foreach (Measurement m in rows)
            {
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0:N0} | {1} | {2:N1} | {3:N0} | {4:N1} | {5:N1} | {6:N0} |",
                    m.Count, m.Format, m.FileBytes / 1048576.0, m.TasksPerSecond, m.PeakWorkingSet / 1048576.0, m.PeakGcHeap / 1048576.0, m.AllocatedBytes / (double)Math.Max(1, m.Tasks)));
            }

            bool ok = true;
            foreach (string format in new[] { "ndjson", "array" })
            {
                Measurement? small = rows.FirstOrDefault(r => r.Format == format && r.Count == counts.Min());
                Measurement? big = rows.FirstOrDefault(r => r.Format == format && r.Count == counts.Max());
                if (small == null || big == null || ReferenceEquals(small, big))
                {
                    continue;
                }

                double ratio = big.PeakWorkingSet / (double)small.PeakWorkingSet;
                bool pass = ratio <= 1.5 && big.PeakWorkingSet <= PeakLimitBytes && big.Errors == 0 && big.Tasks == big.Count;
                ok &= pass;
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "{0}: peak working set {1:N0} tasks / {2:N0} tasks = {3:N2}x (target <= 1.5x), peak {4:N1} MB (target <= 300 MB): {5}",
                    format, big.Count, small.Count, ratio, big.PeakWorkingSet / 1048576.0, pass ? "PASS" : "FAIL"));
            }

            return ok ? 0 : 1;
        }

        /// <summary>The child's part: reads one file with the sequence reader and prints one JSON line.</summary>
        public static int ReadOne(string path)
        {
            var reader = new BatchTaskReader();
            long tasks = 0, errors = 0, peakHeap = 0;
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
            using (TaskSequenceReader seq = reader.OpenSequence(stream))
            {
                foreach (TaskReadResult r in seq)
                {
                    if (r.Task != null)
                    {
                        tasks++;
                    }
                    else
                    {
                        errors++;
                    }

                    if (((tasks + errors) & 4095) == 0)
                    {
                        peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                    }
                }
            }

            clock.Stop();
            peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var result = new Measurement
            {
                Tasks = tasks,
                Errors = errors,
                Seconds = clock.Elapsed.TotalSeconds,
                PeakWorkingSet = PeakWorkingSet(process),
                PeakGcHeap = peakHeap,
                AllocatedBytes = allocated,
                Gen0 = GC.CollectionCount(0),
                Gen2 = GC.CollectionCount(2),
            };
            Console.WriteLine(JsonSerializer.Serialize(result, MeasurementJson.Options));
            return 0;
        }

        private static long PeakWorkingSet(Process process)
        {
            // Linux: VmHWM is the peak resident set; Process.PeakWorkingSet64 reads the same value.
            try
            {
                foreach (string line in File.ReadLines("/proc/self/status"))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        string kb = line.Substring(6).Trim().Split(' ')[0];
                        return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                    }
                }
            }
            catch (IOException)
            {
            }

            return process.PeakWorkingSet64;
        }

        private static void Generate(string path, int count, string format)
        {
            if (File.Exists(path))
            {
                return;
            }

            var clock = Stopwatch.StartNew();
            var writer = new BatchTaskWriter();
            string temp = path + ".tmp";
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                if (format == "ndjson")
                {
                    writer.WriteLines(Golden.GenerateTypical(count), stream);
                }
                else
                {
                    writer.WriteArray(Golden.GenerateTypical(count), stream);
                }
            }

            File.Move(temp, path, overwrite: true);
            Console.Error.WriteLine(string.Format(CultureInfo.InvariantCulture, "generated {0} ({1:N1} MB) in {2:N1} s", path, new FileInfo(path).Length / 1048576.0, clock.Elapsed.TotalSeconds));
        }

        private static Measurement MeasureInChild(string path)
        {
            string self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
            var start = new ProcessStartInfo(self)
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };

            // Under 'dotnet BatchTaskPS.Benchmarks.dll' the process path is dotnet itself.
            if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            {
                start.ArgumentList.Add(typeof(StreamingMemory).Assembly.Location);
            }

            start.ArgumentList.Add("--stream-read");
            start.ArgumentList.Add(path);
            using Process child = Process.Start(start)!;
            string output = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            if (child.ExitCode != 0)
            {
                throw new InvalidOperationException("the reading process failed: " + output);
            }

            string line = output.Split('\n').Last(l => l.TrimStart().StartsWith('{'));
            return JsonSerializer.Deserialize<Measurement>(line, MeasurementJson.Options)!;
        }

        private static string Option(string[] args, string name, string fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
    }

    internal sealed class Measurement
    {
        public string Format { get; set; } = string.Empty;

        public int Count { get; set; }

        public long FileBytes { get; set; }

        public long Tasks { get; set; }

        public long Errors { get; set; }

        public double Seconds { get; set; }

        public long PeakWorkingSet { get; set; }

        public long PeakGcHeap { get; set; }

        public long AllocatedBytes { get; set; }

        public int Gen0 { get; set; }

        public int Gen2 { get; set; }

        public double TasksPerSecond => Tasks / Math.Max(Seconds, 1e-9);

        public string ToLine() => string.Format(CultureInfo.InvariantCulture,
            "{0:N0} typical tasks as {1} ({2:N1} MB): {3:N0} read, {4} errors, {5:N2} s = {6:N0} tasks/s; peak working set {7:N1} MB, peak GC heap {8:N1} MB, allocated {9:N0} B/task, gen0 {10}, gen2 {11}",
            Count, Format, FileBytes / 1048576.0, Tasks, Errors, Seconds, TasksPerSecond, PeakWorkingSet / 1048576.0, PeakGcHeap / 1048576.0,
            AllocatedBytes / (double)Math.Max(1, Tasks), Gen0, Gen2);
    }

    internal static class MeasurementJson
    {
        public static readonly JsonSerializerOptions Options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    }
}
