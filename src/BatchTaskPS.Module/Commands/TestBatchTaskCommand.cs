using System;
using System.Collections.ObjectModel;
using System.Management.Automation;
using BatchTaskPS.Commands.Support;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Validation;
using ErrorCategory = System.Management.Automation.ErrorCategory;

namespace BatchTaskPS.Commands
{
    /// <summary>
    /// Whether a finding is about one task alone, the tasks taken together (-Collection), or a file that could not be read.
    /// The same values as the core's <see cref="ValidationFindingScope"/>, of which it is the module's (view) name.
    /// </summary>
    public enum TaskValidationScope
    {
        /// <summary>A rule of one task (the core's BatchTaskValidator).</summary>
        Task = ValidationFindingScope.Task,

        /// <summary>A rule of the whole set of tasks (the core's TaskCollectionValidator): duplicates, dependencies.</summary>
        Collection = ValidationFindingScope.Collection,

        /// <summary>A task file given to -Path or -LiteralPath that is missing, empty or not readable as tasks.</summary>
        File = ValidationFindingScope.File,
    }

    /// <summary>
    /// One validation finding (Test-BatchTask -Detailed): of one task, of the collection with -Collection, or of a task file.
    /// The view of the core's <see cref="ValidationFinding"/> (which builds it: paths, rules, masked message) that the
    /// module's format and type files name.
    /// </summary>
    public sealed class TaskValidationRecord
    {
        private readonly ValidationFinding _finding;

        public TaskValidationRecord(string? taskId, ValidationIssue issue)
            : this(taskId, 0, issue)
        {
        }

        public TaskValidationRecord(string? taskId, long recordNumber, ValidationIssue issue)
            : this(taskId, recordNumber, issue, null, 0)
        {
        }

        /// <summary>A finding of one task read from <paramref name="file"/>, whose record starts on <paramref name="line"/>.</summary>
        public TaskValidationRecord(string? taskId, long recordNumber, ValidationIssue issue, string? file, long line)
            : this(ValidationFinding.OfTask(taskId, recordNumber, issue, file, line))
        {
        }

        public TaskValidationRecord(TaskCollectionIssue issue)
            : this(ValidationFinding.OfCollection(issue))
        {
        }

        /// <summary>A collection finding about the task at <paramref name="recordNumber"/>, read from <paramref name="file"/> at <paramref name="line"/>.</summary>
        public TaskValidationRecord(TaskCollectionIssue issue, long recordNumber, string? file, long line)
            : this(ValidationFinding.OfCollection(issue, recordNumber, file, line))
        {
        }

        internal TaskValidationRecord(ValidationFinding finding)
        {
            _finding = finding ?? throw new ArgumentNullException(nameof(finding));
        }

        public string? TaskId => _finding.TaskId;

        /// <summary>1-based position of the task (or bad record) in the input (0 when the finding is about no single record).</summary>
        public long RecordNumber => _finding.RecordNumber;

        /// <summary>The task file the finding comes from (-Path, -LiteralPath); null for tasks given as objects.</summary>
        public string? File => _finding.File;

        /// <summary>1-based line of <see cref="File"/> where the task's record (or the read fault) is; 0 when unknown.</summary>
        public long Line => _finding.Line;

        /// <summary>JSON path of the finding, such as <c>$.outputFiles[0].destination</c>.</summary>
        public string Path => _finding.Path;

        public string Property => _finding.Property;

        public string Rule => _finding.Rule;

        /// <summary>The service rule (rest-spec §3: <c>T4</c>, <c>O1</c>, <c>D2</c>...) the finding breaks, or null.</summary>
        public string? ServiceRule => _finding.ServiceRule;

        public ValidationSeverity Severity => _finding.Severity;

        /// <summary>What is wrong, with any URL's secret query values masked.</summary>
        public string Message => _finding.Message;

        public string TypeName => _finding.TypeName;

        /// <summary>Task (one task's rules), Collection (the tasks taken together) or File (a task file that cannot be read).</summary>
        public TaskValidationScope Scope => (TaskValidationScope)_finding.Scope;

