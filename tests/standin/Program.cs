using System;
using System.Globalization;
using System.Threading.Tasks;

namespace BatchTaskPS.StandIn
{
    /// <summary>
    /// Runs the stand-in as its own process: <c>dotnet BatchTaskPS.StandIn.dll [--port N] [--no-bodies] [--count-only]</c>.
    /// Prints <c>BATCH_STANDIN_URL=http://127.0.0.1:PORT/</c> once listening, then serves until its standard input
    /// closes or <c>POST /_standin/stop</c> arrives.
    /// </summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            int port = 0;
            bool bodies = true;
            bool countOnly = false;
            for (int k = 0; k < args.Length; k++)
            {
                if (args[k] == "--port" && k + 1 < args.Length)
                {
                    port = int.Parse(args[++k], CultureInfo.InvariantCulture);
                }
                else if (args[k] == "--no-bodies")
                {
                    bodies = false;
                }
                else if (args[k] == "--count-only")
                {
                    countOnly = true; // a benchmark control: add-collections answered and counted, nothing stored
                }
            }

            await using var service = new StandInService();
            service.Faults.StoreBodies = bodies;
            service.CountOnly = countOnly;
            Uri url = await service.StartAsync(port).ConfigureAwait(false);
            Console.Out.WriteLine("BATCH_STANDIN_URL=" + url);
            Console.Out.Flush();
            Task stdinClosed = Task.Run(() =>
            {
                while (Console.In.ReadLine() != null)
                {
                }
            });
            await Task.WhenAny(stdinClosed, service.Stopped).ConfigureAwait(false);
            return 0;
        }
    }
}
