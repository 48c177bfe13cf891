using System;
using System.Management.Automation;
using System.Text;
using BatchTaskPS.Serialization.Wire;

namespace BatchTaskPS.Commands.Support
{
    /// <summary>
    /// Lets a TimeSpan parameter take ISO 8601 duration text ('PT1H30M', 'P7D') as the service writes
    /// it. Other values (a TimeSpan, '01:30:00') are left to PowerShell's own conversion.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (NumberTextTransformationAttribute.IsBlank(value))
            {
                return NumberTextTransformationAttribute.Blank;
            }

            if (value is string text && LooksLikeIsoDuration(text.Trim()))
            {
                string upper = text.Trim().ToUpperInvariant();
                string? fault = DurationFormat.TryParse(Encoding.UTF8.GetBytes(upper), out TimeSpan duration);
                if (fault != null)
                {
                    throw new ArgumentTransformationMetadataException("'" + text + "' is not an ISO 8601 duration: " + fault + ".");
                }

                return duration;
            }

            return inputData;
        }

        private static bool LooksLikeIsoDuration(string t)
        {
            int i = t.Length > 0 && (t[0] == '-' || t[0] == '+') ? 1 : 0;
            return t.Length > i && (t[i] == 'P' || t[i] == 'p');
        }
    }
}

namespace BatchTaskPS.Commands.Support
{
    /// <summary>
    /// Keeps PowerShell from turning empty text into 0 for a number parameter: empty text becomes a value
    /// that converts to no number, so binding fails. From the pipeline (an empty Import-Csv cell) the
    /// parameter then stays unbound, which means "not given"; typed on the command line it is an error.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class NumberTextTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <summary>What empty text becomes: convertible to nothing.</summary>
        internal static readonly object Blank = new BlankText();

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
            IsBlank(inputData is PSObject pso ? pso.BaseObject : inputData) ? Blank : inputData;

        internal static bool IsBlank(object? value) => value is string text && text.Trim().Length == 0;

        private sealed class BlankText
        {
            public override string ToString() => "(empty text)";
        }
    }
}
