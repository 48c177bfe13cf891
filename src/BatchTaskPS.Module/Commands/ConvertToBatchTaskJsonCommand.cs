using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text;
using BatchTaskPS.Commands.Support;
using BatchTaskPS.IO;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using ErrorCategory = System.Management.Automation.ErrorCategory;

namespace BatchTaskPS.Commands
{
    /// <summary>
    /// ConvertTo-BatchTaskJson: writes tasks as REST JSON (Full, Create or Update shape) or ordered
    /// dictionaries, one per input, one array with -AsArray, or into a file with -Path; with
    /// -Shape AddCollection, add-collection request bodies.
    /// </summary>
    /// <remarks>
    /// <para>-Shape AddCollection groups the Create shape of the incoming tasks into
    /// <c>{"value":[...]}</c> bodies with the core's <see cref="AddCollectionBuilder"/> (at most 100 tasks and
    /// fewer than 1,000,000 UTF-8 bytes per body, ids unique within a body ignoring case). A body is written
    /// as soon as it is full and the last one in EndProcessing, so memory holds one body at a time. How it
    /// combines with the other parameters:</para>
    /// <list type="bullet">
    /// <item>Output: one compact JSON string per body; -AsHashtable gives an ordered dictionary
    /// <c>@{ value = OrderedDictionary[] }</c> per body instead; -OutDirectory writes the bodies to numbered
    /// files <c>addcollection-0001.json</c>, <c>addcollection-0002.json</c>, ... (exactly the request body,
    /// UTF-8 without BOM, no newline) and emits a FileInfo per file when the input ends; -Path writes all
    /// bodies to one file, one compact body per line.</item>
    /// <item>-OutDirectory never mixes runs: a folder that already holds addcollection-*.json files is refused
    /// (OutDirectoryNotEmpty) unless -Force; each body goes to a temporary file, and only when the input has
    /// ended do they all take their names, after which the old bodies this run did not replace are removed.
    /// An error, Ctrl+C or Dispose before that deletes the temporary files and changes nothing.</item>
    /// <item>-Compress is implied: the size limit is measured on the compact body, so bodies are never
    /// indented.</item>
    /// <item>-KeyStyle: the service reads REST keys only, so any other key style is refused
    /// (terminating AddCollectionNeedsRestKeys).</item>
    /// <item>-AsArray: refused (terminating AddCollectionNotWithAsArray); a body already is the array.</item>
    /// <item>-ExcludeAdditionalProperties leaves unknown properties out of the bodies.</item>
    /// <item>-RedactSecrets: the bodies are grouped exactly as without it (by the real sizes), then each is
    /// written with secrets masked, for logs.</item>
    /// <item>A task that cannot go into any body is a non-terminating error (category InvalidData, target the
    /// task) and the rest go on: TaskTooLargeForCollection (too large alone), DuplicateTaskIdInCollection
    /// (its id, ignoring case, is already in the body being filled; the first one stays), MissingTaskId.</item>
    /// </list>
    /// <para>-OutDirectory is only for -Shape AddCollection (terminating OutDirectoryNeedsAddCollection) and
    /// not together with -Path (terminating PathAndOutDirectoryConflict).</para>
    /// </remarks>
    [Cmdlet(VerbsData.ConvertTo, "BatchTaskJson", SupportsShouldProcess = true)]
    [OutputType(typeof(string))]
    [OutputType(typeof(OrderedDictionary))]
    [OutputType(typeof(FileInfo))]
    public sealed class ConvertToBatchTaskJsonCommand : PSCmdlet, IDisposable
    {
        /// <summary>Name of the files -OutDirectory writes: addcollection-0001.json, ...</summary>
        public const string AddCollectionFileFormat = "addcollection-{0:D4}.json";

        private static readonly UTF8Encoding s_utf8 = new UTF8Encoding(false);

        private readonly List<CloudTask> _all = new List<CloudTask>();
        private BatchTaskWriter _writer = null!;

