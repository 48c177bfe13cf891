namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="NameValuePair"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class NameValuePair
    {
        internal static readonly ModelInfo<NameValuePair> Metadata = new ModelInfo<NameValuePair>(
            "NameValuePair",
            "NameValuePair",
            () => new NameValuePair(),
            new StringProperty<NameValuePair>("name", "name", nameof(Name), o => o.Name, (o, v) => o.Name = v),
            new StringProperty<NameValuePair>("value", "value", nameof(Value), o => o.Value, (o, v) => o.Value = v) { NamedBy = o => o.Name });

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
