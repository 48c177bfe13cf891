using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using BatchTaskPS.Serialization;
using BatchTaskPS.Validation;

namespace BatchTaskPS.Model
{
    /// <summary>The reference page's methods, by the same names, over the reader, writer and validator.</summary>
    public sealed partial class CloudTask
    {
        /// <summary>
        /// The REST JSON of this task (the reference's <c>serialize()</c>): every set property in the
        /// Full shape; unknown properties too unless <paramref name="includeAdditionalProperties"/> is false.
        /// </summary>
        public string Serialize(TaskShape shape = TaskShape.Full, bool indented = false, bool includeAdditionalProperties = true) =>
            new BatchTaskWriter(new BatchTaskWriterOptions { Shape = shape, Indented = indented, IncludeAdditionalProperties = includeAdditionalProperties }).Write(this);

        /// <summary>An ordered dictionary tree (the reference's <c>as_dict()</c>, attribute-name keys by default).</summary>
        public OrderedDictionary AsDict(KeyStyle keyStyle = KeyStyle.Attribute, bool includeAdditionalProperties = true) =>
            new BatchTaskWriter(new BatchTaskWriterOptions { KeyStyle = keyStyle, IncludeAdditionalProperties = includeAdditionalProperties }).ToDictionary(this);

        /// <summary>Reads a task from REST JSON (the reference's <c>deserialize()</c>, with from_dict's lenient keys).</summary>
        public static CloudTask Deserialize(string json) => new BatchTaskReader().ReadTask(json);

        /// <summary>Reads a task from a dictionary tree (the reference's <c>from_dict()</c>).</summary>
        public static CloudTask FromDict(IDictionary dictionary) => new BatchTaskReader().ReadTask(dictionary);

        /// <summary>Every finding of the validator (the reference's <c>validate()</c> plus the service rules).</summary>
        public IReadOnlyList<ValidationIssue> Validate(TaskShape shape = TaskShape.Full) =>
            BatchTaskValidator.Validate(this, new BatchTaskValidationOptions { Shape = shape });

        /// <summary>Always false: Batch task bodies are JSON only (the reference's <c>is_xml_model()</c>).</summary>
        public static bool IsXmlModel() => false;
    }
}
