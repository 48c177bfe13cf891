using System;
using System.Collections.Generic;
using System.Collections.Specialized;
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
    /// ConvertTo-BatchTaskJson: writes tasks as REST JSON (Full, Create or Update shape) or ordered
    /// dictionaries, one per input, one array with -AsArray, or into a file with -Path.
    /// </summary>
    [Cmdlet(VerbsData.ConvertTo, "BatchTaskJson")]
    [OutputType(typeof(string))]
    [OutputType(typeof(OrderedDictionary))]
    public sealed class ConvertToBatchTaskJsonCommand : PSCmdlet
    {
        private readonly List<CloudTask> _all = new List<CloudTask>();
        private BatchTaskWriter _writer = null!;
        private FileStream? _file;
        private string? _filePath;
        private bool _firstInArray = true;

        /// <summary>A CloudTask, or a dictionary/PSCustomObject read by the from_dict rules.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [AllowNull]
        public object InputObject { get; set; } = null!;

        [Parameter]
        public TaskShape Shape { get; set; } = TaskShape.Full;

        [Parameter]
        public KeyStyle KeyStyle { get; set; } = KeyStyle.Rest;

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

        /// <summary>Masks registry passwords and SAS query values (for logs; the service needs the real JSON).</summary>
        [Parameter]
        public SwitchParameter RedactSecrets { get; set; }

        protected override void BeginProcessing()
        {
            bool toFile = MyInvocation.BoundParameters.ContainsKey(nameof(Path));
            _writer = new BatchTaskWriter(new BatchTaskWriterOptions
            {
                Shape = Shape,
                KeyStyle = KeyStyle,
                Indented = !Compress.IsPresent && !toFile,
                IncludeAdditionalProperties = !ExcludeAdditionalProperties.IsPresent,
                RedactSecrets = RedactSecrets.IsPresent,
            });
            if (toFile)
            {
                _filePath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
                try
                {
                    _file = new FileStream(_filePath, FileMode.Create, FileAccess.Write, FileShare.Read);
                    if (AsArray.IsPresent)
                    {
                        _file.WriteByte((byte)'[');
                    }
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
                {
                    ThrowTerminatingError(Errors.Create(ErrorIds.TaskFileWriteFailed, ErrorCategory.WriteError, Path,
                        "Cannot write the task file '" + _filePath + "': " + e.Message, e));
                }
            }
        }

        protected override void ProcessRecord()
        {
            CloudTask task;
            try
            {
                object? value = PSObjectAdapter.Unwrap(InputObject);
                task = value as CloudTask ?? PSObjectAdapter.Reader.ReadFromTree(value);
            }
            catch (BatchTaskReadException e)
            {
                WriteError(Errors.Create(ErrorIds.InvalidTaskInput, ErrorCategory.InvalidData, InputObject,
                    "The input is not a task: " + e.Message, e));
                return;
            }

            if (_file != null)
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
            if (_file != null)
            {
                try
                {
                    if (AsArray.IsPresent)
                    {
                        _file.WriteByte((byte)']');
                        _file.WriteByte((byte)'\n');
                    }

                    _file.Flush();
                }
                catch (IOException e)
                {
                    ThrowTerminatingError(Errors.Create(ErrorIds.TaskFileWriteFailed, ErrorCategory.WriteError, Path,
                        "Cannot write the task file '" + _filePath + "': " + e.Message, e));
                }
                finally
                {
                    _file.Dispose();
                    _file = null;
                }

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
            WriteObject(new UTF8Encoding(false).GetString(memory.GetBuffer(), 0, (int)memory.Length));
        }

        protected override void StopProcessing() => _file?.Dispose();

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
