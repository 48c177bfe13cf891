using System;

namespace BatchTaskPS.Model
{
    /// <summary>The state of a task. Extensible: a value this library does not know is kept as given. Newest REST API name <c>BatchTaskState</c>.</summary>
    public readonly struct TaskState : IBatchEnum, IEquatable<TaskState>
    {
        internal static readonly EnumInfo<TaskState> Info = new EnumInfo<TaskState>(nameof(TaskState), v => new TaskState(v, true), "active", "preparing", "running", "completed");

        private readonly string? _value;

        /// <summary>Makes a value; a known value in any letter case takes its wire spelling.</summary>
        public TaskState(string value)
        {
            _value = Info.Canonical(value ?? throw new ArgumentNullException(nameof(value))) ?? value;
        }

        private TaskState(string value, bool exact)
        {
            _value = value;
        }

        /// <summary>Wire value <c>active</c>.</summary>
        public static TaskState Active => Info.FromString("active");

        /// <summary>Wire value <c>preparing</c>.</summary>
        public static TaskState Preparing => Info.FromString("preparing");

        /// <summary>Wire value <c>running</c>.</summary>
        public static TaskState Running => Info.FromString("running");

        /// <summary>Wire value <c>completed</c>.</summary>
        public static TaskState Completed => Info.FromString("completed");

        /// <summary>The known wire values.</summary>
        public static System.Collections.Generic.IReadOnlyList<string> KnownValues => Info.Values;

        /// <summary>The value as it is written: the wire spelling for a value made here, the spelling it was read with for a value read from JSON (FIDELITY row 28).</summary>
        public string Value => _value ?? string.Empty;

        /// <summary>True when the value is one this library knows.</summary>
        public bool IsKnown => Info.Canonical(Value) != null;

        public static implicit operator TaskState(string value) => new TaskState(value);

        public static bool operator ==(TaskState left, TaskState right) => left.Equals(right);

        public static bool operator !=(TaskState left, TaskState right) => !left.Equals(right);

        /// <summary>Values compare ignoring letter case, as the service matches them.</summary>
        public bool Equals(TaskState other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => obj is TaskState other && Equals(other);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

        public override string ToString() => Value;
    }
}
