using System;

namespace BatchTaskPS.Model
{
    /// <summary>The result of a task execution. Extensible: a value this library does not know is kept as given. Newest REST API name <c>BatchTaskExecutionResult</c>.</summary>
    public readonly struct TaskExecutionResult : IBatchEnum, IEquatable<TaskExecutionResult>
    {
        internal static readonly EnumInfo<TaskExecutionResult> Info = new EnumInfo<TaskExecutionResult>(nameof(TaskExecutionResult), v => new TaskExecutionResult(v, true), "success", "failure");

        private readonly string? _value;

        /// <summary>Makes a value; a known value in any letter case takes its wire spelling.</summary>
        public TaskExecutionResult(string value)
        {
            _value = Info.Canonical(value ?? throw new ArgumentNullException(nameof(value))) ?? value;
        }

        private TaskExecutionResult(string value, bool exact)
        {
            _value = value;
        }

        /// <summary>Wire value <c>success</c>.</summary>
        public static TaskExecutionResult Success => Info.FromString("success");

        /// <summary>Wire value <c>failure</c>.</summary>
        public static TaskExecutionResult Failure => Info.FromString("failure");

        /// <summary>The known wire values.</summary>
        public static System.Collections.Generic.IReadOnlyList<string> KnownValues => Info.Values;

        /// <summary>The value as it is written: the wire spelling for a value made here, the spelling it was read with for a value read from JSON (FIDELITY row 28).</summary>
        public string Value => _value ?? string.Empty;

        /// <summary>True when the value is one this library knows.</summary>
        public bool IsKnown => Info.Canonical(Value) != null;

        public static implicit operator TaskExecutionResult(string value) => new TaskExecutionResult(value);

        public static bool operator ==(TaskExecutionResult left, TaskExecutionResult right) => left.Equals(right);

        public static bool operator !=(TaskExecutionResult left, TaskExecutionResult right) => !left.Equals(right);

        /// <summary>Values compare ignoring letter case, as the service matches them.</summary>
        public bool Equals(TaskExecutionResult other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => obj is TaskExecutionResult other && Equals(other);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

        public override string ToString() => Value;
    }
}
