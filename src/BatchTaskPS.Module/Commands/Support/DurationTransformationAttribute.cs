using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Text;
using BatchTaskPS.Factories;

namespace BatchTaskPS.Commands.Support
{
    /// <summary>
    /// Gives a duration parameter one meaning for every input: a TimeSpan; ISO 8601 duration text as the
    /// service writes it ('PT1H30M', 'P7D'); or d.hh:mm:ss text ('01:30:00', '2.00:00:00'). Anything else
    /// is refused with the forms that would be accepted: a bare number ('2' from a spreadsheet cell or 2
    /// typed) is not a duration, since it could mean seconds, hours, days or .NET ticks, and '2h' is not
    /// ISO 8601 ('PT2H' is).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
    {
        internal const string Accepted = TaskInputText.DurationForms;

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (NumberTextTransformationAttribute.IsBlank(value))
            {
                return NumberTextTransformationAttribute.Blank;
            }

            switch (value)
            {
                case TimeSpan _:
                    return value;
                case string text:
                    return Parse(text);
                case null:
                    return null;
                default:
                    if (value is IConvertible && !(value is bool) && !(value is char))
                    {
                        throw new ArgumentTransformationMetadataException(
                            "The number " + Convert.ToString(value, CultureInfo.InvariantCulture) + " is not a duration (seconds? hours? days?): " + Accepted + ".");
                    }

                    return inputData;
            }
        }

        /// <summary>The duration the text gives (the core's forms), or an error that says which forms are accepted.</summary>
        internal static TimeSpan Parse(string text)
        {
            try
            {
                return TaskInputText.ParseDuration(text);
            }
            catch (FormatException e)
            {
                throw new ArgumentTransformationMetadataException(e.Message);
            }
        }
    }

    /// <summary>Completes duration parameters with ISO 8601 examples (and the service's "unlimited").</summary>
    public sealed class DurationCompleter : KnownValueCompleter
    {
        private static readonly string[] s_examples = { "PT30M", "PT1H", "PT2H", "PT6H", "PT12H", "P1D", "P2D", "P7D", "P10675199DT2H48M5.4775807S" };

        protected override IReadOnlyList<string> Values => s_examples;
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
