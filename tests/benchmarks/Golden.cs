using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Tests.Support;

namespace BatchTaskPS.Benchmarks
{
    /// <summary>The golden inputs the benchmarks run on (tests/data/golden in the repository).</summary>
    internal static class Golden
    {
        /// <summary>The repository's golden cases (tests/data/golden), found by the tests' one locator.</summary>
        public static string Directory() => TestData.Golden;

        /// <summary>The input documents of one golden folder (typical: 30, full: 15), in name order.</summary>
        public static byte[][] Documents(string folder)
        {
            return System.IO.Directory.GetFiles(Path.Combine(Directory(), folder), "*.json")
                .Where(f => !f.EndsWith(".expected.json", StringComparison.Ordinal))
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(File.ReadAllBytes)
                .ToArray();
        }

        /// <summary>The documents repeated in order until there are <paramref name="count"/>.</summary>
        public static byte[][] Cycle(byte[][] docs, int count) => Enumerable.Range(0, count).Select(i => docs[i % docs.Length]).ToArray();

        /// <summary>The typical tasks, read once.</summary>
        public static CloudTask[] TypicalTasks()
        {
            var reader = new BatchTaskReader();
            return Documents("typical").Select(d => reader.ReadTask(d)).ToArray();
        }

        /// <summary>
        /// <paramref name="count"/> typical tasks made from the golden ones, each with a unique id
        /// (and unique dependency ids, so that no two tasks are the same text).
        /// </summary>
        public static IEnumerable<CloudTask> GenerateTypical(int count)
        {
            CloudTask[] templates = TypicalTasks();
            for (int i = 0; i < count; i++)
            {
                CloudTask t = templates[i % templates.Length].Clone();
                t.Id = "task-" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
                t.DisplayName = (t.DisplayName ?? "task") + " #" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                yield return t;
            }
        }
    }
}
