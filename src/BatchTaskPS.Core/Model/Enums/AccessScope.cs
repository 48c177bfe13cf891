using System;

namespace BatchTaskPS.Model
{
    /// <summary>A Batch resource a task token may access. Extensible: a value this library does not know is kept as given. Newest REST API name <c>BatchAccessScope</c>.</summary>
    public readonly struct AccessScope : IBatchEnum, IEquatable<AccessScope>
    {
        internal static readonly EnumInfo<AccessScope> Info = new EnumInfo<AccessScope>(nameof(AccessScope), v => new AccessScope(v, true), "job");

        private readonly string? _value;

        /// <summary>Makes a value; a known value in any letter case takes its wire spelling.</summary>
        public AccessScope(string value)
        {
            _value = Info.Canonical(value ?? throw new ArgumentNullException(nameof(value))) ?? value;
        }

        private AccessScope(string value, bool exact)
        {
            _value = value;
        }

        /// <summary>Wire value <c>job</c>.</summary>
        public static AccessScope Job => Info.FromString("job");

        /// <summary>The known wire values.</summary>
        public static System.Collections.Generic.IReadOnlyList<string> KnownValues => Info.Values;

        /// <summary>The value as it is written: the wire spelling for a value made here, the spelling it was read with for a value read from JSON (FIDELITY row 28).</summary>
        public string Value => _value ?? string.Empty;

        /// <summary>True when the value is one this library knows.</summary>
        public bool IsKnown => Info.Canonical(Value) != null;

        public static implicit operator AccessScope(string value) => new AccessScope(value);

        public static bool operator ==(AccessScope left, AccessScope right) => left.Equals(right);

        public static bool operator !=(AccessScope left, AccessScope right) => !left.Equals(right);

        /// <summary>Values compare ignoring letter case, as the service matches them.</summary>
        public bool Equals(AccessScope other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => obj is AccessScope other && Equals(other);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

        public override string ToString() => Value;
    }
}
