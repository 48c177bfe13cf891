using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;

namespace BatchTaskPS.Validation
{
    /// <summary>Whether a finding is about one task alone, the tasks taken together, or a task file that could not be read.</summary>
    public enum ValidationFindingScope
    {
        /// <summary>A rule of one task (<see cref="BatchTaskValidator"/>).</summary>
        Task,

        /// <summary>A rule of the whole set of tasks (<see cref="TaskCollectionValidator"/>): duplicates, dependencies.</summary>
        Collection,

        /// <summary>A task file that is missing, empty or not readable as tasks.</summary>
        File,
    }

    /// <summary>
    /// One finding of a <see cref="ValidationReport"/> as people see it: where it is (task, record, file and line,
    /// JSON path), what rule it breaks and how badly, and its message with any URL's secrets masked.
    /// </summary>
    public sealed class ValidationFinding
    {
        private ValidationFinding(string? taskId, long recordNumber, string? file, long line, string path, string property, string rule,
            string? serviceRule, ValidationSeverity severity, string message, string typeName, ValidationFindingScope scope)
        {
            TaskId = taskId;
            RecordNumber = recordNumber;
            File = file;
            Line = line;
            Path = path;
            Property = property;
            Rule = rule;
            ServiceRule = serviceRule;
            Severity = severity;
            Message = Redaction.RedactText(message);
            TypeName = typeName;
            Scope = scope;
        }

        public string? TaskId { get; }

        /// <summary>1-based position of the task (or bad record) in the input (0 when the finding is about no single record).</summary>
        public long RecordNumber { get; }

        /// <summary>The task file the finding comes from; null for tasks given as objects.</summary>
        public string? File { get; }

        /// <summary>1-based line of <see cref="File"/> where the task's record (or the read fault) is; 0 when unknown.</summary>
        public long Line { get; }

        /// <summary>JSON path of the finding, such as <c>$.outputFiles[0].destination</c>.</summary>
        public string Path { get; }

        /// <summary>The REST key the finding is about (the last name of <see cref="Path"/> for collection and file findings).</summary>
        public string Property { get; }

        public string Rule { get; }

        /// <summary>The service rule (rest-spec §3: <c>T4</c>, <c>O1</c>, <c>D2</c>...) the finding breaks, or null.</summary>
        public string? ServiceRule { get; }

        public ValidationSeverity Severity { get; }

        /// <summary>What is wrong, with any URL's secret query values masked (<see cref="Redaction.RedactText"/>).</summary>
        public string Message { get; }

        /// <summary>The reference's name of the type owning the property; empty for file findings.</summary>
        public string TypeName { get; }

        public ValidationFindingScope Scope { get; }

        /// <summary>A finding of one task's rules; <paramref name="file"/> and <paramref name="line"/> say where its record is, when it was read from a file.</summary>
        public static ValidationFinding OfTask(string? taskId, long recordNumber, ValidationIssue issue, string? file = null, long line = 0)
        {
            if (issue == null)
            {
                throw new ArgumentNullException(nameof(issue));
            }

            return new ValidationFinding(taskId, recordNumber, file, line, issue.Path, issue.Property, issue.Rule, issue.ServiceRule,
                issue.Severity, issue.Message, issue.TypeName, ValidationFindingScope.Task);
        }

        /// <summary>A collection finding, about the task at the issue's own record number.</summary>
        public static ValidationFinding OfCollection(TaskCollectionIssue issue)
        {
            if (issue == null)
            {
                throw new ArgumentNullException(nameof(issue));
            }

            return OfCollection(issue, issue.RecordNumber, null, 0);
        }

