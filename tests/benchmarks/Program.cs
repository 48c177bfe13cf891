using System;
using System.Linq;
using BenchmarkDotNet.Running;

namespace BatchTaskPS.Benchmarks
{
    public static class Program
    {
        /// <summary>
        /// No mode switch: BenchmarkDotNet with its own command line (for example --filter '*' --job short).
        /// --streaming [--counts 100000,1000000] [--dir DIR] [--keep]: the streaming-memory measurement.
        /// --breakdown [--set typical|full] [--seconds N] [--only TEXT]: a Stopwatch breakdown of where a round trip's time goes.
        /// </summary>
        public static int Main(string[] args)
        {
            if (args.Length >= 2 && args[0] == "--stream-read")
            {
                return StreamingMemory.ReadOne(args[1]);
            }

            if (args.Contains("--streaming"))
            {
                return StreamingMemory.Run(args);
            }

            if (args.Contains("--breakdown"))
            {
                return Breakdown.Run(args);
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }
    }
}
