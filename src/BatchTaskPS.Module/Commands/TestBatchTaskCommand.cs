using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using BatchTaskPS.Commands.Support;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Validation;
using ErrorCategory = System.Management.Automation.ErrorCategory;

namespace BatchTaskPS.Commands
{
    /// <summary>Whether a finding is about one task alone, the tasks taken together (-Collection), or a file that could not be read.</summary>
    public enum TaskValidationScope
    {
        /// <summary>A rule of one task (the core's BatchTaskValidator).</summary>
        Task,

        /// <summary>A rule of the whole set of tasks (the core's TaskCollectionValidator): duplicates, dependencies.</summary>
        Collection,

        /// <summary>A task file given to -Path or -LiteralPath that is missing, empty or not readable as tasks.</summary>
        File,
    }

    /// <summary>One validation finding (Test-BatchTask -Detailed): of one task, of the collection with -Collection, or of a task file.</summary>
    public sealed class TaskValidationRecord
    {
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
        {
            if (issue == null)
            {
                throw new ArgumentNullException(nameof(issue));
            }

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
            File = file;
            Line = line;
        }

        public TaskValidationRecord(TaskCollectionIssue issue)
            : this(issue, issue?.RecordNumber ?? 0, null, 0)
        {
        }

        /// <summary>A collection finding about the task at <paramref name="recordNumber"/>, read from <paramref name="file"/> at <paramref name="line"/>.</summary>
        public TaskValidationRecord(TaskCollectionIssue issue, long recordNumber, string? file, long line)
        {
            if (issue == null)
            {
                throw new ArgumentNullException(nameof(issue));
            }

            TaskId = issue.TaskId;
            RecordNumber = recordNumber;
            Path = issue.Path;
            Rule = issue.Rule;
            ServiceRule = CollectionServiceRule(issue.Rule);
            Severity = issue.Severity;
            Message = TaskDisplay.Text(issue.Message);
            Scope = TaskValidationScope.Collection;
            File = file;
            Line = line;

            // "$.dependsOn.taskIdRanges[0]" -> TaskDependencies / taskIdRanges; "$.id" -> CloudTask / id.
            bool dependsOn = issue.Path.StartsWith("$.dependsOn.", StringComparison.Ordinal);
            TypeName = dependsOn ? "TaskDependencies" : "CloudTask";
            Property = LastName(issue.Path);
        }

        /// <summary>A task file that cannot be checked: missing, unreadable, empty, or a record that is not a readable task.</summary>
        internal TaskValidationRecord(string file, long line, long recordNumber, string path, string rule, string message)
        {
            File = file;
            Line = line;
            RecordNumber = recordNumber;
            Path = path;
            Property = LastName(path);
            Rule = rule;
            Severity = ValidationSeverity.Error;
            Message = TaskDisplay.Text(message);
            TypeName = string.Empty;
            Scope = TaskValidationScope.File;
        }

        public string? TaskId { get; }

        /// <summary>1-based position of the task (or bad record) in the input (0 when the finding is about no single record).</summary>
        public long RecordNumber { get; }

        /// <summary>The task file the finding comes from (-Path, -LiteralPath); null for tasks given as objects.</summary>
        public string? File { get; }

        /// <summary>1-based line of <see cref="File"/> where the task's record (or the read fault) is; 0 when unknown.</summary>
        public long Line { get; }

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

        /// <summary>Task (one task's rules), Collection (the tasks taken together) or File (a task file that cannot be read).</summary>
        public TaskValidationScope Scope { get; }

        public override string ToString() =>
            (File != null ? File + ":" + Line.ToString(CultureInfo.InvariantCulture) + ": " : string.Empty) +
            (TaskId ?? "(no id)") + ": " + Severity + " " + Path + " [" + Rule + "] " + TaskDisplay.Text(Message);

        private static string? CollectionServiceRule(string rule) => rule switch
        {
            "DuplicateTaskId" => "T4",
            "EmptyDependencyRange" => "D5",
            _ => null,
        };

        /// <summary>The last property name of a JSON path: "$.a.b[2]" gives b, "$" gives an empty string.</summary>
        private static string LastName(string path)
        {
            string last = path.Substring(path.LastIndexOf('.') + 1);
            int bracket = last.IndexOf('[');
            string name = bracket >= 0 ? last.Substring(0, bracket) : last;
            return name.StartsWith("$", StringComparison.Ordinal) ? string.Empty : name;
        }
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
    /// with -Strict, no warnings either); with -Detailed one record per finding (-Severity keeps only the
    /// severities asked for). With -Path/-LiteralPath the task files are read and checked in one step: a file
    /// that is missing, empty or not readable as tasks is a finding (Scope File, an Error), and without
    /// -Detailed there is one bool per file. With -Collection the tasks are also checked together (the core's
    /// TaskCollectionValidator: duplicate ids, unknown dependencies, dependency cycles, empty ranges): each
    /// task's id and dependencies are handed to it as the task arrives (whole tasks are never kept), and the
    /// whole-set findings come in EndProcessing; without -Detailed there is then one bool for the whole
    /// collection instead of one per task or file.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "BatchTask", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(bool))]
    [OutputType(typeof(TaskValidationRecord))]
    public sealed class TestBatchTaskCommand : PSCmdlet
    {
        public const string InputObjectSet = "InputObject";
        public const string PathSet = "Path";
        public const string LiteralPathSet = "LiteralPath";

