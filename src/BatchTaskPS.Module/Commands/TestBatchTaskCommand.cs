using System;
using System.Collections.Generic;
using System.Management.Automation;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Validation;

namespace BatchTaskPS.Commands
{
    /// <summary>Whether a finding is about one task alone or about the tasks taken together (-Collection).</summary>
    public enum TaskValidationScope
    {
        /// <summary>A rule of one task (the core's BatchTaskValidator).</summary>
        Task,

        /// <summary>A rule of the whole set of tasks (the core's TaskCollectionValidator): duplicates, dependencies.</summary>
        Collection,
    }

    /// <summary>One validation finding (Test-BatchTask -Detailed): of one task, or of the collection with -Collection.</summary>
    public sealed class TaskValidationRecord
    {
        public TaskValidationRecord(string? taskId, ValidationIssue issue)
            : this(taskId, 0, issue)
        {
        }

        public TaskValidationRecord(string? taskId, long recordNumber, ValidationIssue issue)
        {
            TaskId = taskId;
            RecordNumber = recordNumber;
            Path = issue.Path;
            Property = issue.Property;
            Rule = issue.Rule;
            ServiceRule = issue.ServiceRule;
            Severity = issue.Severity;
            Message = TaskDisplay.Text(issue.Message);
            TypeName = issue.TypeName;
            Scope = TaskValidationScope.Task;
        }

        public TaskValidationRecord(TaskCollectionIssue issue)
        {
            TaskId = issue.TaskId;
            RecordNumber = issue.RecordNumber;
            Path = issue.Path;
            Rule = issue.Rule;
            ServiceRule = CollectionServiceRule(issue.Rule);
            Severity = issue.Severity;
            Message = TaskDisplay.Text(issue.Message);
            Scope = TaskValidationScope.Collection;

            // "$.dependsOn.taskIdRanges[0]" -> TaskDependencies / taskIdRanges; "$.id" -> CloudTask / id.
            bool dependsOn = issue.Path.StartsWith("$.dependsOn.", StringComparison.Ordinal);
            TypeName = dependsOn ? "TaskDependencies" : "CloudTask";
            string last = issue.Path.Substring(issue.Path.LastIndexOf('.') + 1);
            int bracket = last.IndexOf('[');
            Property = last == "$" ? string.Empty : bracket >= 0 ? last.Substring(0, bracket) : last;
        }

        public string? TaskId { get; }

        /// <summary>1-based position of the task in the input (0 when the finding is about no single task).</summary>
        public long RecordNumber { get; }

        /// <summary>JSON path of the finding, such as <c>$.outputFiles[0].destination</c>.</summary>
        public string Path { get; }

        public string Property { get; }

        public string Rule { get; }

        /// <summary>The service rule (rest-spec §3: <c>T4</c>, <c>O1</c>, <c>D2</c>...) the finding breaks, or null.</summary>
        public string? ServiceRule { get; }

        public ValidationSeverity Severity { get; }

        /// <summary>What is wrong, with any URL's secret query values masked.</summary>
        public string Message { get; }

        public string TypeName { get; }

        /// <summary>Task (one task's rules) or Collection (the tasks taken together).</summary>
        public TaskValidationScope Scope { get; }

        public override string ToString() => (TaskId ?? "(no id)") + ": " + Severity + " " + Path + " [" + Rule + "] " + TaskDisplay.Text(Message);

        private static string? CollectionServiceRule(string rule) => rule switch
        {
            "DuplicateTaskId" => "T4",
            "EmptyDependencyRange" => "D5",
            _ => null,
        };
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
    /// with -Strict, no warnings either); with -Detailed one record per finding. With -Collection the
    /// tasks are also checked together (the core's TaskCollectionValidator: duplicate ids, unknown
    /// dependencies, dependency cycles, empty ranges): each task's id and dependencies are handed to it
    /// as the task arrives (whole tasks are never kept), and the whole-set findings come in EndProcessing;
    /// without -Detailed there is then one bool for the whole collection instead of one per task.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "BatchTask")]
    [OutputType(typeof(bool))]
    [OutputType(typeof(TaskValidationRecord))]
    public sealed class TestBatchTaskCommand : PSCmdlet
    {
        private TaskCollectionValidator? _collection;
        private BatchTaskValidationOptions _options = null!;
        private long _record;
        private bool _collectionValid = true;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        public CloudTask InputObject { get; set; } = null!;

        [Parameter]
        public SwitchParameter Detailed { get; set; }

        [Parameter]
        public SwitchParameter Strict { get; set; }

        /// <summary>Full (a task as read back from the service) or Create (an add-task body).</summary>
        [Parameter]
        public TaskValidationShape Shape { get; set; } = TaskValidationShape.Full;

        /// <summary>Also checks all piped tasks together as one job; without -Detailed, one bool for all.</summary>
        [Parameter]
        public SwitchParameter Collection { get; set; }

        /// <summary>The REST API version the tasks are meant for: properties it lacks or removed are reported (rule ApiVersion).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Support.ApiVersionCompleter))]
        [Support.ValidateApiVersion]
        public string ApiVersion { get; set; } = BatchApiVersions.Newest;

        protected override void BeginProcessing()
        {
            _options = new BatchTaskValidationOptions { Shape = (TaskShape)Shape, ApiVersion = BatchApiVersions.Find(ApiVersion) };
            if (Collection.IsPresent)
            {
                _collection = new TaskCollectionValidator();
            }
        }

        protected override void ProcessRecord()
        {
            _record++;
            IReadOnlyList<ValidationIssue> issues = BatchTaskValidator.Validate(InputObject, _options);
            _collection?.Add(InputObject);
            if (Detailed.IsPresent)
            {
                foreach (ValidationIssue issue in issues)
                {
                    WriteObject(new TaskValidationRecord(InputObject.Id, _record, issue));
                }

                return;
            }

            bool valid = true;
            foreach (ValidationIssue issue in issues)
            {
                if (issue.Severity == ValidationSeverity.Error || Strict.IsPresent)
                {
                    valid = false;
                    WriteVerbose("Task '" + TaskDisplay.Text(InputObject.Id) + "' (record " + _record + "): " + TaskDisplay.Text(issue.ToString()));
                }
            }

            if (_collection != null)
            {
                _collectionValid &= valid;
            }
            else
            {
                WriteObject(valid);
            }
        }

        protected override void EndProcessing()
        {
            if (_collection == null)
            {
                return;
            }

            foreach (TaskCollectionIssue issue in _collection.Complete())
            {
                if (Detailed.IsPresent)
                {
                    WriteObject(new TaskValidationRecord(issue));
                }
                else if (issue.Severity == ValidationSeverity.Error || Strict.IsPresent)
                {
                    _collectionValid = false;
                    WriteVerbose("Collection (record " + issue.RecordNumber + "): " + TaskDisplay.Text(issue.ToString()));
                }
            }

            if (!Detailed.IsPresent)
            {
                WriteObject(_collectionValid);
            }
        }
    }
}
