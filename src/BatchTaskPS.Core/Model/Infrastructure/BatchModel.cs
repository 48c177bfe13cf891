using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>
    /// Base of every Batch model type: the bag of unknown JSON properties (kept in order and written
    /// back), deep copy and value equality, all driven by each type's property table.
    /// </summary>
    public abstract class BatchModel
    {
        private AdditionalPropertyCollection? _additional;

        /// <summary>
        /// JSON properties this library does not know (newer service fields, annotations), in input
        /// order, as raw JSON text. The reference calls these <c>additional_properties</c>.
        /// </summary>
        public AdditionalPropertyCollection AdditionalProperties
        {
            get => _additional ??= new AdditionalPropertyCollection();
            set => _additional = value ?? throw new ArgumentNullException(nameof(value));
        }

        internal AdditionalPropertyCollection? AdditionalPropertiesOrNull
        {
            get => _additional;
            set => _additional = value;
        }

        internal bool HasAdditionalProperties => _additional != null && _additional.Count > 0;

        internal abstract ModelInfo Info { get; }
    }

    /// <summary>Typed base: <see cref="Clone"/>, equality and hashing for a model type.</summary>
    /// <typeparam name="T">The model type itself.</typeparam>
    public abstract class BatchModel<T> : BatchModel, IEquatable<T>
        where T : BatchModel<T>, new()
    {
        private ModelInfo<T> TypedInfo => (ModelInfo<T>)Info;

        /// <summary>A deep copy: nested objects, lists and unknown properties are copied too.</summary>
        public T Clone() => TypedInfo.Copy((T)this);

        /// <summary>Value equality over every property, nested object, list item and unknown property.</summary>
        public bool Equals(T? other) => other != null && TypedInfo.ValueEquals((T)this, other);

        public override bool Equals(object? obj) => obj is T other && Equals(other);

        public override int GetHashCode() => TypedInfo.ValueHash((T)this);
    }

    /// <summary>Holds each model type's property table, found through a static field named Metadata.</summary>
    internal static class ModelInfoOf<T>
        where T : BatchModel<T>, new()
    {
        public static readonly ModelInfo<T> Value = (ModelInfo<T>)typeof(T)
            .GetField("Metadata", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)!
            .GetValue(null)!;
    }
}
