using System;

namespace BatchTaskPS.Model
{
    /// <summary>The category of a task error. Extensible: a value this library does not know is kept as given. Newest REST API name <c>BatchErrorSourceCategory</c>.</summary>
    public readonly struct ErrorCategory : IBatchEnum, IEquatable<ErrorCategory>
    {
        internal static readonly EnumInfo<ErrorCategory> Info = new EnumInfo<ErrorCategory>(nameof(ErrorCategory), v => new ErrorCategory(v, true), "usererror", "servererror");

        private readonly string? _value;

        /// <summary>Makes a value; a known value in any letter case takes its wire spelling.</summary>
        public ErrorCategory(string value)
        {
            _value = Info.Canonical(value ?? throw new ArgumentNullException(nameof(value))) ?? value;
        }

        private ErrorCategory(string value, bool exact)
        {
            _value = value;
        }

        /// <summary>Wire value <c>usererror</c>.</summary>
        public static ErrorCategory UserError => Info.FromString("usererror");

        /// <summary>Wire value <c>servererror</c>.</summary>
        public static ErrorCategory ServerError => Info.FromString("servererror");

        /// <summary>The known wire values.</summary>
        public static System.Collections.Generic.IReadOnlyList<string> KnownValues => Info.Values;

        /// <summary>The value as it is written: the wire spelling for a value made here, the spelling it was read with for a value read from JSON (FIDELITY row 28).</summary>
        public string Value => _value ?? string.Empty;

        /// <summary>True when the value is one this library knows.</summary>
        public bool IsKnown => Info.Canonical(Value) != null;

        public static implicit operator ErrorCategory(string value) => new ErrorCategory(value);

        public static bool operator ==(ErrorCategory left, ErrorCategory right) => left.Equals(right);

        public static bool operator !=(ErrorCategory left, ErrorCategory right) => !left.Equals(right);

        /// <summary>Values compare ignoring letter case, as the service matches them.</summary>
        public bool Equals(ErrorCategory other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => obj is ErrorCategory other && Equals(other);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

        public override string ToString() => Value;
    }
}