        private TaskCollectionValidator? _collection;
        private BatchTaskValidationOptions _options = null!;
        private BatchTaskReader _reader = null!;
        private long _record;
        private bool _collectionValid = true;

        // With -Collection and files: where each task handed to the collection came from (collection findings
        // name the task by its position among those tasks only).
        private List<long>? _collectionRecords;
        private List<int>? _collectionFiles;
        private List<long>? _collectionLines;
        private List<string>? _files;

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

        protected override void BeginProcessing()
        {
            if (Severity != null && !Detailed.IsPresent)
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.SeverityNeedsDetailed, ErrorCategory.InvalidArgument, Severity,
                    "-Severity chooses which findings -Detailed returns: add -Detailed. (Without it the result is True or False, and -Strict decides whether warnings count.)"));
            }

            _options = new BatchTaskValidationOptions { Shape = (TaskShape)Shape, ApiVersion = BatchApiVersions.Find(ApiVersion) };
            _reader = PSObjectAdapter.Reader;
            if (Collection.IsPresent)
            {
                _collection = new TaskCollectionValidator();
            }
        }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case InputObjectSet:
                    _record++;
                    bool valid = CheckTask(InputObject, null, 0);
                    if (!Detailed.IsPresent)
                    {
                        if (_collection != null)
                        {
                            _collectionValid &= valid;
                        }
                        else
                        {
                            WriteObject(valid);
                        }
                    }

                    break;
                case PathSet:
                    foreach (string p in Path)
                    {
                        Collection<string>? resolved = Resolve(p);
                        if (resolved != null)
                        {
                            foreach (string file in resolved)
                            {
                                CheckFile(file);
                            }
                        }
                    }

                    break;
                default:
                    foreach (string p in LiteralPath)
                    {
                        CheckFile(SessionState.Path.GetUnresolvedProviderPathFromPSPath(p));
                    }

                    break;
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
                TaskValidationRecord record;
                if (_collectionRecords != null && issue.RecordNumber > 0)
                {
                    int k = (int)(issue.RecordNumber - 1);
                    record = new TaskValidationRecord(issue, _collectionRecords[k], _files![_collectionFiles![k]], _collectionLines![k]);
                }
                else
                {
                    record = new TaskValidationRecord(issue);
                }

                if (Detailed.IsPresent)
                {
                    Emit(record);
                }
                else if (issue.Severity == ValidationSeverity.Error || (Strict.IsPresent && issue.Severity == ValidationSeverity.Warning))
                {
                    _collectionValid = false;
                    WriteVerbose("Collection (record " + record.RecordNumber + "): " + TaskDisplay.Text(record.ToString()));
                }
            }

            if (!Detailed.IsPresent)
            {
                WriteObject(_collectionValid);
            }
        }

        /// <summary>Checks one task (record number <see cref="_record"/>); true when it passes. Writes its records with -Detailed.</summary>
        private bool CheckTask(CloudTask task, string? file, long line)
        {
            IReadOnlyList<ValidationIssue> issues = BatchTaskValidator.Validate(task, _options);
            if (_collection != null)
            {
                _collection.Add(task);
                if (file != null && _collectionRecords != null)
                {
                    _collectionRecords.Add(_record);
                    _collectionFiles!.Add(_files!.Count - 1);
                    _collectionLines!.Add(line);
                }
            }

            bool valid = true;
            foreach (ValidationIssue issue in issues)
            {
                if (Detailed.IsPresent)
                {
                    Emit(new TaskValidationRecord(task.Id, _record, issue, file, line));
                }
                else if (Fails(issue.Severity))
                {
                    valid = false;
                    WriteVerbose((file != null ? file + ":" + line + ": " : string.Empty) + "Task '" + TaskDisplay.Text(task.Id) + "' (record " + _record + "): " + TaskDisplay.Text(issue.ToString()));
                }
            }

            return valid;
        }

        /// <summary>Reads a task file and checks every task in it; a file that cannot be read is a finding.</summary>
        private void CheckFile(string file)
        {
            AddFile(file);

            bool valid = true;
            if (Directory.Exists(file))
            {
                valid = FileFinding(file, 0, 0, "FileReadFailed", "'" + file + "' is a folder, not a task file.");
            }
            else if (!System.IO.File.Exists(file))
            {
                valid = FileFinding(file, 0, 0, "FileNotFound", "Cannot find the task file '" + file + "'.");
            }
            else
            {
                try
                {
                    using FileStream stream = TaskFile.OpenRead(file);
                    valid = stream.CanSeek && IsBlank(stream)
                        ? FileFinding(file, 1, 0, "EmptyFile", "The task file '" + file + "' is empty (no bytes, or white space only).")
                        : CheckTasks(file, stream);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    valid = FileFinding(file, 0, 0, "FileReadFailed", "Cannot read the task file '" + file + "': " + e.Message);
                }
            }

            if (Detailed.IsPresent)
            {
                return;
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

        /// <summary>
        /// True when the file holds nothing but a byte order mark and white space (looked at until the first other
        /// byte, which for a task file is the first one); the stream is put back at its start.
        /// </summary>
        private static bool IsBlank(Stream stream)
        {
            var buffer = new byte[4096];
            bool first = true;
            bool utf16 = false;
            int n;
            try
            {
                while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    int i = 0;
                    if (first)
                    {
                        first = false;
                        if (n >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                        {
                            i = 3;
                        }
                        else if (n >= 2 && ((buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF)))
                        {
                            i = 2;
                            utf16 = true;
                        }
                    }

                    for (; i < n; i++)
                    {
                        byte b = buffer[i];
                        if (!(b == ' ' || b == '\t' || b == '\r' || b == '\n' || (utf16 && b == 0)))
                        {
                            return false;
                        }
                    }
                }

                return true;
            }
            finally
            {
                stream.Position = 0;
            }
        }

        /// <summary>Checks every record of an open task file; true when all pass.</summary>
        private bool CheckTasks(string file, Stream stream)
        {
            bool valid = true;
            using TaskSequenceReader sequence = _reader.OpenSequence(stream, leaveOpen: true);
            long records = 0;
            foreach (TaskReadResult result in sequence)
            {
                records++;
                _record++;
                if (result.Task != null)
                {
                    valid &= CheckTask(result.Task, file, result.LineNumber);
                    continue;
                }

                BatchTaskReadException e = result.Error!;
                valid = FileFinding(file, e.LineNumber > 0 ? e.LineNumber : result.LineNumber, _record, e.JsonPath, "UnreadableJson",
                    "The record is not a readable task (" + e.Kind + "): " + e.Message);
            }

            if (records == 0)
            {
                valid = FileFinding(file, 1, 0, "EmptyFile", "The task file '" + file + "' holds no task (an empty array or list).");
            }

            return valid;
        }

        /// <summary>A file-level finding (always an error); returns false so callers can mark the file failed.</summary>
        private bool FileFinding(string file, long line, long record, string rule, string message) =>
            FileFinding(file, line, record, "$", rule, message);

        private bool FileFinding(string file, long line, long record, string path, string rule, string message)
        {
            var finding = new TaskValidationRecord(file, line, record, path, rule, message);
            if (Detailed.IsPresent)
            {
                Emit(finding);
            }
            else
            {
                WriteVerbose(finding.ToString());
            }

            return false;
        }

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
                NotFound(path, "Cannot find the task file '" + path + "'.");
                return null;
            }

            if (resolved.Count == 0)
            {
                NotFound(path, "No task file matches '" + path + "'.");
                return null;
            }

            return resolved;
        }

        private void NotFound(string path, string message)
        {
            AddFile(path);

            bool valid = FileFinding(path, 0, 0, "FileNotFound", message);
            if (!Detailed.IsPresent)
            {
                if (_collection != null)
                {
                    _collectionValid &= valid;
                }
                else
                {
                    WriteObject(valid);
                }
            }
        }

        /// <summary>
        /// With -Collection, notes the file whose tasks come next. (The parameter set of piped files is known only
        /// once they bind, so the lists start here; files and task objects never mix in one pipeline.)
        /// </summary>
        private void AddFile(string file)
        {
            if (_collection == null)
            {
                return;
            }

            if (_files == null)
            {
                _files = new List<string>();
                _collectionRecords = new List<long>();
                _collectionFiles = new List<int>();
                _collectionLines = new List<long>();
            }

            _files.Add(file);
        }

        private bool Fails(ValidationSeverity severity) =>
            severity == ValidationSeverity.Error || (Strict.IsPresent && severity == ValidationSeverity.Warning);

        /// <summary>Writes a -Detailed record, unless -Severity leaves its severity out.</summary>
        private void Emit(TaskValidationRecord record)
        {
            if (Severity == null || Array.IndexOf(Severity, record.Severity) >= 0)
            {
                WriteObject(record);
            }
        }
    }
}
