using System.Collections.Generic;
using System.Management.Automation;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Validation;

namespace BatchTaskPS.Commands
{
    /// <summary>One validation finding of one task (Test-BatchTask -Detailed).</summary>
    public sealed class TaskValidationRecord
    {
        public TaskValidationRecord(string? taskId, ValidationIssue issue)
        {
            TaskId = taskId;
            Path = issue.Path;
            Property = issue.Property;
            Rule = issue.Rule;
            Severity = issue.Severity;
            Message = issue.Message;
            TypeName = issue.TypeName;
        }

        public string? TaskId { get; }

        /// <summary>JSON path of the finding, such as <c>$.outputFiles[0].destination</c>.</summary>
        public string Path { get; }

        public string Property { get; }

        public string Rule { get; }

        public ValidationSeverity Severity { get; }

        public string Message { get; }

        public string TypeName { get; }

        public override string ToString() => (TaskId ?? "(no id)") + ": " + Severity + " " + Path + " [" + Rule + "] " + TaskDisplay.Text(Message);
    }

    /// <summary>Which body Test-BatchTask checks a task as.</summary>
    public enum TaskValidationShape
    {
        /// <summary>A task as the service returns it (every property may be set).</summary>
        Full = TaskShape.Full,

        /// <summary>An add-task body: service-owned properties are errors.</summary>
        Create = TaskShape.Create,
    }

    /// <summary>
    /// Test-BatchTask: runs the core validator. By default one bool per task (true when no errors;
    /// with -Strict, no warnings either); with -Detailed one record per finding.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "BatchTask")]
    [OutputType(typeof(bool))]
    [OutputType(typeof(TaskValidationRecord))]
    public sealed class TestBatchTaskCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        public CloudTask InputObject { get; set; } = null!;

        [Parameter]
        public SwitchParameter Detailed { get; set; }

        [Parameter]
        public SwitchParameter Strict { get; set; }

        /// <summary>Full (a task as read back from the service) or Create (an add-task body).</summary>
        [Parameter]
        public TaskValidationShape Shape { get; set; } = TaskValidationShape.Full;

        protected override void ProcessRecord()
        {
            IReadOnlyList<ValidationIssue> issues = BatchTaskValidator.Validate(InputObject, new BatchTaskValidationOptions { Shape = (TaskShape)Shape });
            if (Detailed.IsPresent)
            {
                foreach (ValidationIssue issue in issues)
                {
                    WriteObject(new TaskValidationRecord(InputObject.Id, issue));
                }

                return;
            }

            bool valid = true;
            foreach (ValidationIssue issue in issues)
            {
                if (issue.Severity == ValidationSeverity.Error || Strict.IsPresent)
                {
                    valid = false;
                    WriteVerbose("Task '" + InputObject.Id + "': " + TaskDisplay.Text(issue.ToString()));
                }
            }

            WriteObject(valid);
        }
    }
}
