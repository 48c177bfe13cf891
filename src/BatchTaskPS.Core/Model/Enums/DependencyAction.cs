using System;

namespace BatchTaskPS.Model
{
    /// <summary>What happens to dependent tasks when a task exits a certain way. Extensible: a value this library does not know is kept as given. Newest REST API name <c>DependencyAction</c>.</summary>
    public readonly struct DependencyAction : IBatchEnum, IEquatable<DependencyAction>
    {
        internal static readonly EnumInfo<DependencyAction> Info = new EnumInfo<DependencyAction>(nameof(DependencyAction), v => new DependencyAction(v, true), "satisfy", "block");

        private readonly string? _value;

        /// <summary>Makes a value; a known value in any letter case takes its wire spelling.</summary>
        public DependencyAction(string value)
        {
            _value = Info.Canonical(value ?? throw new ArgumentNullException(nameof(value))) ?? value;
        }

        private DependencyAction(string value, bool exact)
        {
            _value = value;
        }

        /// <summary>Wire value <c>satisfy</c>.</summary>
        public static DependencyAction Satisfy => Info.FromString("satisfy");

        /// <summary>Wire value <c>block</c>.</summary>
        public static DependencyAction Block => Info.FromString("block");

        /// <summary>The known wire values.</summary>
        public static System.Collections.Generic.IReadOnlyList<string> KnownValues => Info.Values;

        /// <summary>The value as it is written: the wire spelling for a value made here, the spelling it was read with for a value read from JSON (FIDELITY row 28).</summary>
        public string Value => _value ?? string.Empty;

        /// <summary>True when the value is one this library knows.</summary>
        public bool IsKnown => Info.Canonical(Value) != null;

        public static implicit operator DependencyAction(string value) => new DependencyAction(value);

        public static bool operator ==(DependencyAction left, DependencyAction right) => left.Equals(right);

        public static bool operator !=(DependencyAction left, DependencyAction right) => !left.Equals(right);

        /// <summary>Values compare ignoring letter case, as the service matches them.</summary>
        public bool Equals(DependencyAction other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => obj is DependencyAction other && Equals(other);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

        public override string ToString() => Value;
    }
}
