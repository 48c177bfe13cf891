using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace BatchTaskPS.Tests.Support
{
    /// <summary>Finds ../shared (the golden cases, realworld bodies and reference facts) beside the repository.</summary>
    internal static class SharedData
    {
        private static readonly Lazy<string> s_root = new Lazy<string>(Locate);

        public static string Root => s_root.Value;

        public static string Golden => Path.Combine(Root, "golden");

        public static string RealWorld => Path.Combine(Root, "realworld");

        public static string Reference => Path.Combine(Root, "reference");

        private static string Locate()
        {
            for (string? dir = AppContext.BaseDirectory; dir != null; dir = Path.GetDirectoryName(dir))
            {
                string candidate = Path.Combine(dir, "shared", "golden");
                if (Directory.Exists(candidate))
                {
                    return Path.Combine(dir, "shared");
                }
            }

            throw new DirectoryNotFoundException("../shared/golden was not found above " + AppContext.BaseDirectory);
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
