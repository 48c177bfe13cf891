using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace BatchTaskPS.Tests.Support
{
    /// <summary>
    /// The one place that finds the test data: <c>tests/data</c> of this repository (golden cases,
    /// real-world bodies, reference facts and recorded service exchanges, copied byte for byte from the
    /// project's shared folder; see tests/data/README.md). Used by the xunit tests, the benchmarks and
    /// the fuzz harness. <c>BATCHTASK_TEST_DATA</c> overrides the search.
    /// </summary>
    internal static class TestData
    {
        /// <summary>The environment variable that names the data folder instead of the search.</summary>
        public const string EnvironmentVariable = "BATCHTASK_TEST_DATA";

        private static readonly Lazy<string> s_root = new Lazy<string>(Locate);

        /// <summary>The repository's <c>tests/data</c> folder.</summary>
        public static string Root => s_root.Value;

        public static string Golden => Path.Combine(Root, "golden");

        public static string RealWorld => Path.Combine(Root, "realworld");

        public static string Reference => Path.Combine(Root, "reference");

        public static string Recorded => Path.Combine(Root, "recorded");

        /// <summary>The folders of <see cref="Root"/> that are copies of the shared folder's folders of the same name.</summary>
        public static readonly string[] CopiedFolders = { "golden", "realworld", "reference", "recorded" };

        /// <summary>
        /// For the drift check only: the project's shared folder beside the clone (<c>../shared</c> from the repository root), or null
        /// when the clone stands alone. Only the drift check reads it.
        /// </summary>
        public static string? SharedBesideRepository
        {
            get
            {
                string? repository = Path.GetDirectoryName(Path.GetDirectoryName(Root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)));
                string? parent = repository == null ? null : Path.GetDirectoryName(repository);
                string? shared = parent == null ? null : Path.Combine(parent, "shared");
                return shared != null && Directory.Exists(Path.Combine(shared, "golden")) ? shared : null;
            }
        }

        private static string Locate()
        {
            string? env = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrEmpty(env))
            {
                if (!Directory.Exists(Path.Combine(env, "golden")))
                {
                    throw new DirectoryNotFoundException(EnvironmentVariable + " names " + env + ", which has no golden folder.");
                }

                return Path.GetFullPath(env);
            }

            // The binaries live under the repository (tests/<project>/bin/...); so does a benchmark's working folder.
            foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            {
                for (string? dir = start.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
                {
                    string candidate = Path.Combine(dir, "tests", "data");
                    if (File.Exists(Path.Combine(candidate, "golden", "manifest.json")))
                    {
                        return candidate;
                    }
                }
            }

            throw new DirectoryNotFoundException("tests/data (the repository's test data) was not found above " + AppContext.BaseDirectory + "; set " + EnvironmentVariable + ".");
        }

        /// <summary>Golden input files (not the .expected.json beside them) of some folders.</summary>
        public static IEnumerable<string> GoldenInputs(params string[] folders) =>
            folders.SelectMany(f => Directory.GetFiles(Path.Combine(Golden, f), "*.json"))
                   .Where(p => !p.EndsWith(".expected.json", StringComparison.Ordinal))
                   .OrderBy(p => p, StringComparer.Ordinal);

        /// <summary>The wire type of each (type, REST key) and the attribute names, from msrest-model.json.</summary>
        public static ReferenceModel Model => s_model.Value;

        private static readonly Lazy<ReferenceModel> s_model = new Lazy<ReferenceModel>(() => new ReferenceModel(Path.Combine(Reference, "msrest-model.json")));
    }

    /// <summary>The reference model's facts, read from msrest-model.json (independent of the code under test).</summary>
    internal sealed class ReferenceModel
    {
        private readonly Dictionary<string, Dictionary<string, (string Python, string Type, bool Required)>> _byRest =
            new Dictionary<string, Dictionary<string, (string, string, bool)>>(StringComparer.Ordinal);

        public ReferenceModel(string path)
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            foreach (JsonProperty model in doc.RootElement.GetProperty("models").EnumerateObject())
            {
                var attrs = new Dictionary<string, (string, string, bool)>(StringComparer.Ordinal);
                foreach (JsonElement a in model.Value.GetProperty("attributes").EnumerateArray())
                {
                    attrs[a.GetProperty("rest_key").GetString()!] = (
                        a.GetProperty("python_name").GetString()!,
                        a.GetProperty("msrest_type").GetString()!,
                        a.GetProperty("required").GetBoolean());
                }

                _byRest[model.Name] = attrs;
            }

            Enums = doc.RootElement.GetProperty("enums").EnumerateObject().Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        }

        public HashSet<string> Enums { get; }

        public bool HasType(string type) => _byRest.ContainsKey(type);

        public IReadOnlyDictionary<string, (string Python, string Type, bool Required)> Attributes(string type) => _byRest[type];

        /// <summary>The REST key of a type's python attribute.</summary>
        public string RestKeyOf(string type, string python) =>
            _byRest[type].First(kv => kv.Value.Python == python).Key;
    }
}