        /// <summary>A collection finding about the task at <paramref name="recordNumber"/>, read from <paramref name="file"/> at <paramref name="line"/>.</summary>
        public static ValidationFinding OfCollection(TaskCollectionIssue issue, long recordNumber, string? file, long line)
        {
            if (issue == null)
            {
                throw new ArgumentNullException(nameof(issue));
            }

            // "$.dependsOn.taskIdRanges[0]" -> TaskDependencies / taskIdRanges; "$.id" -> CloudTask / id.
            bool dependsOn = issue.Path.StartsWith("$.dependsOn.", StringComparison.Ordinal);
            return new ValidationFinding(issue.TaskId, recordNumber, file, line, issue.Path, LastName(issue.Path), issue.Rule,
                CollectionServiceRule(issue.Rule), issue.Severity, issue.Message, dependsOn ? "TaskDependencies" : "CloudTask", ValidationFindingScope.Collection);
        }

        /// <summary>A task file that cannot be checked (always an error): missing, unreadable, empty, or a record that is not a readable task.</summary>
        public static ValidationFinding OfFile(string file, long line, long recordNumber, string path, string rule, string message)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            return new ValidationFinding(null, recordNumber, file, line, path, LastName(path), rule, null, ValidationSeverity.Error, message,
                string.Empty, ValidationFindingScope.File);
        }

        /// <summary>"file:line: id: Severity path [Rule] message" (the file part only for a finding of a file).</summary>
        public override string ToString() =>
            (File != null ? File + ":" + Line.ToString(CultureInfo.InvariantCulture) + ": " : string.Empty) +
            (TaskId ?? "(no id)") + ": " + Severity + " " + Path + " [" + Rule + "] " + Message;

        private static string? CollectionServiceRule(string rule) => rule switch
        {
            "DuplicateTaskId" => "T4",
            "EmptyDependencyRange" => "D5",
            _ => null,
        };

