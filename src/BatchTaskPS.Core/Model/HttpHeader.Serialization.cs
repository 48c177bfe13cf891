namespace BatchTaskPS.Model
{
    /// <summary>The property table of <see cref="HttpHeader"/>: REST key, attribute name, .NET name and wire type, in the reference's order.</summary>
    public sealed partial class HttpHeader
    {
        internal static readonly ModelInfo<HttpHeader> Metadata = new ModelInfo<HttpHeader>(
            "HttpHeader",
            "OutputFileUploadHeader",
            () => new HttpHeader(),
            new StringProperty<HttpHeader>("name", "name", nameof(Name), o => o.Name, (o, v) => o.Name = v) { Required = true, ServiceRule = "O5" },
            new StringProperty<HttpHeader>("value", "value", nameof(Value), o => o.Value, (o, v) => o.Value = v) { NamedBy = o => o.Name });

        /// <summary>The property table: names, wire types and rules of each property.</summary>
        public static ModelInfo Schema => Metadata;

        // A plain static field per type: cheaper than the generic ModelInfoOf<T> lookup on hot paths.
        internal override ModelInfo Info => Metadata;
    }
}
