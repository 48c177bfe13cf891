using System.Collections.Generic;
using System.Management.Automation;
using BatchTaskPS.Model;

namespace BatchTaskPS.Commands.Support
{
    /// <summary>Completes -ApiVersion with the REST API versions the model knows (newest first would hide the order: oldest first).</summary>
    public sealed class ApiVersionCompleter : KnownValueCompleter
    {
        protected override IReadOnlyList<string> Values => BatchApiVersions.Known;
    }

    /// <summary>Accepts only a REST API version the model knows (letter case ignored); the error lists them.</summary>
    public sealed class ValidateApiVersionAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            string? text = arguments is PSObject ps ? ps.BaseObject as string : arguments as string;
            if (BatchApiVersions.Find(text) == null)
            {
                throw new ValidationMetadataException("'" + text + "' is not a Batch REST API version this module knows. Known versions: " +
                    string.Join(", ", BatchApiVersions.Known) + ".");
            }
        }
    }
}
