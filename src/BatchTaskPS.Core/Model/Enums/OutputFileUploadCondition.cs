using System;

namespace BatchTaskPS.Model
{
    /// <summary>When output files are uploaded. Extensible: a value this library does not know is kept as given. Newest REST API name <c>OutputFileUploadCondition</c>.</summary>
    public readonly struct OutputFileUploadCondition : IBatchEnum, IEquatable<OutputFileUploadCondition>
    {
        internal static readonly EnumInfo<OutputFileUploadCondition> Info = new EnumInfo<OutputFileUploadCondition>(nameof(OutputFileUploadCondition), v => new OutputFileUploadCondition(v, true), "tasksuccess", "taskfailure", "taskcompletion");

        private readonly string? _value;

        /// <summary>Makes a value; a known value in any letter case takes its wire spelling.</summary>
        public OutputFileUploadCondition(string value)
        {
            _value = Info.Canonical(value ?? throw new ArgumentNullException(nameof(value))) ?? value;
        }

        private OutputFileUploadCondition(string value, bool exact)
        {
            _value = value;
        }

        /// <summary>Wire value <c>tasksuccess</c>.</summary>
        public static OutputFileUploadCondition TaskSuccess => Info.FromString("tasksuccess");

        /// <summary>Wire value <c>taskfailure</c>.</summary>
        public static OutputFileUploadCondition TaskFailure => Info.FromString("taskfailure");

        /// <summary>Wire value <c>taskcompletion</c>.</summary>
        public static OutputFileUploadCondition TaskCompletion => Info.FromString("taskcompletion");

        /// <summary>The known wire values.</summary>
        public static System.Collections.Generic.IReadOnlyList<string> KnownValues => Info.Values;

        /// <summary>The value as it is written: the wire spelling for a value made here, the spelling it was read with for a value read from JSON (FIDELITY row 28).</summary>
        public string Value => _value ?? string.Empty;

        /// <summary>True when the value is one this library knows.</summary>
        public bool IsKnown => Info.Canonical(Value) != null;

        public static implicit operator OutputFileUploadCondition(string value) => new OutputFileUploadCondition(value);

        public static bool operator ==(OutputFileUploadCondition left, OutputFileUploadCondition right) => left.Equals(right);

        public static bool operator !=(OutputFileUploadCondition left, OutputFileUploadCondition right) => !left.Equals(right);

        /// <summary>Values compare ignoring letter case, as the service matches them.</summary>
        public bool Equals(OutputFileUploadCondition other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => obj is OutputFileUploadCondition other && Equals(other);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

        public override string ToString() => Value;
    }
}
