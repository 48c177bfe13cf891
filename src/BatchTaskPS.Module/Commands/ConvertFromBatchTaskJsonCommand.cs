using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text;
using BatchTaskPS.Commands.Support;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using ErrorCategory = System.Management.Automation.ErrorCategory;

namespace BatchTaskPS.Commands
{
    /// <summary>
    /// ConvertFrom-BatchTaskJson: reads tasks from JSON text or files (one object, an array, NDJSON or a
    /// list response), streaming from files. A bad record is a non-terminating InvalidTaskJson error
    /// carrying its location; good records still come.
    /// </summary>
    [Cmdlet(VerbsData.ConvertFrom, "BatchTaskJson", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(CloudTask))]
    public sealed class ConvertFromBatchTaskJsonCommand : PSCmdlet
    {
        public const string InputObjectSet = "InputObject";
        public const string PathSet = "Path";
        public const string LiteralPathSet = "LiteralPath";

        private readonly StringBuilder _buffer = new StringBuilder();
        private bool _any;
        private BatchTaskReader _reader = null!;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [AllowEmptyString]
        public string InputObject { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = null!;

        /// <summary>Deepest nesting accepted inside one document (default 64).</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int MaxDepth { get; set; } = 64;

        /// <summary>Longest string (or property name) accepted, in UTF-8 bytes as written (default 4 MiB).</summary>
        /// <remarks>
        /// There is no -MaxDocumentBytes: the core's MaxDocumentBytes limits reading one task whole from a
        /// stream, which this cmdlet never does (every input is read as a sequence of records, each under
        /// -MaxRecordBytes, a single-object file included).
        /// </remarks>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int MaxStringBytes { get; set; } = BatchTaskReaderOptions.Default.MaxStringBytes;

        /// <summary>Largest single task (one line of NDJSON, one array element, one object), in bytes (default 16 MiB).</summary>
        [Parameter]
        [ValidateRange(1, 1024 * 1024 * 1024)]
        public int MaxRecordBytes { get; set; } = BatchTaskReaderOptions.Default.MaxRecordBytes;

        protected override void BeginProcessing()
        {
            _reader = PSObjectAdapter.CreateReader(options =>
            {
                options.MaxDepth = MaxDepth;
                options.MaxStringBytes = MaxStringBytes;
                options.MaxRecordBytes = MaxRecordBytes;
            });
        }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case InputObjectSet:
                    if (_any)
                    {
                        _buffer.Append('\n');
                    }

                    _buffer.Append(InputObject);
                    _any = true;
                    break;
                case PathSet:
                    foreach (string p in Path)
                    {
                        foreach (string file in ResolveWildcard(p))
                        {
                            ReadFile(file, p);
                        }
                    }

                    break;
                default:
                    foreach (string p in LiteralPath)
                    {
                        string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(p);
                        ReadFile(file, p);
                    }

                    break;
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName != InputObjectSet || !_any)
            {
                return;
            }

            string text = _buffer.ToString();
            if (text.Trim().Length == 0)
            {
                return;
            }

            // Read through a stream, as files are: the core applies MaxRecordBytes only while it fills its
            // buffer from a stream (OpenSequence(string) reads everything as one buffer, with no record limit).
            byte[] utf8 = Encoding.UTF8.GetBytes(text);
            using var stream = new MemoryStream(utf8, writable: false);
            using TaskSequenceReader sequence = _reader.OpenSequence(stream, leaveOpen: true);
            Emit(sequence, null, () => new MemoryStream(utf8, writable: false));
        }

        private IEnumerable<string> ResolveWildcard(string path)
        {
            Collection<string> resolved;
            try
            {
                resolved = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo _);
            }
            catch (ItemNotFoundException e)
            {
                WriteError(Errors.Create(ErrorIds.TaskFileNotFound, ErrorCategory.ObjectNotFound, path,
                    "Cannot find the task file '" + path + "'.", e));
                yield break;
            }

            if (resolved.Count == 0 && WildcardPattern.ContainsWildcardCharacters(path))
            {
                WriteError(Errors.Create(ErrorIds.TaskFileNotFound, ErrorCategory.ObjectNotFound, path,
                    "No task file matches '" + path + "'."));
            }

            foreach (string r in resolved)
            {
                yield return r;
            }
        }

        private void ReadFile(string file, string given)
        {
            if (!File.Exists(file))
            {
                WriteError(Errors.Create(ErrorIds.TaskFileNotFound, ErrorCategory.ObjectNotFound, given,
                    "Cannot find the task file '" + file + "'."));
                return;
            }

            FileStream stream;
            try
            {
                // FileShare.Delete: a writer may rename a new version over the file while it is read; this
                // handle keeps seeing the old version, whole.
                stream = TaskFile.OpenRead(file);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                WriteError(Errors.Create(ErrorIds.TaskFileReadFailed, ErrorCategory.ReadError, given,
                    "Cannot read the task file '" + file + "': " + e.Message, e));
                return;
            }

            using (stream)
            using (TaskSequenceReader sequence = _reader.OpenSequence(stream, leaveOpen: true))
            {
                Emit(sequence, file, () => TaskFile.OpenRead(file));
            }
        }

        /// <summary>
        /// Writes the tasks, and an error per bad record. The text shown around each fault comes from one more
        /// forward-only read of the same input (opened at the first bad record), never from its start again.
        /// </summary>
        private void Emit(TaskSequenceReader sequence, string? file, Func<Stream> openAgain)
        {
            ErrorExcerptReader? excerpts = null;
            try
            {
                foreach (TaskReadResult result in sequence)
                {
                    if (result.Task != null)
                    {
                        WriteObject(result.Task);
                        continue;
                    }

                    BatchTaskReadException e = result.Error!;
                    string? lineText = null;
                    if (e.LineNumber > 0)
                    {
                        excerpts ??= new ErrorExcerptReader(openAgain());
                        lineText = excerpts.Excerpt(result);
                    }

                    var target = new Hashtable
                    {
                        ["Path"] = file,
                        ["Line"] = e.LineNumber,
                        ["BytePositionInLine"] = e.BytePositionInLine,
                        ["JsonPath"] = e.JsonPath,
                        ["RecordNumber"] = e.RecordNumber,
                        ["LineText"] = lineText,
                    };
                    string where = string.Format(CultureInfo.InvariantCulture, "{0}:{1}:{2}: {3}: {4}",
                        file ?? nameof(InputObject), e.LineNumber, e.BytePositionInLine, e.JsonPath, e.Reason);
                    ErrorCategory category = e.Kind switch
                    {
                        ReadErrorKind.Syntax => ErrorCategory.ParserError,
                        ReadErrorKind.LimitExceeded => ErrorCategory.LimitsExceeded,
                        _ => ErrorCategory.InvalidData,
                    };
                    ErrorRecord record = Errors.Create(ErrorIds.InvalidTaskJson, category, target, "Invalid task JSON: " + TaskDisplay.Text(where), e);
                    record.ErrorDetails = new ErrorDetails(TaskDisplay.Text(where));
                    WriteError(record);
                }
            }
            finally
            {
                excerpts?.Dispose();
            }
        }
    }
}
