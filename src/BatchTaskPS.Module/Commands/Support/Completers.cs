using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using BatchTaskPS.Model;

namespace BatchTaskPS.Commands.Support
{
    /// <summary>Tab completion over the known wire values of an extensible enum (PowerShellStandard 5.1 has no ArgumentCompletionsAttribute).</summary>
    public abstract class KnownValueCompleter : IArgumentCompleter
    {
        protected abstract IReadOnlyList<string> Values { get; }

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            foreach (string value in Values)
            {
                if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    yield return new CompletionResult(value, value, CompletionResultType.ParameterValue, value);
                }
            }
        }
    }

    /// <summary>Completes -AutoUserScope.</summary>
    public sealed class AutoUserScopeCompleter : KnownValueCompleter
    {
        protected override IReadOnlyList<string> Values => AutoUserScope.KnownValues;
    }

    /// <summary>Completes -ElevationLevel.</summary>
    public sealed class ElevationLevelCompleter : KnownValueCompleter
    {
        protected override IReadOnlyList<string> Values => ElevationLevel.KnownValues;
    }
}
