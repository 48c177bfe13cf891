using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace BatchTaskPS.Commands
{
    /// <summary>
    /// PowerShell 7: the service client and the Azure assemblies it needs (Azure.Core, Azure.Identity, MSAL, ...) live in
    /// bin/service and are loaded into this module-private AssemblyLoadContext, so a session that already loaded another
    /// Azure.Core (Az.Accounts does) keeps its own, and the module gets the one it was built with. Only BatchTaskPS.Service
    /// is handed to the default context (when the cmdlets first need it); whatever is not in bin/service (BatchTaskPS.Core,
    /// System.Text.Json, the runtime) comes from the default context, so model types are shared.
    /// Never touched on Windows PowerShell 5.1 (ModuleInitializer uses AssemblyResolve there).
    /// </summary>
    internal sealed class ServiceLoadContext : AssemblyLoadContext
    {
        internal const string EntryAssembly = "BatchTaskPS.Service";

        private static readonly object s_gate = new object();
        private static ServiceLoadContext? s_instance;
        private readonly string _folder;

        private ServiceLoadContext(string folder)
            : base()
        {
            _folder = folder;
        }

        /// <summary>Hooks the default context's Resolving event (once per process).</summary>
        internal static void Register(string folder)
        {
            lock (s_gate)
            {
                if (s_instance != null)
                {
                    return;
                }

                s_instance = new ServiceLoadContext(folder);
                Default.Resolving += ResolveEntry;
            }
        }

        private static Assembly? ResolveEntry(AssemblyLoadContext context, AssemblyName name)
        {
            if (!string.Equals(name.Name, EntryAssembly, StringComparison.Ordinal) || s_instance == null)
            {
                return null;
            }

            return s_instance.LoadFromAssemblyName(name);
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            string path = Path.Combine(_folder, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
