using BatchTaskPS.Serialization;

namespace BatchTaskPS.Commands
{
    /// <summary>
    /// What ConvertTo-BatchTaskJson writes: one of the core's task shapes, or add-collection request
    /// bodies (the core's <see cref="TaskShape"/> has no such value: a body holds many tasks).
    /// </summary>
    public enum TaskJsonShape
    {
        /// <summary>Every set property, as a GET response.</summary>
        Full = TaskShape.Full,

        /// <summary>The add-task body: no service-owned properties.</summary>
        Create = TaskShape.Create,

        /// <summary>The update (PUT) body: <c>{"constraints": ...}</c> only.</summary>
        Update = TaskShape.Update,

        /// <summary>
        /// Add-collection request bodies <c>{"value":[...]}</c> holding the Create shape of up to 100 tasks
        /// and fewer than 1,000,000 UTF-8 bytes each.
        /// </summary>
        AddCollection = 100,
    }
}
