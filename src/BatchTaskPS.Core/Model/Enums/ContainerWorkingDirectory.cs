using System;

namespace BatchTaskPS.Model
{
    /// <summary>Where a container task's working directory is. Extensible: a value this library does not know is kept as given. Newest REST API name <c>ContainerWorkingDirectory</c>.</summary>
    public readonly struct ContainerWorkingDirectory : IBatchEnum, IEquatable<ContainerWorkingDirectory>
    {
        internal static readonly EnumInfo<ContainerWorkingDirectory> Info = new EnumInfo<ContainerWorkingDirectory>(nameof(ContainerWorkingDirectory), v => new ContainerWorkingDirectory(v, true), "taskWorkingDirectory", "containerImageDefault");

        private readonly string? _value;

        /// <summary>Makes a value; a known value in any letter case takes its wire spelling.</summary>
        public ContainerWorkingDirectory(string value)
        {
            _value = Info.Canonical(value ?? throw new ArgumentNullException(nameof(value))) ?? value;
        }

        private ContainerWorkingDirectory(string value, bool exact)
        {
            _value = value;
        }

        /// <summary>Wire value <c>taskWorkingDirectory</c>.</summary>
        public static ContainerWorkingDirectory TaskWorkingDirectory => Info.FromString("taskWorkingDirectory");

        /// <summary>Wire value <c>containerImageDefault</c>.</summary>
        public static ContainerWorkingDirectory ContainerImageDefault => Info.FromString("containerImageDefault");

        /// <summary>The known wire values.</summary>
        public static System.Collections.Generic.IReadOnlyList<string> KnownValues => Info.Values;

        /// <summary>The value as it is written: the wire spelling for a value made here, the spelling it was read with for a value read from JSON (FIDELITY row 28).</summary>
        public string Value => _value ?? string.Empty;

        /// <summary>True when the value is one this library knows.</summary>
        public bool IsKnown => Info.Canonical(Value) != null;

        public static implicit operator ContainerWorkingDirectory(string value) => new ContainerWorkingDirectory(value);

        public static bool operator ==(ContainerWorkingDirectory left, ContainerWorkingDirectory right) => left.Equals(right);

        public static bool operator !=(ContainerWorkingDirectory left, ContainerWorkingDirectory right) => !left.Equals(right);

        /// <summary>Values compare ignoring letter case, as the service matches them.</summary>
        public bool Equals(ContainerWorkingDirectory other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => obj is ContainerWorkingDirectory other && Equals(other);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

        public override string ToString() => Value;
    }
}
