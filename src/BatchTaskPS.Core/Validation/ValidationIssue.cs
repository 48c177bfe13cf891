using System.Globalization;

namespace BatchTaskPS.Validation
{
    /// <summary>How serious a validation finding is.</summary>
    public enum ValidationSeverity
    {
        /// <summary>The service would reject the task, or the reference's validate() reports it.</summary>
        Error,

        /// <summary>Allowed, but likely a mistake or something the service may refuse later.</summary>
        Warning,

        /// <summary>Worth knowing, never a failure (not even with -Strict). No rule reports this severity yet.</summary>
        Info,
    }

    /// <summary>One validation finding, carried as data (never thrown).</summary>
    public sealed class ValidationIssue
    {
        public ValidationIssue(string path, string typeName, string property, string rule, ValidationSeverity severity, string message, string? serviceRule = null)
        {
            Path = path;
            TypeName = typeName;
            Property = property;
            Rule = rule;
            Severity = severity;
            Message = message;
            ServiceRule = serviceRule ?? (rule.Length <= 3 && char.IsUpper(rule[0]) ? rule : null);
        }

        /// <summary>
        /// The service rule of rest-spec §3 this finding breaks (<c>O1</c>, <c>K2</c>...), also for
        /// <c>Required</c> and <c>UnknownEnumValue</c> findings that a service rule covers; else null.
        /// </summary>
        public string? ServiceRule { get; }

        /// <summary>JSON path of the property, such as <c>$.outputFiles[2].destination</c>.</summary>
        public string Path { get; }

        /// <summary>The reference's name of the type owning the property, such as <c>OutputFile</c>.</summary>
        public string TypeName { get; }

        /// <summary>The property's REST key.</summary>
        public string Property { get; }

        /// <summary>
        /// The rule: <c>Required</c> (what the reference's validate() reports), an id from the service
        /// rules (<c>T2</c>, <c>R1</c>, ...), <c>UrlFormat</c>, <c>NullItem</c>, <c>UnknownEnumValue</c>, <c>UnknownProperty</c>
        /// or <c>DuplicateEnvironmentName</c>.
        /// </summary>
        public string Rule { get; }

        public ValidationSeverity Severity { get; }

        /// <summary>What is wrong, in plain words.</summary>
        public string Message { get; }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0} {1} [{2}] {3}", Severity, Path, Rule, Message);
    }
}
