using System;

namespace BatchTaskPS.Model
{
    /// <summary>A node path that can be mounted into a container (newest REST API; values are PascalCase). Extensible: a value this library does not know is kept as given. Newest REST API name <c>ContainerHostDataPath</c>.</summary>
    public readonly struct ContainerHostDataPath : IBatchEnum, IEquatable<ContainerHostDataPath>
    {
        internal static readonly EnumInfo<ContainerHostDataPath> Info = new EnumInfo<ContainerHostDataPath>(nameof(ContainerHostDataPath), v => new ContainerHostDataPath(v, true), "Shared", "Startup", "VfsMounts", "Task", "JobPrep", "Applications");

        private readonly string? _value;

        /// <summary>Makes a value; a known value in any letter case takes its wire spelling.</summary>
        public ContainerHostDataPath(string value)
        {
            _value = Info.Canonical(value ?? throw new ArgumentNullException(nameof(value))) ?? value;
        }

        private ContainerHostDataPath(string value, bool exact)
        {
            _value = value;
        }

        /// <summary>Wire value <c>Shared</c>.</summary>
        public static ContainerHostDataPath Shared => Info.FromString("Shared");

        /// <summary>Wire value <c>Startup</c>.</summary>
        public static ContainerHostDataPath Startup => Info.FromString("Startup");

        /// <summary>Wire value <c>VfsMounts</c>.</summary>
        public static ContainerHostDataPath VfsMounts => Info.FromString("VfsMounts");

        /// <summary>Wire value <c>Task</c>.</summary>
        public static ContainerHostDataPath Task => Info.FromString("Task");

        /// <summary>Wire value <c>JobPrep</c>.</summary>
        public static ContainerHostDataPath JobPrep => Info.FromString("JobPrep");

        /// <summary>Wire value <c>Applications</c>.</summary>
        public static ContainerHostDataPath Applications => Info.FromString("Applications");

        /// <summary>The known wire values.</summary>
        public static System.Collections.Generic.IReadOnlyList<string> KnownValues => Info.Values;

        /// <summary>The value as it is written: the wire spelling for a value made here, the spelling it was read with for a value read from JSON (FIDELITY row 28).</summary>
        public string Value => _value ?? string.Empty;

        /// <summary>True when the value is one this library knows.</summary>
        public bool IsKnown => Info.Canonical(Value) != null;

        public static implicit operator ContainerHostDataPath(string value) => new ContainerHostDataPath(value);

        public static bool operator ==(ContainerHostDataPath left, ContainerHostDataPath right) => left.Equals(right);

        public static bool operator !=(ContainerHostDataPath left, ContainerHostDataPath right) => !left.Equals(right);

        /// <summary>Values compare ignoring letter case, as the service matches them.</summary>
        public bool Equals(ContainerHostDataPath other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => obj is ContainerHostDataPath other && Equals(other);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

        public override string ToString() => Value;
    }
}
