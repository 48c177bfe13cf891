using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Management.Automation;
using BatchTaskPS.Factories;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;

namespace BatchTaskPS.Commands.Support
{
    /// <summary>
    /// Lets the core's dictionary reader take PowerShell values: a PSObject is unwrapped, and a
    /// PSCustomObject (also an Import-Csv row) becomes an ordered dictionary of its properties.
    /// Set as <see cref="BatchTaskReaderOptions.ValueAdapter"/>.
    /// </summary>
    internal static class PSObjectAdapter
    {
        /// <summary>The reader every cmdlet uses unless it needs other limits.</summary>
        public static readonly BatchTaskReader Reader = CreateReader(null);

        /// <summary>The core's mapping of parameter values and pipeline rows to task fields, with this adapter.</summary>
        public static readonly TaskInput Input = new TaskInput(Reader);

        /// <summary>A reader with the adapter set and the limits as <paramref name="configure"/> sets them.</summary>
        public static BatchTaskReader CreateReader(Action<BatchTaskReaderOptions>? configure)
        {
            var options = new BatchTaskReaderOptions { ValueAdapter = Adapt };
            configure?.Invoke(options);
            return new BatchTaskReader(options);
        }

        /// <summary>The adapter: null for values it does not know (the reader then uses their text).</summary>
        public static object? Adapt(object value)
        {
            // A SecureString (the registry password as PowerShell shows it, also after Select-Object *)
            // stands for its text: never its type name.
            object inner = value is PSObject wrapped ? wrapped.BaseObject : value;
            if (inner is System.Security.SecureString secure)
            {
                return new System.Net.NetworkCredential(string.Empty, secure).Password;
            }

            // A PSCredential (-RegistryCredential) reaches the core as the .NET credential type it knows.
            if (inner is PSCredential credential)
            {
                return credential.GetNetworkCredential();
            }

            if (value is not PSObject pso)
            {
                return null;
            }

            if (pso.BaseObject is PSCustomObject)
            {
                var dict = new OrderedDictionary();
                foreach (PSPropertyInfo p in DataProperties(pso))
                {
                    dict[p.Name] = p.Value;
                }

                return dict;
            }

            return pso.BaseObject;
        }

        /// <summary>
        /// The properties of an object that hold its data: note properties and .NET properties (no script or code
        /// properties, no methods). For a PSCustomObject (an Import-Csv row) they are read from the engine's own table
        /// of instance members, which costs a fraction of the public Properties collection (that one gathers type-table
        /// and adapter members on every enumeration); every other object, and every object on a PowerShell without
        /// that member, goes through Properties.
        /// </summary>
        public static IEnumerable<PSPropertyInfo> DataProperties(PSObject pso)
        {
            if (pso == null)
            {
                throw new ArgumentNullException(nameof(pso));
            }

            if (pso.BaseObject is PSCustomObject && s_instanceMembers != null)
            {
                foreach (PSMemberInfo member in s_instanceMembers(pso))
                {
                    if (member is PSNoteProperty note)
                    {
                        yield return note;
                    }
                }

                yield break;
            }

            foreach (PSPropertyInfo p in pso.Properties)
            {
                if (p is PSNoteProperty || p.MemberType == PSMemberTypes.Property)
                {
                    yield return p;
                }
            }
        }

        /// <summary>PSObject's non-public InstanceMembers getter, or null when this PowerShell has none.</summary>
        private static readonly Func<PSObject, IEnumerable<PSMemberInfo>>? s_instanceMembers = InstanceMembersGetter();

        private static Func<PSObject, IEnumerable<PSMemberInfo>>? InstanceMembersGetter()
        {
            try
            {
                System.Reflection.MethodInfo? getter = typeof(PSObject).GetProperty("InstanceMembers",
                    System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)?.GetGetMethod(true);
                return getter != null && typeof(IEnumerable<PSMemberInfo>).IsAssignableFrom(getter.ReturnType)
                    ? (Func<PSObject, IEnumerable<PSMemberInfo>>)Delegate.CreateDelegate(typeof(Func<PSObject, IEnumerable<PSMemberInfo>>), getter)
                    : null;
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        /// <summary>The value under a PSObject wrapper, except a PSCustomObject, which stays wrapped (it has no other form).</summary>
        public static object? Unwrap(object? value) =>
            value is PSObject pso && pso.BaseObject is not PSCustomObject ? pso.BaseObject : value;

        /// <summary>Reads a nested model from a model object, a dictionary or a PSCustomObject (REST keys, attribute or property names).</summary>
        public static T ReadModel<T>(BatchTaskReader reader, object? value)
            where T : BatchModel<T>, new()
        {
            object? v = Unwrap(value);
            return v is T model ? model : reader.ReadModelFromTree<T>(v);
        }
    }
}
