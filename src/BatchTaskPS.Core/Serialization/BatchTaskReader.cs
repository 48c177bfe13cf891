using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization.Wire;

namespace BatchTaskPS.Serialization
{
    /// <summary>
    /// Reads Batch tasks from REST JSON (a string, UTF-8 bytes or a stream) or from a dictionary tree.
    /// Keys match as the reference's <c>from_dict</c> does (REST keys and attribute names, any letter
    /// case); every fault is a <see cref="BatchTaskReadException"/> with its JSON path and position.
    /// Instances hold only options and may be shared between threads.
    /// </summary>
    public sealed class BatchTaskReader
    {
        public BatchTaskReader()
            : this(null)
        {
        }

        public BatchTaskReader(BatchTaskReaderOptions? options)
        {
            Options = options ?? BatchTaskReaderOptions.Default;
        }

        public BatchTaskReaderOptions Options { get; }

        // ------------------------------------------------------------------ one task

        /// <summary>Reads exactly one task from JSON text (an object, or an array or list holding one task).</summary>
        public CloudTask ReadTask(string json)
        {
            if (json == null)
            {
                throw new ArgumentNullException(nameof(json));
            }

            // A leading U+FEFF becomes a UTF-8 byte order mark, which the byte reader skips once.
            byte[] bytes = Encoding.UTF8.GetBytes(json);
            return ReadTask(bytes, 0, bytes.Length);
        }

        /// <summary>Reads exactly one task from UTF-8 bytes (a UTF-8 or UTF-16 byte order mark is honoured).</summary>
        public CloudTask ReadTask(byte[] utf8) => ReadTask(utf8, 0, utf8?.Length ?? 0);

        public CloudTask ReadTask(byte[] utf8, int offset, int count)
        {
            if (utf8 == null)
            {
                throw new ArgumentNullException(nameof(utf8));
            }

            return TryReadPlainObject(utf8, offset, count) ?? Single(new TaskSequenceReader(utf8, offset, count, Options));
        }

        [ThreadStatic]
        private static ReadContext? t_context;

        /// <summary>
        /// The fast path alone: one task object written plainly (see <see cref="ModelInfo{T}.TryReadPlain"/>)
        /// and nothing but whitespace after it, or null.
        /// </summary>
        internal static CloudTask? TryReadPlain(ReadOnlySpan<byte> json, BatchTaskReaderOptions options)
        {
            CloudTask? task = TryReadPlainPrefix(json, options, out int consumed);
            return task != null && new PlainJsonScanner(json.Slice(consumed), options.MaxStringBytes).AtEnd() ? task : null;
        }

        /// <summary>
        /// The fast path on a task object at the start of <paramref name="json"/> (what follows it is the
        /// caller's): the task and how many bytes it took, or null when the full reader must read it.
        /// Not used when the options set limits it does not measure, or ask for the full reader only.
        /// </summary>
        internal static CloudTask? TryReadPlainPrefix(ReadOnlySpan<byte> json, BatchTaskReaderOptions options, out int consumed)
        {
            consumed = 0;
            if (!options.UsePlainPath || options.MaxDepth < PlainJsonScanner.MinimumMaxDepth || options.MaxStringBytes < PlainJsonScanner.MinimumMaxStringBytes)
            {
                return null;
            }

            var scanner = new PlainJsonScanner(json, options.MaxStringBytes);
            CloudTask? task = CloudTask.Metadata.TryReadPlain(ref scanner);
            consumed = scanner.Position;
            return task;
        }

