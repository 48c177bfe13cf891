using System;

namespace BatchTaskPS.Model
{
    /// <summary>The scope of an auto-user. Extensible: a value this library does not know is kept as given. Newest REST API name <c>AutoUserScope</c>.</summary>
    public readonly struct AutoUserScope : IBatchEnum, IEquatable<AutoUserScope>
    {
        internal static readonly EnumInfo<AutoUserScope> Info = new EnumInfo<AutoUserScope>(nameof(AutoUserScope), v => new AutoUserScope(v, true), "task", "pool");

        private readonly string? _value;

        /// <summary>Makes a value; a known value in any letter case takes its wire spelling.</summary>
        public AutoUserScope(string value)
        {
            _value = Info.Canonical(value ?? throw new ArgumentNullException(nameof(value))) ?? value;
        }

        private AutoUserScope(string value, bool exact)
        {
            _value = value;
        }

        /// <summary>Wire value <c>task</c>.</summary>
        public static AutoUserScope Task => Info.FromString("task");

        /// <summary>Wire value <c>pool</c>.</summary>
        public static AutoUserScope Pool => Info.FromString("pool");

        /// <summary>The known wire values.</summary>
        public static System.Collections.Generic.IReadOnlyList<string> KnownValues => Info.Values;

        /// <summary>The value as it is written: the wire spelling for a value made here, the spelling it was read with for a value read from JSON (FIDELITY row 28).</summary>
        public string Value => _value ?? string.Empty;

        /// <summary>True when the value is one this library knows.</summary>
        public bool IsKnown => Info.Canonical(Value) != null;

        public static implicit operator AutoUserScope(string value) => new AutoUserScope(value);

        public static bool operator ==(AutoUserScope left, AutoUserScope right) => left.Equals(right);

        public static bool operator !=(AutoUserScope left, AutoUserScope right) => !left.Equals(right);

        /// <summary>Values compare ignoring letter case, as the service matches them.</summary>
        public bool Equals(AutoUserScope other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => obj is AutoUserScope other && Equals(other);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

        public override string ToString() => Value;
    }
}
