using System.Collections.Generic;
using System.Management.Automation;
using BatchTaskPS.Comparison;
using BatchTaskPS.Model;

namespace BatchTaskPS.Commands
{
    /// <summary>
    /// Compare-BatchTask: one TaskDifference per difference between a reference task and each difference task (the
    /// core's TaskComparer: service defaults, enums ignoring case, durations and dates as values, secrets masked).
    /// </summary>
    [Cmdlet(VerbsData.Compare, "BatchTask")]
    [OutputType(typeof(TaskDifference))]
    public sealed class CompareBatchTaskCommand : PSCmdlet
    {
        private TaskComparerOptions _options = null!;

        [Parameter(Mandatory = true, Position = 0)]
        public CloudTask ReferenceObject { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        public CloudTask DifferenceObject { get; set; } = null!;

        /// <summary>Leaves out url, eTag, state, the times, executionInfo, nodeInfo, stats and OData annotations.</summary>
        [Parameter]
        public SwitchParameter IgnoreServerProperties { get; set; }

        protected override void BeginProcessing() =>
            _options = new TaskComparerOptions { IgnoreServerProperties = IgnoreServerProperties.IsPresent };

        protected override void ProcessRecord()
        {
            foreach (TaskDifference d in TaskComparer.Compare(ReferenceObject, DifferenceObject, _options))
            {
                WriteObject(d);
            }
        }
    }

    /// <summary>The changes an update makes, as text for its -WhatIf message (secrets masked).</summary>
    internal static class TaskChangeText
    {
        public static string For(CloudTask before, CloudTask after)
        {
            IReadOnlyList<TaskDifference> changes = TaskComparer.Compare(before, after);
            if (changes.Count == 0)
            {
                return " (no change)";
            }

            var parts = new List<string>(changes.Count);
            foreach (TaskDifference d in changes)
            {
                parts.Add(d.Path + ": " + (d.OldValue ?? "(absent)") + " -> " + (d.NewValue ?? "(absent)"));
            }

            return " (" + string.Join("; ", parts) + ")";
        }
    }
}
