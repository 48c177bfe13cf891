using System;
using System.Collections.Generic;
using BatchTaskPS.Serialization.Wire;

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

        private static readonly WriteContext s_display = new WriteContext { RedactSecrets = true };

        /// <summary>
        /// The object as compact JSON with every secret masked (the rules of
        /// <see cref="Serialization.Redaction"/>), cut to 200 characters: what views and logs show for a
        /// nested object, e.g. <c>{"httpUrl":"https://a/b?sig=***","filePath":"x"}</c>.
        /// </summary>
        public override string ToString()
        {
            var sink = new JsonSink(256);
            Info.WriteModel(sink, this, s_display);
            string text = sink.ToString();
            return text.Length <= 200 ? text : text.Substring(0, 197) + "...";
        }
    }

    /// <summary>Typed base: <see cref="Clone"/> and value comparison for a model type.</summary>
    /// <remarks>
    /// Model objects are mutable, so they keep reference identity for <c>Equals</c> and <c>GetHashCode</c>
    /// (PowerShell's <c>-eq</c>, dictionaries, HashSets): a task put in a set and then changed is still
    /// found. Comparing by value is explicit: <see cref="ValueEquals"/>, or <see cref="BatchModelComparer"/>
    /// for collections and assertions; it takes a snapshot of nothing, so never key a collection on it
    /// while the objects change.
    /// </remarks>
    /// <typeparam name="T">The model type itself.</typeparam>
    public abstract class BatchModel<T> : BatchModel
        where T : BatchModel<T>, new()
    {
        private ModelInfo<T> TypedInfo => (ModelInfo<T>)Info;

        /// <summary>A deep copy: nested objects, lists and unknown properties are copied too.</summary>
        public T Clone() => TypedInfo.Copy((T)this);

        /// <summary>Value equality over every property, nested object, list item and unknown property.</summary>
        public bool ValueEquals(T? other) => other != null && TypedInfo.ValueEquals((T)this, other);
    }

    /// <summary>
    /// Compares model objects by value (every property, nested object, list item and unknown property), for
    /// tests, diffs and collections of objects that no longer change. Model objects themselves compare by reference.
    /// </summary>
    public sealed class BatchModelComparer : IEqualityComparer<BatchModel>
    {
        private BatchModelComparer()
        {
        }

        /// <summary>The one instance.</summary>
        public static BatchModelComparer Instance { get; } = new BatchModelComparer();

        /// <summary>True when both are null, or both are the same model type with equal values.</summary>
        public bool Equals(BatchModel? x, BatchModel? y) =>
            ReferenceEquals(x, y) || (x != null && y != null && x.GetType() == y.GetType() && x.Info.ValueEqualsModel(x, y));

        /// <summary>A hash of the values: equal for objects that <see cref="Equals(BatchModel, BatchModel)"/> calls equal.</summary>
        public int GetHashCode(BatchModel obj) => obj == null ? 0 : obj.Info.ValueHashModel(obj);
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