        /// <summary>The last property name of a JSON path: "$.a.b[2]" gives b, "$" gives an empty string.</summary>
        internal static string LastName(string path)
        {
            string last = path.Substring(path.LastIndexOf('.') + 1);
            int bracket = last.IndexOf('[');
            string name = bracket >= 0 ? last.Substring(0, bracket) : last;
            return name.StartsWith("$", StringComparison.Ordinal) ? string.Empty : name;
        }
    }

    /// <summary>Where a <see cref="ValidationReport"/> puts what it finds (Test-BatchTask writes each to its pipeline).</summary>
    public interface IValidationReportSink
    {
        /// <summary>A finding to show (only with <see cref="ValidationReportOptions.Detailed"/>, and only of the severities asked for).</summary>
        void Finding(ValidationFinding finding);

        /// <summary>Without <see cref="ValidationReportOptions.Detailed"/>: whether a task, a file or the whole collection passed.</summary>
        void Verdict(bool valid);

        /// <summary>Without <see cref="ValidationReportOptions.Detailed"/>: a line saying why a verdict is false (secrets masked).</summary>
        void Explain(string text);
    }

    /// <summary>What a <see cref="ValidationReport"/> checks and reports.</summary>
    public sealed class ValidationReportOptions
    {
        /// <summary>The one-task rules' options (shape, API version).</summary>
        public BatchTaskValidationOptions Validation { get; set; } = new BatchTaskValidationOptions();

        /// <summary>Reads task files (<see cref="ValidationReport.CheckFile(string)"/>).</summary>
        public BatchTaskReader Reader { get; set; } = new BatchTaskReader();

        /// <summary>One finding per problem instead of one verdict per task, file or collection.</summary>
        public bool Detailed { get; set; }

        /// <summary>Warnings fail a verdict too (info never does).</summary>
        public bool Strict { get; set; }

        /// <summary>With <see cref="Detailed"/>, only findings of these severities are reported; null reports all.</summary>
        public IReadOnlyCollection<ValidationSeverity>? Severities { get; set; }

        /// <summary>Also checks the tasks together (<see cref="TaskCollectionValidator"/>); the verdict is then one for all.</summary>
        public bool Collection { get; set; }
    }

    /// <summary>
    /// Test-BatchTask's logic without PowerShell: checks tasks (given as objects, or read from task files),
    /// optionally also as one collection, and reports to a sink either every finding (<c>-Detailed</c>, filtered by
    /// severity) or one verdict per task, per file or for the whole collection, with warnings failing it under
    /// <c>-Strict</c>. A file that is missing, empty or holds a record that is not a readable task is a finding of
    /// scope File (an error). Tasks are checked as they come and never kept; with <see cref="ValidationReportOptions.Collection"/>
    /// only ids and dependencies are kept (and, for tasks from files, where each came from), and the whole-set
    /// findings come from <see cref="Complete"/>.
    /// </summary>
    public sealed class ValidationReport
    {
        private readonly ValidationReportOptions _options;
        private readonly IValidationReportSink _sink;
        private readonly TaskCollectionValidator? _collection;
        private long _record;
        private bool _collectionValid = true;

        // With a collection and files: where each task handed to the collection came from (collection findings
        // name the task by its position among those tasks only).
        private List<long>? _collectionRecords;
        private List<int>? _collectionFiles;
        private List<long>? _collectionLines;
        private List<string>? _files;

        public ValidationReport(ValidationReportOptions options, IValidationReportSink sink)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _sink = sink ?? throw new ArgumentNullException(nameof(sink));
            if (options.Collection)
            {
                _collection = new TaskCollectionValidator();
            }
        }

        /// <summary>Records checked so far (tasks, and records of files that are not readable tasks).</summary>
        public long RecordCount => _record;

        /// <summary>The collection validator, for tests that count its work; null without a collection.</summary>
        internal TaskCollectionValidator? CollectionValidator => _collection;

        /// <summary>True when a finding of this severity fails a verdict: an error, or a warning when strict.</summary>
        public static bool Fails(ValidationSeverity severity, bool strict) =>
            severity == ValidationSeverity.Error || (strict && severity == ValidationSeverity.Warning);

        /// <summary>Checks a task given as an object (the next record).</summary>
        public void CheckTask(CloudTask task)
        {
            if (task == null)
            {
                throw new ArgumentNullException(nameof(task));
            }

            _record++;
            Conclude(CheckTask(task, null, 0));
        }

        /// <summary>Reads a task file (one object, an array, NDJSON or a list response) and checks every task in it.</summary>
        public void CheckFile(string file)
        {
            if (file == null)
            {
                throw new ArgumentNullException(nameof(file));
            }

            AddFile(file);
            bool valid;
            if (Directory.Exists(file))
            {
                valid = FileFinding(file, 0, 0, "$", "FileReadFailed", "'" + file + "' is a folder, not a task file.");
            }
            else if (!System.IO.File.Exists(file))
            {
                valid = FileFinding(file, 0, 0, "$", "FileNotFound", "Cannot find the task file '" + file + "'.");
            }
            else
            {
                try
                {
                    // Shared as every task-file reader opens it: a writer replacing the file never disturbs this read.
                    using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 65536, FileOptions.SequentialScan);
                    valid = ReadTasks(file, stream);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    valid = FileFinding(file, 0, 0, "$", "FileReadFailed", "Cannot read the task file '" + file + "': " + e.Message);
                }
            }

            Conclude(valid);
        }

        /// <summary>A task file named by <paramref name="path"/> that does not exist (a finding of scope File, and a false verdict).</summary>
        public void FileNotFound(string path) => NotFound(path, "Cannot find the task file '" + path + "'.");

        /// <summary>A wildcard pattern that matches no file (a finding of scope File, and a false verdict).</summary>
        public void NoFileMatches(string pattern) => NotFound(pattern, "No task file matches '" + pattern + "'.");

        /// <summary>With a collection: runs the whole-set checks, reports their findings, and (without Detailed) the one verdict.</summary>
        public void Complete()
        {
            if (_collection == null)
            {
                return;
            }

            foreach (TaskCollectionIssue issue in _collection.Complete())
            {
                ValidationFinding finding;
                if (_collectionRecords != null && issue.RecordNumber > 0)
                {
                    int k = (int)(issue.RecordNumber - 1);
                    finding = ValidationFinding.OfCollection(issue, _collectionRecords[k], _files![_collectionFiles![k]], _collectionLines![k]);
                }
                else
                {
                    finding = ValidationFinding.OfCollection(issue);
                }

                if (_options.Detailed)
                {
                    Emit(finding);
                }
                else if (Fails(issue.Severity, _options.Strict))
                {
                    _collectionValid = false;
                    _sink.Explain("Collection (record " + finding.RecordNumber.ToString(CultureInfo.InvariantCulture) + "): " + Redaction.RedactText(finding.ToString()));
                }
            }

            if (!_options.Detailed)
            {
                _sink.Verdict(_collectionValid);
            }
        }

        /// <summary>
        /// Checks every task of an open task file, named <paramref name="file"/> in the findings, as <see cref="CheckFile(string)"/>
        /// does once the file is open (an empty or blank stream is a finding too).
        /// </summary>
        public void CheckFile(string file, Stream stream)
        {
            if (file == null)
            {
                throw new ArgumentNullException(nameof(file));
            }

            if (stream == null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            AddFile(file);
            Conclude(ReadTasks(file, stream));
        }

        /// <summary>Checks every record of an open task file; true when all pass.</summary>
        private bool ReadTasks(string file, Stream stream)
        {
            if (stream.CanSeek && IsBlank(stream))
            {
                return FileFinding(file, 1, 0, "$", "EmptyFile", "The task file '" + file + "' is empty (no bytes, or white space only).");
            }

            bool valid = true;
            using TaskSequenceReader sequence = _options.Reader.OpenSequence(stream, leaveOpen: true);
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
                valid = FileFinding(file, 1, 0, "$", "EmptyFile", "The task file '" + file + "' holds no task (an empty array or list).");
            }

            return valid;
        }

        /// <summary>Checks one task (record number <see cref="_record"/>); true when it passes.</summary>
        private bool CheckTask(CloudTask task, string? file, long line)
        {
            IReadOnlyList<ValidationIssue> issues = BatchTaskValidator.Validate(task, _options.Validation);
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
                if (_options.Detailed)
                {
                    Emit(ValidationFinding.OfTask(task.Id, _record, issue, file, line));
                }
                else if (Fails(issue.Severity, _options.Strict))
                {
                    valid = false;
                    _sink.Explain((file != null ? file + ":" + line.ToString(CultureInfo.InvariantCulture) + ": " : string.Empty) +
                        "Task '" + Redaction.RedactText(task.Id) + "' (record " + _record.ToString(CultureInfo.InvariantCulture) + "): " + Redaction.RedactText(issue.ToString()));
                }
            }

            return valid;
        }

        /// <summary>A verdict without Detailed: one per task or file, or (with a collection) folded into the one for all.</summary>
        private void Conclude(bool valid)
        {
            if (_options.Detailed)
            {
                return;
            }

            if (_collection != null)
            {
                _collectionValid &= valid;
            }
            else
            {
                _sink.Verdict(valid);
            }
        }

        private void NotFound(string path, string message)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            AddFile(path);
            Conclude(FileFinding(path, 0, 0, "$", "FileNotFound", message));
        }

        /// <summary>A file-level finding (always an error); returns false so callers can mark the file failed.</summary>
        private bool FileFinding(string file, long line, long record, string path, string rule, string message)
        {
            ValidationFinding finding = ValidationFinding.OfFile(file, line, record, path, rule, message);
            if (_options.Detailed)
            {
                Emit(finding);
            }
            else
            {
                _sink.Explain(finding.ToString());
            }

            return false;
        }

        /// <summary>With a collection, notes the file whose tasks come next.</summary>
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

        /// <summary>Reports a Detailed finding, unless the severities asked for leave it out.</summary>
        private void Emit(ValidationFinding finding)
        {
            IReadOnlyCollection<ValidationSeverity>? wanted = _options.Severities;
            if (wanted == null || Contains(wanted, finding.Severity))
            {
                _sink.Finding(finding);
            }
        }

        private static bool Contains(IReadOnlyCollection<ValidationSeverity> wanted, ValidationSeverity severity)
        {
            foreach (ValidationSeverity s in wanted)
            {
                if (s == severity)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when the stream holds nothing but a byte order mark and white space (looked at until the first other
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
    }
}