        // -Path: the tasks go to a temporary file that replaces the target only when the input ends (EndProcessing).
        private AtomicFileWriter? _output;
        private Stream? _file;
        private string? _filePath;
        private bool _writeNothing;
        private bool _firstInArray = true;

        // -Shape AddCollection
        private AddCollectionBuilder? _builder;
        private readonly List<CloudTask> _bodyTasks = new List<CloudTask>();
        private string? _outDirectory;

        // -OutDirectory: every body goes to a temporary file first; all replace the folder's bodies in EndProcessing.
        private readonly object _pendingGate = new object();
        private readonly List<AtomicFileWriter> _pendingBodies = new List<AtomicFileWriter>();

        /// <summary>A CloudTask, or a dictionary/PSCustomObject read by the from_dict rules.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [AllowNull]
        public object InputObject { get; set; } = null!;

        /// <summary>Full, Create, Update, or AddCollection (add-collection request bodies).</summary>
        [Parameter]
        public TaskJsonShape Shape { get; set; } = TaskJsonShape.Full;

        [Parameter]
        public KeyStyle KeyStyle { get => _keyStyle is KeyStyle value ? value : KeyStyle.Rest; set => _keyStyle = value; }

        // Boxed: a field of a core value type would make PowerShell load the core while it lists this assembly's types
        // during the import, before the module initializer picks the core's image (issue 16).
        private object? _keyStyle;

        [Parameter]
        public SwitchParameter Compress { get; set; }

        [Parameter]
        public SwitchParameter AsArray { get; set; }

        [Parameter]
        public SwitchParameter AsHashtable { get; set; }

        [Parameter]
        public SwitchParameter ExcludeAdditionalProperties { get; set; }

        /// <summary>Writes to this file (UTF-8, no BOM): one compact task per line, or one array with -AsArray.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        /// <summary>With -Shape AddCollection: writes each body to a numbered file in this folder (created if missing).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string OutDirectory { get; set; } = null!;

        /// <summary>With -OutDirectory: replaces the bodies of an earlier run (otherwise OutDirectoryNotEmpty).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>With -Path: refuses to replace a file that exists (OutputFileExists).</summary>
        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        /// <summary>Masks registry passwords and SAS query values (for logs; the service needs the real JSON).</summary>
        [Parameter]
        public SwitchParameter RedactSecrets { get; set; }

        private bool IsAddCollection => Shape == TaskJsonShape.AddCollection;

        protected override void BeginProcessing()
        {
            bool toFile = MyInvocation.BoundParameters.ContainsKey(nameof(Path));
            bool toDirectory = MyInvocation.BoundParameters.ContainsKey(nameof(OutDirectory));
            CheckParameters(toFile, toDirectory);

            _writer = new BatchTaskWriter(new BatchTaskWriterOptions
            {
                Shape = IsAddCollection ? TaskShape.Create : (TaskShape)Shape,
                KeyStyle = KeyStyle,
                Indented = !Compress.IsPresent && !toFile && !IsAddCollection,
                IncludeAdditionalProperties = !ExcludeAdditionalProperties.IsPresent,
                RedactSecrets = RedactSecrets.IsPresent,
            });
            if (IsAddCollection)
            {
                _builder = new AddCollectionBuilder(includeAdditionalProperties: !ExcludeAdditionalProperties.IsPresent);
            }

            if (toDirectory)
            {
                OpenOutDirectory();
            }

            if (toFile)
            {
                OpenOutputFile();
            }
        }

        /// <summary>
        /// -OutDirectory: asks ShouldProcess, creates the folder and refuses one that holds bodies of an earlier
        /// run unless -Force. Nothing in it changes before EndProcessing.
        /// </summary>
        private void OpenOutDirectory()
        {
            _outDirectory = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutDirectory);
            if (!ShouldProcess(_outDirectory, Force.IsPresent ? "Replace the add-collection bodies (addcollection-*.json)" : "Write add-collection bodies"))
            {
                _writeNothing = true;
                return;
            }

