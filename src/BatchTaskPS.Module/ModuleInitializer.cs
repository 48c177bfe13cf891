using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace BatchTaskPS.Commands
{
    /// <summary>
    /// On Windows PowerShell 5.1 (.NET Framework) the module carries System.Text.Json and its
    /// dependencies in bin/dependencies; this resolves exactly those (an allow-list), from that folder
    /// only, and the service client with the Azure assemblies from bin/service (every dll there).
    /// PowerShell 7 has its own System.Text.Json; the service client and the Azure assemblies are loaded
    /// into a module-private AssemblyLoadContext there (<see cref="ServiceLoadContext"/>).
    /// Untested here: Windows PowerShell cannot run on the build machines.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly HashSet<string> s_allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "System.Text.Json",
            "System.Text.Encodings.Web",
            "System.Memory",
            "System.Buffers",
            "System.Numerics.Vectors",
            "System.Runtime.CompilerServices.Unsafe",
            "System.Threading.Tasks.Extensions",
            "Microsoft.Bcl.AsyncInterfaces",
            "System.ValueTuple",
            "System.Diagnostics.DiagnosticSource",
            "System.Formats.Asn1",
            "System.Security.Cryptography.ProtectedData",
            "System.IO.FileSystem.AccessControl",
            "System.Security.AccessControl",
            "System.Security.Principal.Windows",
            "System.Security.Cryptography.Cng",
        };

        /// <summary>
        /// The module's bin folder, where this assembly is (the manifest's root module): it holds the portable core,
        /// bin/&lt;rid&gt;/ (the core's ReadyToRun images), bin/service and bin/dependencies.
        /// </summary>
        internal static readonly string BinFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;

        private static readonly string s_dependencies = Path.Combine(BinFolder, "dependencies");

        /// <summary>The service client and the Azure assemblies (PowerShell 7: loaded into ServiceLoadContext).</summary>
        internal static readonly string ServiceFolder = Path.Combine(BinFolder, "service");

        /// <summary>True on .NET Framework (Windows PowerShell 5.1), where the core library is mscorlib.</summary>
        internal static bool IsNetFramework => string.Equals(typeof(object).Assembly.GetName().Name, "mscorlib", StringComparison.Ordinal);

        public void OnImport()
        {
            if (IsNetFramework)
            {
                AppDomain.CurrentDomain.AssemblyResolve += Resolve;
            }
            else
            {
                LoadCoreImage();
                RegisterLoadContext();
            }

            ImportShouldAssertion();
        }

        /// <summary>
        /// Should -BeValidBatchTask (module/BatchTask.Should.psm1) registers itself only with a Pester 5 that is already
        /// loaded. Pester 5 loads its own assembly (Pester.dll) when it is imported: without it, nothing is run here and
        /// the script is not even parsed. With it, the script is imported when Pester 5's Add-ShouldOperator is there.
        /// </summary>
        private static void ImportShouldAssertion()
        {
            if (!IsLoaded("Pester"))
            {
                return;
            }

            string script = Path.Combine(Path.Combine(Path.GetDirectoryName(BinFolder) ?? BinFolder, "module"), "BatchTask.Should.psm1");
            if (!File.Exists(script))
            {
                return;
            }

            using PowerShell shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
            shell.AddScript("param($Path) if (${function:Add-ShouldOperator}) { Import-Module -Name $Path }").AddArgument(script);
            shell.Invoke();
        }

        /// <summary>
        /// On .NET 10 or later (PowerShell 7.6), loads the core's ReadyToRun image for this platform
        /// (bin/&lt;rid&gt;/BatchTaskPS.Core.dll) before anything asks for the core, so that the cmdlets (the portable
        /// build, the manifest's root module) bind to it and a fresh process runs the per-task code precompiled from the
        /// first task (issue 16). Without an image for the platform, or on an older runtime (whose JIT would not use
        /// code compiled for .NET 10), or when a core is already loaded (an earlier import), nothing is loaded here and
        /// the runtime finds the portable core beside the cmdlets as before.
        /// </summary>
        private static void LoadCoreImage()
        {
            if (Environment.Version.Major < 10)
            {
                return;
            }

            string? folder = ImageFolder();
            if (folder == null || IsLoaded("BatchTaskPS.Core"))
            {
                return;
            }

            string image = Path.Combine(Path.Combine(BinFolder, folder), "BatchTaskPS.Core.dll");
            if (File.Exists(image))
            {
                Assembly.LoadFrom(image);
            }
        }

        /// <summary>True when an assembly of that simple name is loaded in this process.</summary>
        private static bool IsLoaded(string name)
        {
            foreach (Assembly loaded in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (string.Equals(loaded.GetName().Name, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The image folder name for this process (linux-x64, osx-arm64, win-x64...), or null for a platform without one.</summary>
        private static string? ImageFolder()
        {
            string? os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
                : RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "linux"
                : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx"
                : null;
            string? arch = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x64",
                Architecture.Arm64 => "arm64",
                _ => null,
            };
            return os == null || arch == null ? null : os + "-" + arch;
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            if (IsNetFramework)
            {
                AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
            }
        }

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name);
            if (name.Name == null)
            {
                return null;
            }

            string service = Path.Combine(ServiceFolder, name.Name + ".dll");
            if (File.Exists(service))
            {
                return Assembly.LoadFrom(service);
            }

            if (!s_allowed.Contains(name.Name))
            {
                return null; // not ours: let the runtime (or another handler) decide
            }

            string path = Path.Combine(s_dependencies, name.Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }

        // A method of its own: the JIT meets AssemblyLoadContext only on PowerShell 7.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static void RegisterLoadContext() => ServiceLoadContext.Register(ServiceFolder);
    }
}
