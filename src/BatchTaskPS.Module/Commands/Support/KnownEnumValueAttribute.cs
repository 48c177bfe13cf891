using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using BatchTaskPS.Factories;
using BatchTaskPS.Model;
using BatchTaskPS.Validation;

namespace BatchTaskPS.Commands.Support
{
    /// <summary>
    /// Lets a parameter of an extensible Batch enum type (ElevationLevel, AutoUserScope...) take only the values
    /// this module knows, in any letter case: anything else fails at binding, naming the known values and the
    /// closest one. (Values read from JSON are kept as given and reported by Test-BatchTask instead: a value
    /// typed as a parameter is the user's own, so an unknown one is a typo.) Empty text is treated as the number
    /// parameters treat it: from the pipeline (an empty Import-Csv cell) the parameter stays unbound; typed on the
    /// command line it is an error.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class KnownEnumValueAttribute : ArgumentTransformationAttribute
    {
        private readonly string _typeName;
        private readonly IReadOnlyList<string> _known;

        /// <param name="enumType">An extensible enum type of the model, with a static KnownValues property.</param>
        public KnownEnumValueAttribute(Type enumType)
        {
            if (enumType == null)
            {
                throw new ArgumentNullException(nameof(enumType));
            }

            _typeName = enumType.Name;
            _known = enumType.GetProperty("KnownValues")?.GetValue(null) as IReadOnlyList<string>
                ?? throw new ArgumentException(enumType.FullName + " has no static KnownValues property.", nameof(enumType));
        }

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (NumberTextTransformationAttribute.IsBlank(value))
            {
                return NumberTextTransformationAttribute.Blank;
            }

            string? text = value switch
            {
                string s => s,
                IBatchEnum e => e.Value,
                _ => null,
            };

            if (text == null)
            {
                return inputData; // Other types are left to PowerShell's own conversion.
            }

            foreach (string known in _known)
            {
                if (string.Equals(known, text, StringComparison.OrdinalIgnoreCase))
                {
                    return inputData;
                }
            }

            throw new ArgumentTransformationMetadataException(Describe(text));
        }

        /// <summary>Why a value is refused: the known values and the closest of them (the core's wording).</summary>
        internal string Describe(string text) => TaskInputText.UnknownValue(text, _typeName, _known);
    }
}
