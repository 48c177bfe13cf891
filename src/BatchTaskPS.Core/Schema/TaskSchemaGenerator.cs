using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BatchTaskPS.Model;
using BatchTaskPS.Validation;

namespace BatchTaskPS.Schema
{
    /// <summary>Which JSON body a schema describes.</summary>
    public enum TaskSchemaShape
    {
        /// <summary>An add-task body (<c>POST /jobs/{job}/tasks</c>): service-owned properties are not allowed.</summary>
        Create,

        /// <summary>The update (PUT) body: <c>{"constraints": {...}}</c>.</summary>
        Update,

        /// <summary>A task as the service returns it: every property.</summary>
        Full,

        /// <summary>An add-collection body: <c>{"value": [ add-task bodies ]}</c>, at most 100 tasks.</summary>
        AddCollection,
    }

    /// <summary>Options of <see cref="TaskSchemaGenerator"/>.</summary>
    public sealed class TaskSchemaOptions
    {
        public TaskSchemaShape Shape { get; set; } = TaskSchemaShape.Create;

        /// <summary>
        /// The REST API version the bodies are for: properties it lacks or removed get a schema that fails
        /// (as rule <c>ApiVersion</c> of the validator). Null, the default, allows every property the model knows.
        /// </summary>
        public string? ApiVersion { get; set; }

        /// <summary>
        /// Help text for a property, by model type name (<c>TaskConstraints</c>) and REST key; null for none. The
        /// generated description of the property's rules follows it.
        /// </summary>
        public Func<string, string, string?>? Describe { get; set; }

        /// <summary>Indented output (the default) or compact.</summary>
        public bool Indented { get; set; } = true;
    }

    /// <summary>
    /// Writes a JSON Schema (draft 2020-12) of a task body from the model's property tables: types, formats,
    /// required properties, enumeration values (matched ignoring letter case, as the service does), the service's
    /// length limits and id pattern, secrets as <c>writeOnly</c>. Unknown properties are allowed, as the reader keeps
    /// them. Rules that tie two properties together (<see cref="CrossFieldRules"/>) are left to the validator.
    /// </summary>
    public static class TaskSchemaGenerator
    {
        /// <summary>The URI of JSON Schema draft 2020-12.</summary>
        public const string Draft202012 = "https://json-schema.org/draft/2020-12/schema";

        /// <summary>Characters a task id may hold (rule T3), as a JSON Schema pattern.</summary>
        public const string IdPattern = "^[A-Za-z0-9_-]*$";

        /// <summary>An ISO 8601 duration of weeks, days, hours, minutes and seconds, zero or more (rule C6).</summary>
        public const string DurationPattern = "^\\+?P(?!$)(?:[0-9]+(?:[.,][0-9]+)?W)?(?:[0-9]+(?:[.,][0-9]+)?D)?(?:T(?:[0-9]+(?:[.,][0-9]+)?H)?(?:[0-9]+(?:[.,][0-9]+)?M)?(?:[0-9]+(?:[.,][0-9]+)?S)?)?$";

        /// <summary>The same, with an optional minus sign (durations the service reports, which no rule bounds).</summary>
        public const string SignedDurationPattern = "^[-+]?P(?!$)(?:[0-9]+(?:[.,][0-9]+)?W)?(?:[0-9]+(?:[.,][0-9]+)?D)?(?:T(?:[0-9]+(?:[.,][0-9]+)?H)?(?:[0-9]+(?:[.,][0-9]+)?M)?(?:[0-9]+(?:[.,][0-9]+)?S)?)?$";

        /// <summary>The service rules the schema cannot express, because they tie properties together; only the validator checks them.</summary>
        public static IReadOnlyList<string> CrossFieldRules { get; } = new[]
        {
            "T9 (multi-instance task: requiredSlots 1)", "R1 (exactly one resource-file source)", "R2 (blobPrefix only with a container)",
            "R3 (filePath with httpUrl)", "X2 (exit-code range start <= end)", "D4 (id range start <= end)", "D7 (a task that depends on itself)",
            "D2 (all dependency ids together <= 64,000 characters)", "K4 (bind mounts without Task need containerImageDefault)",
            "U1 (username or autoUser, not both)", "DuplicateEnvironmentName", "T4 and the -Collection rules (ids unique across tasks, dependencies)",
            "B1/B2 (an add-collection body under 1 MB)",
        };

