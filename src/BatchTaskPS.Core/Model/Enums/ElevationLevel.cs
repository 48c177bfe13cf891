using System;

namespace BatchTaskPS.Model
{
    /// <summary>The elevation level of a user. Extensible: a value this library does not know is kept as given. Newest REST API name <c>ElevationLevel</c>.</summary>
    public readonly struct ElevationLevel : IBatchEnum, IEquatable<ElevationLevel>
    {
        internal static readonly EnumInfo<ElevationLevel> Info = new EnumInfo<ElevationLevel>(nameof(ElevationLevel), v => new ElevationLevel(v, true), "nonadmin", "admin");

        private readonly string? _value;

        /// <summary>Makes a value; a known value in any letter case takes its wire spelling.</summary>
        public ElevationLevel(string value)
        {
            _value = Info.Canonical(value ?? throw new ArgumentNullException(nameof(value))) ?? value;
        }

        private ElevationLevel(string value, bool exact)
        {
            _value = value;
        }

        /// <summary>Wire value <c>nonadmin</c>.</summary>
        public static ElevationLevel NonAdmin => Info.FromString("nonadmin");

        /// <summary>Wire value <c>admin</c>.</summary>
        public static ElevationLevel Admin => Info.FromString("admin");

        /// <summary>The known wire values.</summary>
        public static System.Collections.Generic.IReadOnlyList<string> KnownValues => Info.Values;

        /// <summary>The value as it is written: the wire spelling for a value made here, the spelling it was read with for a value read from JSON (FIDELITY row 28).</summary>
        public string Value => _value ?? string.Empty;

        /// <summary>True when the value is one this library knows.</summary>
        public bool IsKnown => Info.Canonical(Value) != null;

        public static implicit operator ElevationLevel(string value) => new ElevationLevel(value);

        public static bool operator ==(ElevationLevel left, ElevationLevel right) => left.Equals(right);

        public static bool operator !=(ElevationLevel left, ElevationLevel right) => !left.Equals(right);

        /// <summary>Values compare ignoring letter case, as the service matches them.</summary>
        public bool Equals(ElevationLevel other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => obj is ElevationLevel other && Equals(other);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

        public override string ToString() => Value;
    }
}