        public override string ToString() => _finding.ToString();
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
    /// Test-BatchTask: PowerShell's side of the core's <see cref="ValidationReport"/> (which holds the logic: reading
    /// task files, findings of files that cannot be read, -Severity, -Strict, -Collection and the verdicts). By default
    /// one bool per task (true when no errors; with -Strict, no warnings either); with -Detailed one record per finding
    /// (-Severity keeps only the severities asked for). With -Path/-LiteralPath the task files are read and checked in
    /// one step: a file that is missing, empty or not readable as tasks is a finding (Scope File, an Error), and without
    /// -Detailed there is one bool per file. With -Collection the tasks are also checked together (the core's
    /// TaskCollectionValidator: duplicate ids, unknown dependencies, dependency cycles, empty ranges): each task's id and
    /// dependencies are handed to it as the task arrives (whole tasks are never kept), and the whole-set findings come
    /// in EndProcessing; without -Detailed there is then one bool for the whole collection instead of one per task or file.
    /// Here: parameter binding, path resolution through the PowerShell providers, and writing to the pipeline.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "BatchTask", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(bool))]
    [OutputType(typeof(TaskValidationRecord))]
    public sealed class TestBatchTaskCommand : PSCmdlet
    {
        public const string InputObjectSet = "InputObject";
        public const string PathSet = "Path";
        public const string LiteralPathSet = "LiteralPath";

        private ValidationReport _report = null!;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public CloudTask InputObject { get; set; } = null!;

        /// <summary>Task files to read and check (wildcards allowed): one object, an array, NDJSON or a list response each.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = null!;

        /// <summary>Task files to read and check, taken literally (no wildcards); binds PSPath from Get-ChildItem.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = null!;

        [Parameter]
        public SwitchParameter Detailed { get; set; }

        /// <summary>With -Detailed, only the findings of these severities are returned (Error, Warning, Info).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public ValidationSeverity[] Severity { get; set; } = null!;

        [Parameter]
        public SwitchParameter Strict { get; set; }

        /// <summary>Full (a task as read back from the service) or Create (an add-task body).</summary>
        [Parameter]
        public TaskValidationShape Shape { get; set; } = TaskValidationShape.Full;

        /// <summary>Also checks all tasks together as one job; without -Detailed, one bool for all.</summary>
        [Parameter]
        public SwitchParameter Collection { get; set; }

        /// <summary>The REST API version the tasks are meant for: properties it lacks or removed are reported (rule ApiVersion).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Support.ApiVersionCompleter))]
        [Support.ValidateApiVersion]
        public string ApiVersion { get; set; } = BatchApiVersions.Default;

        /// <summary>
        /// Where the report's findings and verdicts go: this cmdlet's output. A private class rather than an interface
        /// of the cmdlet: PowerShell lists the cmdlets' public types while it imports the module, and a public type that
        /// implements a core interface would load the core then, before the module initializer can pick its image.
        /// </summary>
        private sealed class ReportSink : IValidationReportSink
        {
            private readonly TestBatchTaskCommand _cmdlet;

            public ReportSink(TestBatchTaskCommand cmdlet) => _cmdlet = cmdlet;

            public void Finding(ValidationFinding finding) => _cmdlet.WriteObject(new TaskValidationRecord(finding));

            public void Verdict(bool valid) => _cmdlet.WriteObject(valid);

            public void Explain(string text) => _cmdlet.WriteVerbose(text);
        }

        protected override void BeginProcessing()
        {
            if (Severity != null && !Detailed.IsPresent)
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.SeverityNeedsDetailed, ErrorCategory.InvalidArgument, Severity,
                    "-Severity chooses which findings -Detailed returns: add -Detailed. (Without it the result is True or False, and -Strict decides whether warnings count.)"));
            }

            _report = new ValidationReport(
                new ValidationReportOptions
                {
                    Validation = new BatchTaskValidationOptions { Shape = (TaskShape)Shape, ApiVersion = BatchApiVersions.Find(ApiVersion) },
                    Reader = PSObjectAdapter.Reader,
                    Detailed = Detailed.IsPresent,
                    Strict = Strict.IsPresent,
                    Severities = Severity,
                    Collection = Collection.IsPresent,
                },
                new ReportSink(this));
        }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case InputObjectSet:
                    _report.CheckTask(InputObject);
                    break;
                case PathSet:
                    foreach (string p in Path)
                    {
                        Collection<string>? resolved = Resolve(p);
                        if (resolved != null)
                        {
                            foreach (string file in resolved)
                            {
                                _report.CheckFile(file);
                            }
                        }
                    }

                    break;
                default:
                    foreach (string p in LiteralPath)
                    {
                        _report.CheckFile(SessionState.Path.GetUnresolvedProviderPathFromPSPath(p));
                    }

                    break;
            }
        }

        protected override void EndProcessing() => _report.Complete();

        /// <summary>Expands a -Path pattern; a pattern that matches nothing is a FileNotFound finding (null is returned).</summary>
        private Collection<string>? Resolve(string path)
        {
            Collection<string> resolved;
            try
            {
                resolved = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo _);
            }
            catch (Exception e) when (e is ItemNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is ProviderNotFoundException)
            {
                _report.FileNotFound(path);
                return null;
            }

            if (resolved.Count == 0)
            {
                _report.NoFileMatches(path);
                return null;
            }

            return resolved;
        }
    }
}