        /// <summary>
        /// The common case, read with no sequence machinery: one task object (after an optional UTF-8
        /// byte order mark) and nothing but whitespace after it. Anything else (an error included)
        /// returns null, and the sequence reader reads the input again to give its exact result.
        /// </summary>
        private CloudTask? TryReadPlainObject(byte[] bytes, int offset, int count)
        {
            int start = offset, end = offset + count;
            if (count >= 3 && bytes[start] == 0xEF && bytes[start + 1] == 0xBB && bytes[start + 2] == 0xBF)
            {
                start += 3;
            }

            int first = start;
            while (first < end && (bytes[first] == (byte)' ' || bytes[first] == (byte)'\n' || bytes[first] == (byte)'\r' || bytes[first] == (byte)'\t'))
            {
                first++;
            }

            if (first >= end || bytes[first] != (byte)'{')
            {
                return null;
            }

            // The fast path (a list response never takes it: its "value" holds an array).
            CloudTask? plain = TryReadPlain(new ReadOnlySpan<byte>(bytes, first, end - first), Options);
            if (plain != null)
            {
                return plain;
            }

            ReadContext? ctx = t_context;
            if (ctx == null || !ReferenceEquals(ctx.Options, Options))
            {
                t_context = ctx = new ReadContext(Options);
            }

            ctx.BeginRecord(bytes, start, start - offset, 1, start - offset);
            ctx.IsFinalBlock = true;
            ctx.RecordNumber = 0;
            try
            {
                if (MayBeListResponse(bytes, first + 1, end))
                {
                    return null; // perhaps a list response or an OData annotation: the full reader decides
                }

                var r = new Utf8JsonReader(new ReadOnlySpan<byte>(bytes, start, end - start), ctx.ReaderOptions);
                r.Read();

                CloudTask task = CloudTask.Metadata.ReadObject(ref r, ctx);
                for (long k = start + r.BytesConsumed; k < end; k++)
                {
                    byte b = bytes[k];
                    if (!(b == (byte)' ' || b == (byte)'\n' || b == (byte)'\r' || b == (byte)'\t'))
                    {
                        return null;
                    }
                }

                return task;
            }
            catch (BatchTaskReadException)
            {
                return null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>
        /// Looks at the raw first key after '{': "value", a key with a dot (an OData annotation) or
        /// an escaped key send the input to the sequence reader, which tells lists from tasks.
        /// </summary>
        private static bool MayBeListResponse(byte[] bytes, int i, int end)
        {
            while (i < end && (bytes[i] == (byte)' ' || bytes[i] == (byte)'\n' || bytes[i] == (byte)'\r' || bytes[i] == (byte)'\t'))
            {
                i++;
            }

            if (i >= end || bytes[i] != (byte)'"')
            {
                return false; // '}' or broken: the task reader handles it
            }

            int keyStart = ++i;
            while (i < end && bytes[i] != (byte)'"')
            {
                if (bytes[i] == (byte)'.' || bytes[i] == (byte)'\\')
                {
                    return true;
                }

                i++;
            }

            return i - keyStart == 5 && bytes[keyStart] == (byte)'v' && bytes[keyStart + 1] == (byte)'a' &&
                   bytes[keyStart + 2] == (byte)'l' && bytes[keyStart + 3] == (byte)'u' && bytes[keyStart + 4] == (byte)'e';
        }

        /// <summary>Reads exactly one task from a stream, reading at most <see cref="BatchTaskReaderOptions.MaxDocumentBytes"/>.</summary>
        public CloudTask ReadTask(Stream stream)
        {
            if (stream == null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            var memory = new MemoryStream();
            byte[] chunk = new byte[81920];
            int n;
            while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (memory.Length + n > Options.MaxDocumentBytes)
                {
                    throw new BatchTaskReadException(ReadErrorKind.LimitExceeded,
                        "the document is larger than the limit of " + Options.MaxDocumentBytes + " bytes (MaxDocumentBytes)", "$", 0, 0, memory.Length, 0);
                }

                memory.Write(chunk, 0, n);
            }

            return ReadTask(memory.GetBuffer(), 0, (int)memory.Length);
        }

        /// <summary>
        /// Reads a task from a dictionary tree (the reference's <c>from_dict</c>): dictionaries, lists,
        /// strings, numbers, booleans, dates, time spans, enum values and model objects, with REST keys,
        /// attribute names or .NET property names in any letter case.
        /// </summary>
        public CloudTask ReadTask(System.Collections.IDictionary dictionary) => ReadFromTree(dictionary);

        /// <summary>Reads a task from any value tree whose root is a dictionary (see the other overload).</summary>
        public CloudTask ReadFromTree(object? tree)
        {
            return ReadModelFromTree<CloudTask>(tree);
        }

        /// <summary>Reads any model type (for example a <see cref="ResourceFile"/>) from a value tree.</summary>
        public T ReadModelFromTree<T>(object? tree)
            where T : BatchModel<T>, new()
        {
            if (tree is T already)
            {
                return already;
            }

            using var sink = new JsonSink(1024);
            try
            {
                DictionaryTree.Write(sink, tree, Options.ValueAdapter, 0, Options.MaxDepth);
            }
            catch (Exception e) when (!(e is BatchTaskReadException) && !(e is OutOfMemoryException))
            {
                // The caller's own collection or value adapter failed while the tree was walked.
                throw new BatchTaskReadException(ReadErrorKind.InvalidValue, "the value could not be read: " + e.Message, "$", 0, 0, -1, 0, e);
            }

            byte[] bytes = sink.ToArray();
            var ctx = new ReadContext(Options) { FromDictionary = true };
            ctx.BeginRecord(bytes, 0, 0, 1, 0);
            try
            {
                var r = new Utf8JsonReader(bytes, ctx.ReaderOptions);
                ctx.Next(ref r);
                if (r.TokenType != JsonTokenType.StartObject)
                {
                    throw ctx.WrongType(ref r, "a dictionary (" + ModelInfoOf<T>.Value.TypeName + ")");
                }

                return ModelInfoOf<T>.Value.ReadObject(ref r, ctx);
            }
            catch (JsonException e)
            {
                throw ctx.FromJsonException(e);
            }
        }

        /// <summary>Reads any model type from its REST JSON text.</summary>
        public T ReadModel<T>(string json)
            where T : BatchModel<T>, new()
        {
            byte[] bytes = Encoding.UTF8.GetBytes(json);
            var ctx = new ReadContext(Options);
            ctx.BeginRecord(bytes, 0, 0, 1, 0);
            try
            {
                var r = new Utf8JsonReader(bytes, ctx.ReaderOptions);
                ctx.Next(ref r);
                if (r.TokenType != JsonTokenType.StartObject)
                {
                    throw ctx.WrongType(ref r, "an object (" + ModelInfoOf<T>.Value.TypeName + ")");
                }

                T value = ModelInfoOf<T>.Value.ReadObject(ref r, ctx);
                if (r.Read())
                {
                    throw ctx.Fail(ref r, ReadErrorKind.Syntax, "invalid JSON: unexpected data after the object");
                }

                return value;
            }
            catch (JsonException e)
            {
                throw ctx.FromJsonException(e);
            }
        }

        // ------------------------------------------------------------------ sequences

        /// <summary>
        /// Opens a sequence of tasks: one object, an array, newline-delimited objects or a list
        /// response, read incrementally. Bad records come back as results with an error.
        /// </summary>
        public TaskSequenceReader OpenSequence(Stream stream, bool leaveOpen = false) => new TaskSequenceReader(stream, Options, leaveOpen);

        /// <summary>Opens a sequence over JSON text.</summary>
        public TaskSequenceReader OpenSequence(string json)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(json);
            return new TaskSequenceReader(bytes, 0, bytes.Length, Options);
        }

        /// <summary>Reads every task of a sequence, stopping with the first bad record's error.</summary>
        public IEnumerable<CloudTask> ReadTasks(Stream stream)
        {
            using TaskSequenceReader seq = OpenSequence(stream, leaveOpen: true);
            foreach (TaskReadResult result in seq)
            {
                yield return result.Task ?? throw result.Error!;
            }
        }

        /// <summary>Reads every task of a sequence given as text, stopping with the first bad record's error.</summary>
        public IEnumerable<CloudTask> ReadTasks(string json)
        {
            using TaskSequenceReader seq = OpenSequence(json);
            foreach (TaskReadResult result in seq)
            {
                yield return result.Task ?? throw result.Error!;
            }
        }

        /// <summary>
        /// Reads exactly one task object: unlike <see cref="ReadTask(byte[])"/>, an array or a list response that
        /// holds one task is refused (NotATask) rather than reshaped, e.g. for a task file that is written back.
        /// </summary>
        public CloudTask ReadTaskObject(byte[] utf8)
        {
            if (utf8 == null)
            {
                throw new ArgumentNullException(nameof(utf8));
            }

            return Single(new TaskSequenceReader(utf8, 0, utf8.Length, Options), objectOnly: true);
        }

        private static CloudTask Single(TaskSequenceReader seq, bool objectOnly = false)
        {
            using (seq)
            {
                CloudTask? found = null;
                foreach (TaskReadResult result in seq)
                {
                    if (result.Error != null)
                    {
                        throw result.Error;
                    }

                    if (objectOnly && seq.Format != TaskInputFormat.Single && seq.Format != TaskInputFormat.NewlineDelimited)
                    {
                        throw new BatchTaskReadException(ReadErrorKind.NotATask,
                            "the input must be one task object, not a " + seq.Format + " of tasks", "$", 1, 1, 0, result.RecordNumber);
                    }

                    if (found != null)
                    {
                        throw new BatchTaskReadException(ReadErrorKind.NotATask,
                            "the input holds more than one task; read it as a sequence", "$", result.LineNumber, 1, result.ByteOffset, result.RecordNumber);
                    }

                    found = result.Task;
                }

                return found ?? throw new BatchTaskReadException(ReadErrorKind.NotATask, "the input holds no task", "$", 1, 1, 0, 0);
            }
        }
    }
}
