using System;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization.Wire;

namespace BatchTaskPS.Serialization
{
    /// <summary>A model's generated fast-path read (see <see cref="ModelInfo{T}.TryReadPlain"/>).</summary>
    internal delegate T? DirectPlainRead<T>(ref PlainJsonScanner s, ModelInfo<T> info)
        where T : BatchModel<T>, new();

    /// <summary>A model's generated write (see <see cref="ModelInfo{T}.WriteObject"/>).</summary>
    internal delegate void DirectWrite<T>(JsonSink sink, T obj, WriteContext wc, ModelInfo<T> info)
        where T : BatchModel<T>, new();

    /// <summary>
    /// Straight-line code for the two per-task hot paths of every model: the fast read of service-shaped JSON
    /// and the write. Each model's pair of methods is generated from its property table (the
    /// <c>*.Serialization.cs</c> files in <c>Model/</c>) into <c>DirectCodecs.g.cs</c> by
    /// <c>tests/tools/Write-GeneratedCodecs.ps1</c> (<c>./build.sh generate</c>); a Pester test fails when the
    /// checked-in file is not what the tables render. The generated code follows exactly the rules of the
    /// generic loops in <see cref="ModelInfo{T}"/> (<c>TryReadPlainGeneric</c>, <c>WriteObjectGeneric</c>),
    /// which stay as the reference: xunit compares the two on every corpus document. What it saves is the
    /// per-property virtual call and delegate calls of the generic loops, which a fresh process runs as
    /// unoptimised code for most of a short job (README, Performance).
    /// </summary>
    internal static partial class DirectCodecs
    {
        /// <summary>
        /// <c>BATCHTASKPS_NO_DIRECT=1</c> (read once, at the first model use) keeps the generic loops:
        /// an A/B switch for benchmarks, not a user setting.
        /// </summary>
        internal static readonly bool Disabled = Environment.GetEnvironmentVariable("BATCHTASKPS_NO_DIRECT") == "1";

        /// <summary>The generated read and write of <typeparamref name="T"/>, or nulls when it has none.</summary>
        internal static void Find<T>(out DirectPlainRead<T>? read, out DirectWrite<T>? write)
            where T : BatchModel<T>, new()
        {
            Delegate? r = null, w = null;
            Lookup(typeof(T), ref r, ref w);
            read = (DirectPlainRead<T>?)r;
            write = (DirectWrite<T>?)w;
        }

        static partial void Lookup(Type type, ref Delegate? read, ref Delegate? write);
    }
}