            try
            {
                Directory.CreateDirectory(_outDirectory);
                foreach (string stale in AtomicFile.RemoveStaleTemporaryFiles(_outDirectory, IsBodyName))
                {
                    WriteVerbose("Removed '" + stale + "', left by a write that did not finish.");
                }

                RefuseOldBodies();
            }
            catch (Exception e) when (IsFileError(e))
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.TaskFileWriteFailed, ErrorCategory.WriteError, OutDirectory,
                    "Cannot create the folder '" + _outDirectory + "': " + e.Message, e));
            }
        }

        /// <summary>Without -Force, a folder that already holds addcollection-*.json files stops the command (runs never mix).</summary>
        private void RefuseOldBodies()
        {
            if (Force.IsPresent)
            {
                return;
            }

            List<string> old = ExistingBodies();
            if (old.Count > 0)
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.OutDirectoryNotEmpty, ErrorCategory.ResourceExists, OutDirectory,
                    "The folder '" + _outDirectory + "' already holds " + old.Count + " add-collection bodies (" + System.IO.Path.GetFileName(old[0]) +
                    (old.Count > 1 ? ", ..." : string.Empty) + ") from an earlier run; it was not changed. Give -Force to replace them with this run's bodies, or another folder."));
            }
        }

        /// <summary>The addcollection-*.json files in the folder, sorted.</summary>
        private List<string> ExistingBodies()
        {
            var found = new List<string>(Directory.EnumerateFiles(_outDirectory!, "addcollection-*.json"));
            found.RemoveAll(f => !IsBodyName(System.IO.Path.GetFileName(f)));
            found.Sort(StringComparer.Ordinal);
            return found;
        }

        private static bool IsBodyName(string name) =>
            name.StartsWith("addcollection-", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// -Path: asks ShouldProcess, refuses what must not be replaced, and starts the temporary file. Nothing
        /// touches the target before EndProcessing, so a pipeline that reads the same file upstream still reads it
        /// whole, and one that fails leaves it as it was.
        /// </summary>
        private void OpenOutputFile()
        {
            _filePath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (!ShouldProcess(_filePath, "Write tasks as JSON"))
            {
                _writeNothing = true;
                return;
            }

            try
            {
                string target = TaskFile.Resolve(_filePath);
                if (File.Exists(target))
                {
                    if (NoClobber.IsPresent)
                    {
                        ThrowTerminatingError(Errors.Create(ErrorIds.OutputFileExists, ErrorCategory.ResourceExists, Path,
                            "The file '" + _filePath + "' already exists, and -NoClobber was given; it was not changed."));
                    }

                    if (TaskFile.IsReadOnly(target))
                    {
                        ThrowTerminatingError(Errors.Create(ErrorIds.TaskFileReadOnly, ErrorCategory.PermissionDenied, Path,
                            "The file '" + _filePath + "' is read-only; it was not changed."));
                    }
                }

                foreach (string stale in TaskFile.RemoveStaleTemporaryFiles(target))
                {
                    WriteVerbose("Removed '" + stale + "', left by a write that did not finish.");
                }

                _output = AtomicFileWriter.Open(_filePath);
                _file = _output.Stream;
                if (AsArray.IsPresent)
                {
                    _file.WriteByte((byte)'[');
                }
            }
            catch (Exception e) when (IsFileError(e))
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.TaskFileWriteFailed, ErrorCategory.WriteError, Path,
                    "Cannot write the task file '" + _filePath + "': " + e.Message, e));
            }
        }

        protected override void ProcessRecord()
        {
            if (_writeNothing)
            {
                // -WhatIf (or No at -Confirm): nothing is written.
                return;
            }

            CloudTask task;
            try
            {
                object? value = PSObjectAdapter.Unwrap(InputObject);
                task = value as CloudTask ?? PSObjectAdapter.Reader.ReadFromTree(value);
            }
            catch (BatchTaskReadException e)
            {
                WriteError(Errors.Create(ErrorIds.InvalidTaskInput, ErrorCategory.InvalidData, InputObject,
                    "The input is not a task: " + TaskDisplay.Text(e.Message), e));
                return;
            }

            if (_builder != null)
            {
                AddToCollection(task);
            }
            else if (_file != null)
            {
                WriteToFile(task);
            }
            else if (AsArray.IsPresent)
            {
                _all.Add(task);
            }
            else if (AsHashtable.IsPresent)
            {
                WriteObject(_writer.ToDictionary(task));
            }
            else
            {
                WriteObject(_writer.Write(task));
            }
        }

        protected override void EndProcessing()
        {
            if (_builder != null)
            {
                AddCollectionBody? last = _builder.Complete();
                if (last != null)
                {
                    EmitBody(last);
                }
            }

            if (_output != null)
            {
                CommitOutputFile();
                return;
            }

            if (_outDirectory != null && !_writeNothing)
            {
                CommitBodies();
                return;
            }

            if (_writeNothing)
            {
                return;
            }

            if (!AsArray.IsPresent)
            {
                return;
            }

            if (AsHashtable.IsPresent)
            {
                var list = new List<OrderedDictionary>(_all.Count);
                foreach (CloudTask t in _all)
                {
                    list.Add(_writer.ToDictionary(t));
                }

                WriteObject(list.ToArray(), enumerateCollection: false);
                return;
            }

            using var memory = new MemoryStream();
            _writer.WriteArray(_all, memory);
            WriteObject(s_utf8.GetString(memory.GetBuffer(), 0, (int)memory.Length));
        }

        /// <summary>Ctrl+C: the temporary files are deleted, the targets stay as they were (this runs on another thread).</summary>
        protected override void StopProcessing()
        {
            _output?.Dispose();
            AbandonBodies();
        }

        /// <summary>
        /// PowerShell disposes the cmdlet when the pipeline ends, however it ends: without a commit in
        /// EndProcessing (an upstream throw, a terminating error, Ctrl+C) the temporary file is deleted;
        /// the add-collection builder's buffer is returned in every case.
        /// </summary>
        public void Dispose()
        {
            _output?.Dispose();
            _output = null;
            _file = null;
            AbandonBodies();
            _builder?.Dispose();   // returns the add-collection builder's pooled buffer
            _builder = null;
        }

        private void AbandonBodies()
        {
            lock (_pendingGate)
            {
                foreach (AtomicFileWriter body in _pendingBodies)
                {
                    body.Dispose();
                }

                _pendingBodies.Clear();
            }
        }

        /// <summary>
        /// -OutDirectory, at the end of the input: every body is complete in its temporary file; under the folder's
        /// lock, and only if no other run wrote bodies there meanwhile (without -Force), each takes its name and
        /// then the old bodies this run did not replace are removed, so the folder holds exactly this run's
        /// bodies. The files are emitted then.
        /// </summary>
        private void CommitBodies()
        {
            var written = new List<string>();
            try
            {
                string key = System.IO.Path.Combine(TaskFile.Resolve(_outDirectory!), "addcollection-*.json");
                using FileStream? gate = TaskFile.TryLock(key, UpdateBatchTaskCommand.LockTimeout);
                if (gate == null)
                {
                    ThrowTerminatingError(Errors.Create(ErrorIds.TaskFileLockTimeout, ErrorCategory.ResourceBusy, OutDirectory,
                        "Another command kept writing add-collection bodies to '" + _outDirectory + "' for " + UpdateBatchTaskCommand.LockTimeout.TotalSeconds + " seconds; nothing was changed."));
                }

                RefuseOldBodies();
                List<string> old = ExistingBodies();
                lock (_pendingGate)
                {
                    foreach (AtomicFileWriter body in _pendingBodies)
                    {
                        IReadOnlyList<string> lost = body.Commit(overwrite: true);
                        written.Add(body.TargetPath);
                        if (lost.Count > 0)
                        {
                            WriteWarning("The file '" + body.TargetPath + "' was written, but " + string.Join(" and ", lost) + " of the file it replaced could not be kept.");
                        }
                    }

                    _pendingBodies.Clear();
                }

                var keep = new HashSet<string>(written, StringComparer.Ordinal);
                foreach (string stale in old)
                {
                    if (!keep.Contains(TaskFile.Resolve(stale)))
                    {
                        File.Delete(stale);
                        WriteVerbose("Removed '" + stale + "', a body of an earlier run.");
                    }
                }
            }
            catch (Exception e) when (IsFileError(e))
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.TaskFileWriteFailed, ErrorCategory.WriteError, OutDirectory,
                    "Cannot write the add-collection bodies to '" + _outDirectory + "': " + e.Message, e));
            }

            foreach (string file in written)
            {
                WriteObject(FileItem(new FileInfo(file)));
            }
        }

        /// <summary>Completes the -Path file and puts it in place of the target (a whole output, never a mix).</summary>
        private void CommitOutputFile()
        {
            IReadOnlyList<string> lost = Array.Empty<string>();
            try
            {
                if (AsArray.IsPresent)
                {
                    _file!.WriteByte((byte)']');
                    _file.WriteByte((byte)'\n');
                }

                lost = _output!.Commit(overwrite: !NoClobber.IsPresent);
            }
            catch (AtomicFileExistsException e)
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.OutputFileExists, ErrorCategory.ResourceExists, Path,
                    "The file '" + _filePath + "' was created by someone else while the tasks were written, and -NoClobber was given; it was not changed.", e));
            }
            catch (Exception e) when (IsFileError(e))
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.TaskFileWriteFailed, ErrorCategory.WriteError, Path,
                    "Cannot write the task file '" + _filePath + "': " + e.Message, e));
            }
            finally
            {
                Dispose();
            }

            if (lost.Count > 0)
            {
                WriteWarning("The file '" + _filePath + "' was written, but " + string.Join(" and ", lost) + " of the file it replaced could not be kept.");
            }
        }

        private static bool IsFileError(Exception e) =>
            e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException;

        private void CheckParameters(bool toFile, bool toDirectory)
        {
            if (toDirectory && !IsAddCollection)
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.OutDirectoryNeedsAddCollection, ErrorCategory.InvalidArgument, OutDirectory,
                    "-OutDirectory writes add-collection bodies: use it with -Shape AddCollection (or write tasks to one file with -Path)."));
            }

            if (toDirectory && toFile)
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.PathAndOutDirectoryConflict, ErrorCategory.InvalidArgument, Path,
                    "Give -Path (all bodies in one file, one per line) or -OutDirectory (one file per body), not both."));
            }

            if (!IsAddCollection)
            {
                return;
            }

            if (KeyStyle != KeyStyle.Rest)
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.AddCollectionNeedsRestKeys, ErrorCategory.InvalidArgument, KeyStyle,
                    "Add-collection bodies are request bodies for the service, which reads REST keys only: -KeyStyle " + KeyStyle + " cannot be used with -Shape AddCollection."));
            }

            if (AsArray.IsPresent)
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.AddCollectionNotWithAsArray, ErrorCategory.InvalidArgument, nameof(AsArray),
                    "-Shape AddCollection writes one {\"value\":[...]} body per 100 tasks (or 1 MB); -AsArray cannot be combined with it."));
            }
        }

        private void AddToCollection(CloudTask task)
        {
            AddCollectionBody? completed = _builder!.Add(task, out AddCollectionRejectedTask? rejected);
            if (completed != null)
            {
                EmitBody(completed);
            }

            if (rejected == null)
            {
                // The tasks of the body being filled, for -AsHashtable and -RedactSecrets (one body at most).
                _bodyTasks.Add(task);
                return;
            }

            string errorId = rejected.Reason switch
            {
                AddCollectionRejection.TaskTooLarge => ErrorIds.TaskTooLargeForCollection,
                AddCollectionRejection.DuplicateTaskId => ErrorIds.DuplicateTaskIdInCollection,
                _ => ErrorIds.MissingTaskId,
            };
            WriteError(Errors.Create(errorId, ErrorCategory.InvalidData, rejected.Task, TaskDisplay.Text(rejected.Message)));
        }

        private void EmitBody(AddCollectionBody body)
        {
            // The builder hands out a body when a task did not fit: the body holds every task kept before it.
            var tasks = new List<CloudTask>(_bodyTasks);
            _bodyTasks.Clear();
            if (tasks.Count != body.TaskCount)
            {
                throw new InvalidOperationException("Internal error: add-collection body " + body.Number + " holds " + body.TaskCount + " tasks, expected " + tasks.Count + ".");
            }

            WriteVerbose(body.ToString());
            if (_outDirectory != null || _file != null)
            {
                byte[] bytes = RedactSecrets.IsPresent ? s_utf8.GetBytes(RedactedBody(tasks)) : body.Utf8;
                if (_outDirectory != null)
                {
                    WriteBodyFile(body.Number, bytes);
                }
                else
                {
                    WriteToFile(bytes);
                }
            }
            else if (AsHashtable.IsPresent)
            {
                var list = new OrderedDictionary[tasks.Count];
                for (int k = 0; k < tasks.Count; k++)
                {
                    list[k] = _writer.ToDictionary(tasks[k]);
                }

                WriteObject(new OrderedDictionary { ["value"] = list });
            }
            else
            {
                WriteObject(RedactSecrets.IsPresent ? RedactedBody(tasks) : body.Json);
            }
        }

        /// <summary>A body with the same tasks, written with secrets masked (the grouping stays the real one).</summary>
        private string RedactedBody(List<CloudTask> tasks)
        {
            var sb = new StringBuilder("{\"value\":[");
            for (int k = 0; k < tasks.Count; k++)
            {
                if (k > 0)
                {
                    sb.Append(',');
                }

                sb.Append(_writer.Write(tasks[k]));
            }

            return sb.Append("]}").ToString();
        }

        /// <summary>
        /// The file as the FileSystem provider gives it (as Get-Item would: a FileInfo with PSPath and the
        /// other provider properties), so that it pipes into Get-Content, Remove-Item and the like.
        /// </summary>
        private PSObject FileItem(FileInfo file)
        {
            try
            {
                Collection<PSObject> items = SessionState.InvokeProvider.Item.Get(new[] { file.FullName }, true, true);
                if (items.Count == 1)
                {
                    return items[0];
                }
            }
            catch (Exception e) when (e is ProviderNotFoundException || e is ItemNotFoundException || e is NotSupportedException || e is ProviderInvocationException)
            {
                // Fall back to the bare FileInfo.
            }

            return PSObject.AsPSObject(file);
        }

        /// <summary>Writes one body to its temporary file; it takes its name in EndProcessing, with all the others.</summary>
        private void WriteBodyFile(int number, byte[] bytes)
        {
            string file = System.IO.Path.Combine(_outDirectory!, string.Format(CultureInfo.InvariantCulture, AddCollectionFileFormat, number));
            AtomicFileWriter? body = null;
            try
            {
                body = AtomicFileWriter.Open(file);
                lock (_pendingGate)
                {
                    _pendingBodies.Add(body);
                }

                body.Stream.Write(bytes, 0, bytes.Length);
                body.Close();
            }
            catch (Exception e) when (IsFileError(e))
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.TaskFileWriteFailed, ErrorCategory.WriteError, file,
                    "Cannot write the add-collection file '" + file + "': " + e.Message, e));
            }
        }

        private void WriteToFile(byte[] line)
        {
            try
            {
                _file!.Write(line, 0, line.Length);
                _file.WriteByte((byte)'\n');
            }
            catch (IOException e)
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.TaskFileWriteFailed, ErrorCategory.WriteError, Path,
                    "Cannot write the task file '" + _filePath + "': " + e.Message, e));
            }
        }

        private void WriteToFile(CloudTask task)
        {
            try
            {
                if (AsArray.IsPresent && !_firstInArray)
                {
                    _file!.WriteByte((byte)',');
                }

                _firstInArray = false;
                _writer.Write(task, _file!);
                if (!AsArray.IsPresent)
                {
                    _file!.WriteByte((byte)'\n');
                }
            }
            catch (IOException e)
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.TaskFileWriteFailed, ErrorCategory.WriteError, Path,
                    "Cannot write the task file '" + _filePath + "': " + e.Message, e));
            }
        }
    }
}
