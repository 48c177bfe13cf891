using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BatchTaskPS.Tests.Support;
using Xunit;

namespace BatchTaskPS.Tests
{
    /// <summary>
    /// The repository's test data (tests/data) is a byte-for-byte copy of the project's shared folder.
    /// Two checks: the copy is whole and unchanged (always, from the copy's own checksums and the golden
    /// cases' recorded input hashes), and the copy has not drifted from ../shared (only where a shared
    /// folder stands beside the clone; elsewhere that test is reported as skipped, not passed).
    /// </summary>
    public class TestDataTests
    {
        [Fact]
        public void EveryCopiedFileMatchesItsRecordedChecksum()
        {
            // tests/data/SHA256SUMS was written when the data was copied in ("<sha256>  <path>" per file).
            string sums = Path.Combine(TestData.Root, "SHA256SUMS");
            var expected = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string line in File.ReadAllLines(sums))
            {
                expected.Add(line.Substring(66), line.Substring(0, 64));
            }

            var problems = new List<string>();
            var present = CopiedFiles(TestData.Root).ToList();
            foreach (string relative in present)
            {
                if (!expected.TryGetValue(relative, out string? hash))
                {
                    problems.Add("not in SHA256SUMS: " + relative);
                }
                else if (hash != Sha256(Path.Combine(TestData.Root, relative)))
                {
                    problems.Add("changed: " + relative);
                }
            }

            problems.AddRange(expected.Keys.Except(present, StringComparer.Ordinal).Select(p => "missing: " + p));
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
            Assert.True(present.Count > 900, "only " + present.Count + " files under tests/data");
        }

        [Fact]
        public void EveryGoldenInputHasTheHashItsExpectedFileRecorded()
        {
            // Independent of SHA256SUMS: the reference's own record of each input's bytes.
            int checkedInputs = 0;
            foreach (string expectedFile in Directory.GetFiles(TestData.Golden, "*.expected.json", SearchOption.AllDirectories))
            {
                using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(expectedFile));
                string input = string.Concat(expectedFile.AsSpan(0, expectedFile.Length - ".expected.json".Length), ".json");
                string recorded = doc.RootElement.GetProperty("input_sha256").GetString()!;
                Assert.True(recorded == Sha256(input), Path.GetFileName(input) + " does not have the bytes the reference read");
                checkedInputs++;
            }

            Assert.True(checkedInputs >= 267, "only " + checkedInputs + " golden cases");
        }

        [SharedFolderFact]
        public void CopiesAreByteIdenticalToTheSharedFolderBesideTheClone()
        {
            string shared = TestData.SharedBesideRepository!;
            var ours = CopiedFiles(TestData.Root).ToHashSet(StringComparer.Ordinal);
            var theirs = CopiedFiles(shared).ToHashSet(StringComparer.Ordinal);
            var drift = new List<string>();
            drift.AddRange(theirs.Except(ours).OrderBy(p => p, StringComparer.Ordinal).Select(p => "only in ../shared (copy it in): " + p));
            drift.AddRange(ours.Except(theirs).OrderBy(p => p, StringComparer.Ordinal).Select(p => "only in tests/data (gone from ../shared): " + p));
            foreach (string relative in ours.Intersect(theirs).OrderBy(p => p, StringComparer.Ordinal))
            {
                if (!File.ReadAllBytes(Path.Combine(TestData.Root, relative)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(shared, relative))))
                {
                    drift.Add("differs from ../shared: " + relative);
                }
            }

            Assert.True(drift.Count == 0, "tests/data has drifted from " + shared + ":" + Environment.NewLine + string.Join(Environment.NewLine, drift));
        }

        /// <summary>Every file of the copied folders, as a '/'-separated path relative to <paramref name="root"/>, in order.</summary>
        private static IEnumerable<string> CopiedFiles(string root) =>
            TestData.CopiedFolders
                .Where(f => Directory.Exists(Path.Combine(root, f)))
                .SelectMany(f => Directory.GetFiles(Path.Combine(root, f), "*", SearchOption.AllDirectories))
                .Select(p => Path.GetRelativePath(root, p).Replace(Path.DirectorySeparatorChar, '/'))
                .OrderBy(p => p, StringComparer.Ordinal);

        private static string Sha256(string path)
        {
            byte[] hash = SHA256.HashData(File.ReadAllBytes(path));
            var text = new StringBuilder(64);
            foreach (byte b in hash)
            {
                text.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }

        /// <summary>
        /// A fact that runs only where the project's shared folder stands beside the clone. Elsewhere it is
        /// skipped with a reason; build.sh reports it as skipped (not passed), and counts any other skip as a failure.
        /// </summary>
        private sealed class SharedFolderFactAttribute : FactAttribute
        {
            public SharedFolderFactAttribute()
            {
                if (TestData.SharedBesideRepository == null)
                {
                    Skip = "not applicable: no shared folder beside the clone (" + TestData.Root + "/../../../shared), so there is nothing to drift from";
                }
            }
        }
    }
}
