using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using BatchTaskPS.Tests;
using SharpFuzz;

namespace BatchTaskPS.Fuzz
{
    /// <summary>An input broke one of the oracle's rules: AFL records it as a crash.</summary>
    public sealed class FuzzFindingException : Exception
    {
        public FuzzFindingException(string message)
            : base(message)
        {
        }
    }

    public static class Program
    {
        /// <summary>
        /// No arguments: the AFL target (SharpFuzz's out-of-process loop feeds each input on stdin-like streams).
        /// --replay FILE...: runs the oracle on saved inputs (crashes) and prints the broken rule of each.
        /// BATCHTASK_FUZZ_IGNORE: comma-separated failure categories already reported (they are not crashes).
        /// </summary>
        public static int Main(string[] args)
        {
            var ignore = new HashSet<string>(
                (Environment.GetEnvironmentVariable("BATCHTASK_FUZZ_IGNORE") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                StringComparer.Ordinal);

            if (args.Length > 0 && args[0] == "--replay")
            {
                // Needs the plain (not instrumented) core: outside afl-fuzz there is no coverage map to write to.
                var byCategory = new SortedDictionary<string, List<(string File, byte[] Input, string Failure)>>(StringComparer.Ordinal);
                int ok = 0;
                foreach (string file in args.Skip(1))
                {
                    byte[] input = File.ReadAllBytes(file);
                    OracleResult r = MutationOracle.Check(input);
                    if (r.Failure == null)
                    {
                        ok++;
                        continue;
                    }

                    string category = MutationOracle.Category(r.Failure);
                    if (!byCategory.TryGetValue(category, out var list))
                    {
                        byCategory[category] = list = new List<(string, byte[], string)>();
                    }

                    list.Add((Path.GetFileName(file), input, r.Failure));
                }

                Console.WriteLine((args.Length - 1) + " input(s): " + ok + " pass every rule, " + byCategory.Count + " broken rule(s)");
                foreach (var kv in byCategory)
                {
                    var first = kv.Value.OrderBy(x => x.Input.Length).First();
                    Console.WriteLine(kv.Key + ": " + kv.Value.Count + " input(s), e.g. " + first.File);
                    Console.WriteLine("    " + first.Failure);
                    Console.WriteLine("    minimal: " + MutationShrinker.Show(MutationShrinker.Shrink(first.Input, kv.Key, budget: 5000)));
                }

                return byCategory.Count == 0 ? 0 : 1;
            }

            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var ms = new MemoryStream();
                stream.CopyTo(ms);
                OracleResult r = MutationOracle.Check(ms.ToArray());
                if (r.Failure != null && !ignore.Contains(MutationOracle.Category(r.Failure)))
                {
                    throw new FuzzFindingException(r.Failure);
                }
            });
            return 0;
        }
    }
}
