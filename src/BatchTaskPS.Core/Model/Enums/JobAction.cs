using System;

namespace BatchTaskPS.Model
{
    /// <summary>What to do with the job when a task exits a certain way. Extensible: a value this library does not know is kept as given. Newest REST API name <c>BatchJobActionKind</c>.</summary>
    public readonly struct JobAction : IBatchEnum, IEquatable<JobAction>
    {
        internal static readonly EnumInfo<JobAction> Info = new EnumInfo<JobAction>(nameof(JobAction), v => new JobAction(v, true), "none", "disable", "terminate");

        private readonly string? _value;

        /// <summary>Makes a value; a known value in any letter case takes its wire spelling.</summary>
        public JobAction(string value)
        {
            _value = Info.Canonical(value ?? throw new ArgumentNullException(nameof(value))) ?? value;
        }

        private JobAction(string value, bool exact)
        {
            _value = value;
        }

        /// <summary>Wire value <c>none</c>.</summary>
        public static JobAction None => Info.FromString("none");

        /// <summary>Wire value <c>disable</c>.</summary>
        public static JobAction Disable => Info.FromString("disable");

        /// <summary>Wire value <c>terminate</c>.</summary>
        public static JobAction Terminate => Info.FromString("terminate");

        /// <summary>The known wire values.</summary>
        public static System.Collections.Generic.IReadOnlyList<string> KnownValues => Info.Values;

        /// <summary>The value as it is written: the wire spelling for a value made here, the spelling it was read with for a value read from JSON (FIDELITY row 28).</summary>
        public string Value => _value ?? string.Empty;

        /// <summary>True when the value is one this library knows.</summary>
        public bool IsKnown => Info.Canonical(Value) != null;

        public static implicit operator JobAction(string value) => new JobAction(value);

        public static bool operator ==(JobAction left, JobAction right) => left.Equals(right);

        public static bool operator !=(JobAction left, JobAction right) => !left.Equals(right);

        /// <summary>Values compare ignoring letter case, as the service matches them.</summary>
        public bool Equals(JobAction other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => obj is JobAction other && Equals(other);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

        public override string ToString() => Value;
    }
}