        /// <summary>The schema as JSON text.</summary>
        public static string Generate(TaskSchemaOptions? options = null)
        {
            using var stream = new MemoryStream();
            Write(stream, options);
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        /// <summary>Writes the schema as UTF-8 JSON to <paramref name="stream"/>.</summary>
        public static void Write(Stream stream, TaskSchemaOptions? options = null)
        {
            options ??= new TaskSchemaOptions();
            int? version = options.ApiVersion == null ? null : BatchApiVersions.IndexOf(options.ApiVersion);
            var writerOptions = new JsonWriterOptions { Indented = options.Indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            using var w = new Utf8JsonWriter(stream, writerOptions);
            new Emitter(w, options, version).Root();
        }

        private sealed class Emitter
        {
            private readonly Utf8JsonWriter _w;
            private readonly TaskSchemaOptions _o;
            private readonly int? _version;
            private readonly bool _createBody;

            public Emitter(Utf8JsonWriter w, TaskSchemaOptions o, int? version)
            {
                _w = w;
                _o = o;
                _version = version;
                _createBody = o.Shape == TaskSchemaShape.Create || o.Shape == TaskSchemaShape.AddCollection;
            }

            public void Root()
            {
                _w.WriteStartObject();
                _w.WriteString("$schema", Draft202012);
                string target = _o.ApiVersion != null ? " for REST API version " + BatchApiVersions.Known[_version!.Value] : string.Empty;
                switch (_o.Shape)
                {
                    case TaskSchemaShape.Create:
                        _w.WriteString("title", "Azure Batch add-task body" + target);
                        Note("The body of POST /jobs/{jobId}/tasks.");
                        _w.WriteString("$ref", "#/$defs/" + CloudTask.Schema.TypeName);
                        break;
                    case TaskSchemaShape.Full:
                        _w.WriteString("title", "Azure Batch task" + target);
                        Note("A task as the service returns it (GET /jobs/{jobId}/tasks/{taskId}).");
                        _w.WriteString("$ref", "#/$defs/" + CloudTask.Schema.TypeName);
                        break;
                    case TaskSchemaShape.Update:
                        _w.WriteString("title", "Azure Batch task update body" + target);
                        Note("The body of PUT /jobs/{jobId}/tasks/{taskId}: the constraints only. The service replaces the whole constraints object; a constraint left out goes back to its default.");
                        _w.WriteString("type", "object");
                        _w.WriteStartObject("properties");
                        _w.WritePropertyName("constraints");
                        ModelReference(TaskConstraints.Schema, required: false, Description(CloudTask.Schema, CloudTask.Schema.FindProperty("constraints")!, null));
                        _w.WriteEndObject();
                        break;
                    case TaskSchemaShape.AddCollection:
                        _w.WriteString("title", "Azure Batch add-collection body" + target);
                        Note("The body of POST /jobs/{jobId}/addtaskcollection: at most 100 add-task bodies, and under 1 MB in all (which a schema cannot check).");
                        _w.WriteString("type", "object");
                        _w.WriteStartArray("required");
                        _w.WriteStringValue("value");
                        _w.WriteEndArray();
                        _w.WriteStartObject("properties");
                        _w.WriteStartObject("value");
                        _w.WriteString("description", "The tasks to add, at most 100.");
                        _w.WriteString("type", "array");
                        _w.WriteNumber("maxItems", 100);
                        _w.WriteStartObject("items");
                        _w.WriteString("$ref", "#/$defs/" + CloudTask.Schema.TypeName);
                        _w.WriteEndObject();
                        _w.WriteEndObject();
                        _w.WriteEndObject();
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(TaskSchemaOptions.Shape), _o.Shape, "Unknown schema shape.");
                }

                _w.WriteStartObject("$defs");
                var done = new HashSet<ModelInfo>();
                ModelInfo root = _o.Shape == TaskSchemaShape.Update ? TaskConstraints.Schema : CloudTask.Schema;
                Definitions(root, done);
                _w.WriteEndObject();
                _w.WriteEndObject();
                _w.Flush();
            }

            private void Note(string what) =>
                _w.WriteString("description", what + " Generated from BatchTask's property tables; properties the model does not know are allowed (the service may have added them). " +
                    "Rules that tie properties together are checked by Test-BatchTask only.");

            private void Definitions(ModelInfo info, HashSet<ModelInfo> done)
            {
                if (!done.Add(info))
                {
                    return;
                }

                Definition(info);
                foreach (PropertyDescriptor p in info.Properties)
                {
                    if (p.ModelType != null && Allowed(info, p) == null)
                    {
                        Definitions(p.ModelType, done);
                    }
                }
            }

            /// <summary>Null when the property may be given in this shape and version, else why not.</summary>
            private string? Allowed(ModelInfo owner, PropertyDescriptor p)
            {
                if (_createBody && owner == CloudTask.Schema && p.ServerOwned)
                {
                    return p.RestKey + " is set by the service and is not accepted when adding a task (rule T12).";
                }

                if (_version is int v)
                {
                    if (p.AddedIn != null && BatchApiVersions.IndexOf(p.AddedIn) > v)
                    {
                        return p.RestKey + " needs REST API version " + p.AddedIn + " or later (rule ApiVersion).";
                    }

                    if (p.RemovedIn != null && BatchApiVersions.IndexOf(p.RemovedIn) <= v)
                    {
                        return p.RestKey + " was removed in REST API version " + p.RemovedIn + " (rule ApiVersion).";
                    }
                }

                return null;
            }

            private void Definition(ModelInfo info)
            {
                _w.WriteStartObject(info.TypeName);
                _w.WriteString("title", info.TypeName);
                _w.WriteString("description", info.TypeName + " (in the newest REST API: " + info.NewApiName + ").");
                _w.WriteString("type", "object");
                var required = new List<string>();
                _w.WriteStartObject("properties");
                foreach (PropertyDescriptor p in info.Properties)
                {
                    _w.WritePropertyName(p.RestKey);
                    string? refused = Allowed(info, p);
                    if (refused != null)
                    {
                        // A schema that nothing passes, which still carries a description for editors.
                        _w.WriteStartObject();
                        _w.WriteString("description", refused);
                        _w.WriteStartObject("not");
                        _w.WriteEndObject();
                        _w.WriteEndObject();
                        continue;
                    }

                    bool isRequired = p.Required || IsRequiredByRule(info, p);
                    if (isRequired)
                    {
                        required.Add(p.RestKey);
                    }

                    Property(info, p, isRequired);
                }

                _w.WriteEndObject();

                // The reader takes a key in any letter case, and the reference's attribute names too (command_line):
                // each such spelling is held to the same schema as the REST key.
                _w.WriteStartObject("patternProperties");
                foreach (PropertyDescriptor p in info.Properties)
                {
                    _w.WriteStartObject(KeyPattern(p));
                    _w.WriteString("$ref", "#/$defs/" + info.TypeName + "/properties/" + p.RestKey);
                    _w.WriteEndObject();
                }

                _w.WriteEndObject();
                if (required.Count > 0)
                {
                    // Required in any of those spellings: when no key is a spelling of it, the REST key is required.
                    _w.WriteStartArray("allOf");
                    foreach (string r in required)
                    {
                        _w.WriteStartObject();
                        _w.WriteStartObject("if");
                        _w.WriteStartObject("propertyNames");
                        _w.WriteStartObject("not");
                        _w.WriteString("pattern", KeyPattern(info.FindProperty(r)!));
                        _w.WriteEndObject();
                        _w.WriteEndObject();
                        _w.WriteEndObject();
                        _w.WriteStartObject("then");
                        _w.WriteStartArray("required");
                        _w.WriteStringValue(r);
                        _w.WriteEndArray();
                        _w.WriteEndObject();
                        _w.WriteEndObject();
                    }

                    _w.WriteEndArray();
                }

                _w.WriteEndObject();
            }

            private static string KeyPattern(PropertyDescriptor p) =>
                string.Equals(p.RestKey, p.AttributeName, StringComparison.OrdinalIgnoreCase)
                    ? CaseInsensitivePattern(new[] { p.RestKey })
                    : CaseInsensitivePattern(new[] { p.RestKey, p.AttributeName });

            // Required by a service rule beyond the reference's validate(): id and commandLine (T1, T7), the only
            // kind of output destination (O2).
            private static bool IsRequiredByRule(ModelInfo info, PropertyDescriptor p) =>
                (info == CloudTask.Schema && (p.RestKey == "id" || p.RestKey == "commandLine")) ||
                (info == OutputFileDestination.Schema && p.RestKey == "container");

            private void Property(ModelInfo info, PropertyDescriptor p, bool required)
            {
                var rules = new List<string>();
                switch (p.WireType)
                {
                    case WireType.Model:
                        ModelReference(p.ModelType!, required, Description(info, p, rules));
                        return;
                    case WireType.ModelList:
                        _w.WriteStartObject();
                        _w.WriteString("description", Description(info, p, rules));
                        Types("array", required);
                        _w.WriteStartObject("items");
                        _w.WriteString("$ref", "#/$defs/" + p.ModelType!.TypeName);
                        _w.WriteEndObject();
                        _w.WriteEndObject();
                        return;
                    case WireType.StringList:
                        _w.WriteStartObject();
                        _w.WriteString("description", Description(info, p, rules));
                        Types("array", required);
                        _w.WriteStartObject("items");
                        _w.WriteString("type", "string");
                        _w.WriteEndObject();
                        _w.WriteEndObject();
                        return;
                    case WireType.EnumList:
                        _w.WriteStartObject();
                        _w.WriteString("description", Description(info, p, rules));
                        Types("array", required);
                        _w.WritePropertyName("items");
                        EnumSchema(p, nullable: false);
                        _w.WriteEndObject();
                        return;
                    case WireType.Enum:
                        _w.WriteStartObject();
                        _w.WriteString("description", Description(info, p, rules));
                        EnumBody(p, nullable: !required);
                        _w.WriteEndObject();
                        return;
                    default:
                        break;
                }

                _w.WriteStartObject();
                switch (p.WireType)
                {
                    case WireType.String:
                        Types("string", required);
                        StringFacets(info, p, rules);
                        if (p.IsSecret)
                        {
                            _w.WriteBoolean("writeOnly", true);
                            rules.Add("a secret: write-only, never shown");
                        }

                        break;
                    case WireType.Int32:
                        Types("integer", required);
                        _w.WriteNumber("minimum", Minimum(info, p, rules) ?? int.MinValue);
                        _w.WriteNumber("maximum", int.MaxValue);
                        break;
                    case WireType.Int64:
                        // The newest REST API sends readIOps and writeIOps as strings of digits.
                        NumberOrDigits("integer", "^-?[0-9]+$", required);
                        break;
                    case WireType.Double:
                        NumberOrDigits("number", "^-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$", required);
                        break;
                    case WireType.Boolean:
                        Types("boolean", required);
                        break;
                    case WireType.DateTime:
                        Types("string", required);
                        _w.WriteString("format", "date-time");
                        rules.Add("a date and time in UTC, such as 2024-05-06T07:08:09.1234567Z");
                        break;
                    case WireType.Duration:
                        Types("string", required);
                        bool bounded = info == TaskConstraints.Schema;
                        _w.WriteString("pattern", bounded ? DurationPattern : SignedDurationPattern);
                        rules.Add("an ISO 8601 duration in weeks, days, hours, minutes and seconds, such as PT2H30M or P7D" + (bounded ? ", not negative (rule C6)" : string.Empty));
                        break;
                    default:
                        throw new InvalidOperationException("Unexpected wire type " + p.WireType + ".");
                }

                _w.WriteString("description", Description(info, p, rules));
                _w.WriteEndObject();
            }

            private void StringFacets(ModelInfo info, PropertyDescriptor p, List<string> rules)
            {
                switch (info.TypeName + "." + p.RestKey)
                {
                    case "CloudTask.id":
                        _w.WriteNumber("minLength", 1);
                        _w.WriteNumber("maxLength", ServiceRules.MaxIdLength);
                        _w.WriteString("pattern", IdPattern);
                        rules.Add("1 to " + ServiceRules.MaxIdLength + " letters A-Z and a-z, digits, hyphens and underscores; unique in the job ignoring case (rules T1-T4)");
                        break;
                    case "CloudTask.displayName":
                        _w.WriteNumber("maxLength", ServiceRules.MaxDisplayNameLength);
                        rules.Add("at most " + ServiceRules.MaxDisplayNameLength + " characters (rule T6)");
                        break;
                    case "CloudTask.commandLine":
                        _w.WriteNumber("minLength", 1);
                        rules.Add("not empty; not run under a shell (rule T7)");
                        break;
                    case "MultiInstanceSettings.coordinationCommandLine":
                        _w.WriteNumber("minLength", 1);
                        rules.Add("not empty (rule M1)");
                        break;
                    case "ResourceFile.fileMode":
                        _w.WriteString("pattern", "^[0-7]{3,4}$");
                        rules.Add("an octal mode of 3 or 4 digits, such as 0644 (rule R5)");
                        break;
                    case "ResourceFile.filePath":
                        _w.WriteStartObject("not");
                        _w.WriteString("pattern", "^[/\\\\]|^.:|(?:^|[/\\\\])\\.\\.(?:[/\\\\]|$)");
                        _w.WriteEndObject();
                        rules.Add("relative to the task's working directory, without '..' (rule R4)");
                        break;
                    case "OutputFileBlobContainerDestination.containerUrl":
                        _w.WriteString("pattern", "^[hH][tT][tT][pP][sS]?://[^/?#]");
                        rules.Add("an absolute http or https URL of a blob container (rule O3)");
                        break;
                    case "TaskContainerSettings.imageName":
                    case "ApplicationPackageReference.applicationId":
                        _w.WriteString("pattern", "\\S");
                        rules.Add("not blank (rule " + (info == TaskContainerSettings.Schema ? "K1" : "A1") + ")");
                        break;
                    default:
                        break;
                }
            }

            private static int? Minimum(ModelInfo info, PropertyDescriptor p, List<string> rules)
            {
                switch (info.TypeName + "." + p.RestKey)
                {
                    case "CloudTask.requiredSlots":
                        rules.Add("at least 1 (rule T8; 1 for a multi-instance task, rule T9)");
                        return 1;
                    case "TaskConstraints.maxTaskRetryCount":
                        rules.Add("-1 for unlimited retries, 0 for none (the default), or a count (rule C1)");
                        return -1;
                    case "MultiInstanceSettings.numberOfInstances":
                        rules.Add("at least 1 (rule M2)");
                        return 1;
                    case "TaskIdRange.start":
                    case "TaskIdRange.end":
                        rules.Add("not negative; start <= end (rule D4)");
                        return 0;
                    default:
                        return null;
                }
            }

            private void Types(string type, bool required)
            {
                if (required)
                {
                    _w.WriteString("type", type);
                    return;
                }

                // A null value is read as an absent property.
                _w.WriteStartArray("type");
                _w.WriteStringValue(type);
                _w.WriteStringValue("null");
                _w.WriteEndArray();
            }

            private void NumberOrDigits(string type, string pattern, bool required)
            {
                _w.WriteStartArray("anyOf");
                _w.WriteStartObject();
                _w.WriteString("type", type);
                _w.WriteEndObject();
                _w.WriteStartObject();
                _w.WriteString("type", "string");
                _w.WriteString("pattern", pattern);
                _w.WriteEndObject();
                if (!required)
                {
                    _w.WriteStartObject();
                    _w.WriteString("type", "null");
                    _w.WriteEndObject();
                }

                _w.WriteEndArray();
            }

            private void ModelReference(ModelInfo type, bool required, string description)
            {
                _w.WriteStartObject();
                _w.WriteString("description", description);
                if (required)
                {
                    _w.WriteString("$ref", "#/$defs/" + type.TypeName);
                }
                else
                {
                    _w.WriteStartArray("anyOf");
                    _w.WriteStartObject();
                    _w.WriteString("$ref", "#/$defs/" + type.TypeName);
                    _w.WriteEndObject();
                    _w.WriteStartObject();
                    _w.WriteString("type", "null");
                    _w.WriteEndObject();
                    _w.WriteEndArray();
                }

                _w.WriteEndObject();
            }

            private void EnumSchema(PropertyDescriptor p, bool nullable)
            {
                _w.WriteStartObject();
                EnumBody(p, nullable);
                _w.WriteEndObject();
            }

            // enum gives editors the values to complete; the pattern accepts them in any letter case, as the service
            // does. A service-owned enum (state) accepts any string: the service may add values.
            private void EnumBody(PropertyDescriptor p, bool nullable)
            {
                _w.WriteStartArray("anyOf");
                _w.WriteStartObject();
                _w.WriteStartArray("enum");
                foreach (string v in p.EnumValues!)
                {
                    _w.WriteStringValue(v);
                }

                _w.WriteEndArray();
                _w.WriteEndObject();
                _w.WriteStartObject();
                _w.WriteString("type", "string");
                if (p.UserSet)
                {
                    _w.WriteString("pattern", CaseInsensitivePattern(p.EnumValues!));
                }

                _w.WriteEndObject();
                if (nullable)
                {
                    _w.WriteStartObject();
                    _w.WriteString("type", "null");
                    _w.WriteEndObject();
                }

                _w.WriteEndArray();
            }

            private string Description(ModelInfo info, PropertyDescriptor p, List<string>? rules)
            {
                var sb = new StringBuilder();
                string? help = _o.Describe?.Invoke(info.TypeName, p.RestKey);
                if (!string.IsNullOrWhiteSpace(help))
                {
                    sb.Append(help!.Trim());
                    if (sb[sb.Length - 1] != '.')
                    {
                        sb.Append('.');
                    }

                    sb.Append(' ');
                }

                sb.Append(info.TypeName).Append('.').Append(p.RestKey).Append(" (").Append(WireText(p)).Append(')');
                if (p.Required || IsRequiredByRule(info, p))
                {
                    sb.Append(", required");
                }

                if (rules != null)
                {
                    foreach (string r in rules)
                    {
                        sb.Append("; ").Append(r);
                    }
                }

                if (p.AddedIn != null)
                {
                    sb.Append("; REST API ").Append(p.AddedIn).Append(" or later");
                }

                if (p.RemovedIn != null)
                {
                    sb.Append("; removed in REST API ").Append(p.RemovedIn);
                }

                return sb.Append('.').ToString();
            }

            private static string WireText(PropertyDescriptor p) => p.WireType switch
            {
                WireType.Enum => p.EnumTypeName + ": " + string.Join(", ", p.EnumValues!) + ", any letter case",
                WireType.EnumList => "list of " + p.EnumTypeName + ": " + string.Join(", ", p.EnumValues!),
                WireType.Model => p.ModelType!.TypeName,
                WireType.ModelList => "list of " + p.ModelType!.TypeName,
                WireType.StringList => "list of strings",
                WireType.Int32 => "32-bit integer",
                WireType.Int64 => "64-bit integer, as a number or a string of digits",
                WireType.Double => "number",
                WireType.Boolean => "true or false",
                WireType.DateTime => "date-time",
                WireType.Duration => "duration",
                _ => "string",
            };
        }

        /// <summary><c>^(?:[aA][dD][mM][iI][nN]|...)$</c>: the values in any letter case, in a form every regular-expression dialect reads.</summary>
        internal static string CaseInsensitivePattern(IReadOnlyList<string> values)
        {
            var sb = new StringBuilder("^(?:");
            for (int k = 0; k < values.Count; k++)
            {
                if (k > 0)
                {
                    sb.Append('|');
                }

                foreach (char c in values[k])
                {
                    char lower = char.ToLowerInvariant(c), upper = char.ToUpperInvariant(c);
                    if (lower != upper)
                    {
                        sb.Append('[').Append(lower).Append(upper).Append(']');
                    }
                    else if (char.IsLetterOrDigit(c) || c == '_' || c == '-')
                    {
                        sb.Append(c);
                    }
                    else
                    {
                        sb.Append('\\').Append(c);
                    }
                }
            }

            return sb.Append(")$").ToString();
        }
    }
}
