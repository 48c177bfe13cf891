using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Text;
using System.Text.Json;
using BatchTaskPS.Model;

namespace BatchTaskPS.Serialization
{
    /// <summary>How a sequence of tasks was laid out in its input.</summary>
    public enum TaskInputFormat
    {
        /// <summary>Nothing read yet.</summary>
        Unknown,

        /// <summary>One task object.</summary>
        [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "A single task object, not System.Single; a public enum value scripts compare with.")]
        Single,

        /// <summary>A JSON array of task objects.</summary>
        Array,

        /// <summary>Newline-delimited JSON: one task object per line.</summary>
        NewlineDelimited,

        /// <summary>A list response: <c>{"value": [...], "odata.nextLink": "..."}</c>.</summary>
        ListResponse,
    }

    /// <summary>One record of a task sequence: the task, or the error that record raised.</summary>
    public sealed class TaskReadResult
    {
        internal TaskReadResult(CloudTask? task, BatchTaskReadException? error, long recordNumber, long lineNumber, long byteOffset)
        {
            Task = task;
            Error = error;
            RecordNumber = recordNumber;
            LineNumber = lineNumber;
            ByteOffset = byteOffset;
        }

        /// <summary>The task read, or null when the record was bad.</summary>
        public CloudTask? Task { get; }

        /// <summary>The fault of a bad record, or null.</summary>
        public BatchTaskReadException? Error { get; }

        /// <summary>1-based number of the record in the input.</summary>
        public long RecordNumber { get; }

        /// <summary>1-based line where the record starts (0 for dictionary input).</summary>
        public long LineNumber { get; }

        /// <summary>0-based byte offset where the record starts.</summary>
        public long ByteOffset { get; }
    }

    /// <summary>
    /// Reads tasks from a stream one record at a time, holding only the record being read: a single
    /// object, an array, newline-delimited objects, or a list response. A bad record becomes an error
    /// result and reading goes on where the input allows it (the next element, the next line).
    /// </summary>
    public sealed class TaskSequenceReader : IEnumerable<TaskReadResult>, IEnumerator<TaskReadResult>
    {
        private const int InitialBuffer = 1 << 16;

        private readonly BatchTaskReaderOptions _options;
        private readonly ReadContext _ctx;
        private readonly bool _leaveOpen;
        private Stream? _stream;
        private byte[] _buf;
        private int _pos;
        private int _end;
        private bool _eof;
        private long _bufferOffset;
        private long _line = 1;
        private long _lineStart;
        private long _records;
        private bool _started;
        private bool _done;
        private State _state = State.BetweenRoots;
        private JsonReaderState _listState;
        private TaskReadResult? _current;
        private bool _afterRootSameLine;
        private bool _sawRoot;
        private bool _lineMode;

        private enum State
        {
            BetweenRoots,
            ArrayFirst,
            ArrayNext,
            ListFirst,
            ListNext,
        }

        public TaskSequenceReader(Stream stream, BatchTaskReaderOptions? options = null, bool leaveOpen = false)
        {
            _stream = stream ?? throw new ArgumentNullException(nameof(stream));
            _options = options ?? BatchTaskReaderOptions.Default;
            _ctx = new ReadContext(_options);
            _leaveOpen = leaveOpen;
            _buf = new byte[InitialBuffer];
        }

        /// <summary>Reads from bytes already in memory (no copy is made).</summary>
        public TaskSequenceReader(byte[] utf8, int offset, int count, BatchTaskReaderOptions? options = null)
        {
            _options = options ?? BatchTaskReaderOptions.Default;
            _ctx = new ReadContext(_options);
            _buf = utf8 ?? throw new ArgumentNullException(nameof(utf8));
            _pos = offset;
            _end = offset + count;
            _bufferOffset = -offset;
            _lineStart = 0;
            _eof = true;
        }

        /// <summary>The layout found so far.</summary>
        public TaskInputFormat Format { get; private set; }

        /// <summary>The list response's <c>odata.nextLink</c>, once it has been read.</summary>
        public string? NextLink { get; private set; }

        /// <summary>Records read so far (good and bad).</summary>
        public long RecordCount => _records;

        public TaskReadResult Current => _current ?? throw new InvalidOperationException("No current record.");

        object IEnumerator.Current => Current;

        public IEnumerator<TaskReadResult> GetEnumerator() => this;

        IEnumerator IEnumerable.GetEnumerator() => this;

        public void Reset() => throw new NotSupportedException("A task sequence can be read once.");

        public void Dispose()
        {
            _done = true;
            if (!_leaveOpen)
            {
                _stream?.Dispose();
            }

            _stream = null;
        }

        public bool MoveNext()
        {
            _current = null;
            if (_done)
            {
                return false;
            }

            try
            {
                if (!_started)
                {
                    _started = true;
                    DetectEncoding();
                }

                _current = Step();
            }
            catch (BatchTaskReadException e)
            {
                // A fault that leaves no place to go on from.
                _records = Math.Max(_records, e.RecordNumber);
                _current = new TaskReadResult(null, e, e.RecordNumber, e.LineNumber, e.ByteOffset);
                _done = true;
            }

            if (_current == null)
            {
                _done = true;
                return false;
            }

            return true;
        }

        // ------------------------------------------------------------------ the state machine

        private TaskReadResult? Step()
        {
            while (true)
            {
                switch (_state)
                {
                    case State.BetweenRoots:
                    {
                        if (!SkipToRoot())
                        {
                            if (!_sawRoot)
                            {
                                throw Error(ReadErrorKind.NotATask, "the input holds no JSON", 0);
                            }

                            return null;
                        }

                        if (_pendingError != null)
                        {
                            return NotATaskRoot();
                        }

                        byte b = _buf[_pos];
                        _sawRoot = true;
                        if (b == (byte)'[')
                        {
                            Format = _records == 0 ? TaskInputFormat.Array : Format;
                            Advance(1);
                            _state = State.ArrayFirst;
                            continue;
                        }

                        if (b == (byte)'{')
                        {
                            if (IsListResponse())
                            {
                                Format = TaskInputFormat.ListResponse;
                                _state = State.ListFirst;
                                continue;
                            }

                            if (Format == TaskInputFormat.Unknown)
                            {
                                Format = TaskInputFormat.Single;
                            }
                            else if (Format == TaskInputFormat.Single)
                            {
                                Format = TaskInputFormat.NewlineDelimited;
                            }

                            TaskReadResult result = ReadRecord(root: true);
                            return result;
                        }

                        return NotATaskRoot();
                    }

                    case State.ArrayFirst:
                    case State.ArrayNext:
                    case State.ListFirst:
                    case State.ListNext:
                    {
                        bool list = _state == State.ListFirst || _state == State.ListNext;
                        bool first = _state == State.ArrayFirst || _state == State.ListFirst;
                        SkipWhitespace(sameLineOnly: false);
                        if (!EnsureData(1))
                        {
                            throw Error(ReadErrorKind.Syntax, "the JSON ends inside an array of tasks", 0);
                        }

                        byte b = _buf[_pos];
                        if (b == (byte)']')
                        {
                            if (list)
                            {
                                FinishListObject();
                            }
                            else
                            {
                                Advance(1);
                            }

                            _state = State.BetweenRoots;
                            _afterRootSameLine = true;
                            continue;
                        }

                        if (!first)
                        {
                            if (b != (byte)',')
                            {
                                throw Error(ReadErrorKind.Syntax, "invalid JSON: expected ',' or ']' between tasks", 0);
                            }

                            Advance(1);
                            SkipWhitespace(sameLineOnly: false);
                            if (!EnsureData(1))
                            {
                                throw Error(ReadErrorKind.Syntax, "the JSON ends inside an array of tasks", 0);
                            }

                            b = _buf[_pos];
                        }

                        _state = list ? State.ListNext : State.ArrayNext;
                        if (b == (byte)'{')
                        {
                            return ReadRecord(root: false);
                        }

                        return NotATaskElement();
                    }
                }
            }
        }

        /// <summary>Skips whitespace (and, after a root value, checks that only a newline follows it).</summary>
        private bool SkipToRoot()
        {
            if (_afterRootSameLine)
            {
                _afterRootSameLine = false;
                SkipWhitespace(sameLineOnly: true);
                if (EnsureData(1) && _buf[_pos] != (byte)'\n')
                {
                    // Reported as a record of its own, so it carries the next record number.
                    BatchTaskReadException e = Error(ReadErrorKind.Syntax, "invalid JSON: unexpected data after the end of a task on the same line (one task per line is expected)", 0, _records + 1);
                    ResyncToNextLine();
                    _pendingError = e;
                }
            }

            if (_pendingError != null)
            {
                return true;
            }

            SkipWhitespace(sameLineOnly: false);
            return EnsureData(1);
        }

        private BatchTaskReadException? _pendingError;

        private TaskReadResult NotATaskRoot()
        {
            if (_pendingError != null)
            {
                BatchTaskReadException e = _pendingError;
                _pendingError = null;
                _records++;
                return new TaskReadResult(null, e, _records, e.LineNumber, e.ByteOffset);
            }

            // A scalar root: parse it for a proper syntax error, else it is simply not a task.
            _records++;
            long line = _line, offset = Absolute(_pos);
            BatchTaskReadException error;
            while (true)
            {
                try
                {
                    var r = NewReader();
                    _ctx.Next(ref r);
                    error = _ctx.Fail(ref r, ReadErrorKind.NotATask, "expected a task object but found " + ReadContext.Describe(r.TokenType));
                    break;
                }
                catch (NeedMoreDataException)
                {
                    if (!Refill())
                    {
                        error = Error(ReadErrorKind.LimitExceeded, RecordLimitMessage(), 0);
                        break;
                    }
                }
                catch (JsonException je)
                {
                    error = _ctx.FromJsonException(je);
                    break;
                }
            }

            ResyncToNextLine();
            _afterRootSameLine = false;
            return new TaskReadResult(null, error, _records, line, offset);
        }

        private TaskReadResult NotATaskElement()
        {
            _records++;
            long line = _line, offset = Absolute(_pos);
            while (true)
            {
                try
                {
                    var r = NewReader();
                    _ctx.Next(ref r);
                    BatchTaskReadException e = _ctx.Fail(ref r, ReadErrorKind.NotATask, "expected a task object but found " + ReadContext.Describe(r.TokenType));
                    _ctx.SkipValue(ref r);
                    Advance((int)r.BytesConsumed);
                    return new TaskReadResult(null, e, _records, line, offset);
                }
                catch (NeedMoreDataException)
                {
                    if (!Refill())
                    {
                        throw Error(ReadErrorKind.LimitExceeded, RecordLimitMessage(), 0);
                    }
                }
                catch (JsonException je)
                {
                    throw _ctx.FromJsonException(je);
                }
            }
        }

        /// <summary>Reads one task object at the current position.</summary>
        private TaskReadResult ReadRecord(bool root)
        {
            if (_pendingError != null)
            {
                return NotATaskRoot();
            }

            _records++;
            while (true)
            {
                long line = _line, offset = Absolute(_pos);
                try
                {
                    // Newline-delimited input: a record ends with its line, so a broken line cannot
                    // swallow the next one.
                    int lineEnd = root && _lineMode ? FindLineEnd() : -1;
                    if (lineEnd >= 0 && lineEnd - _pos > _options.MaxRecordBytes)
                    {
                        BatchTaskReadException longLine = Error(ReadErrorKind.LimitExceeded, RecordLimitMessage(), 0);
                        ResyncToNextLine();
                        return new TaskReadResult(null, longLine, _records, line, offset);
                    }

                    // The fast path first: a task written plainly that ends inside what is buffered
                    // (BatchTaskReader.TryReadPlain); anything else is read below with every rule.
                    CloudTask? task = TryReadPlainRecord(lineEnd < 0 ? _end : lineEnd, out int consumed);
                    if (task == null)
                    {
                        var r = lineEnd < 0 ? NewReader() : NewReader(lineEnd);
                        _ctx.Next(ref r);
                        task = CloudTask.Metadata.ReadObject(ref r, _ctx);
                        consumed = (int)r.BytesConsumed;
                        if (consumed > _options.MaxRecordBytes)
                        {
                            // Read whole (the buffer may hold more than the limit), but over the limit all the same.
                            BatchTaskReadException big = Error(ReadErrorKind.LimitExceeded, RecordLimitMessage(), 0);
                            Advance(consumed);
                            _afterRootSameLine = root;
                            return new TaskReadResult(null, big, _records, line, offset);
                        }
                    }

                    Advance(consumed);
                    if (root)
                    {
                        _afterRootSameLine = true;
                        if (_records == 1 && _line == line)
                        {
                            _lineMode = true;
                        }
                    }

                    return new TaskReadResult(task, null, _records, line, offset);
                }
                catch (NeedMoreDataException)
                {
                    if (!Refill())
                    {
                        BatchTaskReadException big = Error(ReadErrorKind.LimitExceeded, RecordLimitMessage(), 0);
                        if (!root)
                        {
                            throw big;
                        }

                        ResyncToNextLine();
                        return new TaskReadResult(null, big, _records, line, offset);
                    }
                }
                catch (JsonException je)
                {
                    BatchTaskReadException e = _ctx.FromJsonException(je);
                    if (!root)
                    {
                        // Too deep is not broken: an array element nested past MaxDepth can be stepped
                        // over (up to the reader's hard limit) and the next elements read.
                        if (e.Kind == ReadErrorKind.LimitExceeded && SkipRecord(root: false, maxDepth: 1000, fatalOnError: false))
                        {
                            return new TaskReadResult(null, e, _records, line, offset);
                        }

                        throw e;
                    }

                    ResyncToNextLine();
                    return new TaskReadResult(null, e, _records, line, offset);
                }
                catch (BatchTaskReadException e) when (e.Kind != ReadErrorKind.Syntax)
                {
                    // A bad value inside well-formed JSON: step over the whole object and go on.
                    SkipRecord(root, _options.MaxDepth, fatalOnError: true);
                    return new TaskReadResult(null, e, _records, line, offset);
                }
                catch (BatchTaskReadException e)
                {
                    if (!root)
                    {
                        throw;
                    }

                    ResyncToNextLine();
                    return new TaskReadResult(null, e, _records, line, offset);
                }
            }
        }

        /// <summary>
        /// Steps over the record at the current position. Returns false (moving nothing) when it cannot
        /// and <paramref name="fatalOnError"/> is false; otherwise a fault ends the sequence or, for a
        /// root record, skips to the next line.
        /// </summary>
        private bool SkipRecord(bool root, int maxDepth, bool fatalOnError)
        {
            while (true)
            {
                try
                {
                    _ctx.BeginRecord(_buf, _pos, Absolute(_pos), _line, Column(_pos));
                    _ctx.IsFinalBlock = _eof;
                    var r = new Utf8JsonReader(new ReadOnlySpan<byte>(_buf, _pos, _end - _pos), _eof,
                        new JsonReaderState(new JsonReaderOptions { MaxDepth = maxDepth }));
                    _ctx.Next(ref r);
                    if (!r.TrySkip())
                    {
                        throw new NeedMoreDataException();
                    }

                    Advance((int)r.BytesConsumed);
                    if (root)
                    {
                        _afterRootSameLine = true;
                    }

                    return true;
                }
                catch (NeedMoreDataException)
                {
                    if (!Refill())
                    {
                        if (!fatalOnError)
                        {
                            return false;
                        }

                        throw Error(ReadErrorKind.LimitExceeded, RecordLimitMessage(), 0);
                    }
                }
                catch (JsonException je)
                {
                    if (!fatalOnError)
                    {
                        return false;
                    }

                    BatchTaskReadException e = _ctx.FromJsonException(je);
                    if (!root)
                    {
                        throw e;
                    }

                    ResyncToNextLine();
                    return true;
                }
            }
        }

        private static readonly byte[] s_value = Encoding.UTF8.GetBytes("value");

        /// <summary>
        /// At a root '{': is it a list response? Yes when, after any OData annotations, its first
        /// key is "value" holding an array. Then moves past that '[' and keeps the reader state.
        /// </summary>
        private bool IsListResponse()
        {
            while (true)
            {
                try
                {
                    var r = NewReader();
                    _ctx.Next(ref r); // {
                    while (true)
                    {
                        _ctx.Next(ref r);
                        if (r.TokenType != JsonTokenType.PropertyName)
                        {
                            return false;
                        }

                        // Not ValueTextEquals: it throws on an escaped lone surrogate (mutation input #326110).
                        if (r.ValueIsEscaped ? _ctx.DecodeString(ref r) == "value" : r.ValueSpan.SequenceEqual(s_value))
                        {
                            _ctx.Next(ref r);
                            if (r.TokenType != JsonTokenType.StartArray)
                            {
                                return false;
                            }

                            _listState = r.CurrentState;
                            Advance((int)r.BytesConsumed);
                            return true;
                        }

                        if (!r.ValueIsEscaped && r.ValueSpan.IndexOf((byte)'.') < 0)
                        {
                            return false; // a plain task key such as "id": no annotation, no list
                        }

                        string key = _ctx.DecodeString(ref r);
                        if (!ModelInfo<CloudTask>.IsODataAnnotation(key))
                        {
                            return false;
                        }

                        _ctx.Next(ref r);
                        if (key.EndsWith(".nextLink", StringComparison.Ordinal) && r.TokenType == JsonTokenType.String)
                        {
                            NextLink = _ctx.DecodeString(ref r);
                        }
                        else if (!r.TrySkip())
                        {
                            throw new NeedMoreDataException();
                        }
                    }
                }
                catch (NeedMoreDataException)
                {
                    if (!Refill())
                    {
                        return false; // too big to tell: read it as a task, which reports the limit
                    }
                }
                catch (JsonException)
                {
                    return false; // the task reader reports the syntax error with its position
                }
            }
        }

        /// <summary>After the list's closing ']': reads the rest of the list object (annotations).</summary>
        private void FinishListObject()
        {
            while (true)
            {
                try
                {
                    var r = new Utf8JsonReader(new ReadOnlySpan<byte>(_buf, _pos, _end - _pos), _eof, _listState);
                    _ctx.BeginRecord(_buf, _pos, Absolute(_pos), _line, Column(_pos));
                    _ctx.IsFinalBlock = _eof;
                    _ctx.Next(ref r); // ]
                    while (true)
                    {
                        _ctx.Next(ref r);
                        if (r.TokenType == JsonTokenType.EndObject && r.CurrentDepth == 0)
                        {
                            break;
                        }

                        string key = _ctx.DecodeString(ref r);
                        if (!ModelInfo<CloudTask>.IsODataAnnotation(key))
                        {
                            // {"value":[...],"id":"a",...}: never silently a list of tasks, or silently nothing.
                            throw Error(ReadErrorKind.NotATask,
                                "a list response holds \"value\" and OData annotations only, but this document also has '" + key +
                                "' after its \"value\" array: it is neither a list of tasks nor one task (a task keeps \"value\" as an unknown property only when its own keys come first)",
                                (int)r.TokenStartIndex);
                        }

                        _ctx.Next(ref r);
                        if (key.EndsWith(".nextLink", StringComparison.Ordinal) && r.TokenType == JsonTokenType.String)
                        {
                            NextLink = _ctx.DecodeString(ref r);
                        }
                        else if (!r.TrySkip())
                        {
                            throw new NeedMoreDataException();
                        }
                    }

                    Advance((int)r.BytesConsumed);
                    return;
                }
                catch (NeedMoreDataException)
                {
                    if (!Refill())
                    {
                        throw Error(ReadErrorKind.LimitExceeded, RecordLimitMessage(), 0);
                    }
                }
                catch (JsonException je)
                {
                    throw _ctx.FromJsonException(je);
                }
            }
        }

        // ------------------------------------------------------------------ buffer management

        /// <summary>The index of the next newline (or the end of input), reading more as needed.</summary>
        private int FindLineEnd()
        {
            int searched = _pos;
            while (true)
            {
                int nl = new ReadOnlySpan<byte>(_buf, searched, _end - searched).IndexOf((byte)'\n');
                if (nl >= 0)
                {
                    return searched + nl;
                }

                if (_eof)
                {
                    return _end;
                }

                int before = _pos;
                searched = _end;
                if (!Refill())
                {
                    throw new NeedMoreDataException();
                }

                searched -= before - _pos;
            }
        }

        /// <summary>The reader's fast path on the buffered bytes up to <paramref name="end"/>; null when the full reader must read the record.</summary>
        private CloudTask? TryReadPlainRecord(int end, out int consumed)
        {
            CloudTask? task = BatchTaskReader.TryReadPlainPrefix(new ReadOnlySpan<byte>(_buf, _pos, end - _pos), _options, out consumed);
            return task != null && consumed <= _options.MaxRecordBytes ? task : null;
        }

        /// <summary>A reader over the current position up to <paramref name="end"/>, as a final block.</summary>
        private Utf8JsonReader NewReader(int end)
        {
            _ctx.BeginRecord(_buf, _pos, Absolute(_pos), _line, Column(_pos));
            _ctx.IsFinalBlock = true;
            _ctx.RecordNumber = _records;
            return new Utf8JsonReader(new ReadOnlySpan<byte>(_buf, _pos, end - _pos), true, new JsonReaderState(_ctx.ReaderOptions));
        }

        private Utf8JsonReader NewReader()
        {
            _ctx.BeginRecord(_buf, _pos, Absolute(_pos), _line, Column(_pos));
            _ctx.IsFinalBlock = _eof;
            _ctx.RecordNumber = _records;
            return new Utf8JsonReader(new ReadOnlySpan<byte>(_buf, _pos, _end - _pos), _eof, new JsonReaderState(_ctx.ReaderOptions));
        }

        private long Absolute(int index) => _bufferOffset + index;

        private long Column(int index) => Absolute(index) - _lineStart;

        private string RecordLimitMessage() =>
            "a task is larger than the limit of " + _options.MaxRecordBytes + " bytes (MaxRecordBytes)";

        private BatchTaskReadException Error(ReadErrorKind kind, string reason, int at) => Error(kind, reason, at, _records);

        private BatchTaskReadException Error(ReadErrorKind kind, string reason, int at, long record)
        {
            // The line and column of _pos + at: count the newlines on the way there.
            long line = _line, lineStart = _lineStart;
            for (int k = _pos; k < _pos + at && k < _end; k++)
            {
                if (_buf[k] == (byte)'\n')
                {
                    line++;
                    lineStart = Absolute(k + 1);
                }
            }

            return new BatchTaskReadException(kind, reason, "$", line, Absolute(_pos + at) - lineStart + 1, Absolute(_pos + at), record);
        }

        private void Advance(int count)
        {
            int at = _pos;
            int stop = _pos + count;
            while (at < stop)
            {
                int nl = new ReadOnlySpan<byte>(_buf, at, stop - at).IndexOf((byte)'\n');
                if (nl < 0)
                {
                    break;
                }

                at += nl + 1;
                _line++;
                _lineStart = Absolute(at);
            }

            _pos = stop;
        }

        private void SkipWhitespace(bool sameLineOnly)
        {
            while (EnsureData(1))
            {
                byte b = _buf[_pos];
                if (b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r' || (!sameLineOnly && b == (byte)'\n'))
                {
                    Advance(1);
                }
                else
                {
                    return;
                }
            }
        }

        /// <summary>
        /// After a broken root record: goes on at the next line that starts, in its first column,
        /// with something other than whitespace or a closing bracket (where the next newline-delimited
        /// record would be; the inside of a pretty-printed document is indented), or at the end.
        /// </summary>
        private void ResyncToNextLine()
        {
            _afterRootSameLine = false;
            bool atLineStart = false;
            while (EnsureData(1))
            {
                byte b = _buf[_pos];
                if (atLineStart && !(b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r' || b == (byte)'\n' || b == (byte)'}' || b == (byte)']'))
                {
                    return;
                }

                atLineStart = b == (byte)'\n';
                Advance(1);
                if (_pos == _end && _stream != null)
                {
                    // Drop what was skipped so that a long bad line does not grow the buffer.
                    _bufferOffset += _pos;
                    _pos = _end = 0;
                }
            }
        }

        private bool EnsureData(int count)
        {
            while (_end - _pos < count)
            {
                if (_eof || !Refill())
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Reads more input, moving unread bytes to the front and growing up to the record limit.</summary>
        private bool Refill()
        {
            if (_eof || _stream == null)
            {
                return false;
            }

            if (_pos > 0)
            {
                Buffer.BlockCopy(_buf, _pos, _buf, 0, _end - _pos);
                _bufferOffset += _pos;
                _end -= _pos;
                _pos = 0;
            }

            if (_end == _buf.Length)
            {
                long limit = (long)_options.MaxRecordBytes + 4096;
                if (_buf.Length >= limit)
                {
                    return false;
                }

                Array.Resize(ref _buf, (int)Math.Min(limit, (long)_buf.Length * 2));
            }

            int n;
            try
            {
                n = _stream.Read(_buf, _end, _buf.Length - _end);
            }
            catch (InvalidTextException e)
            {
                // Where the decodable text ends.
                throw Error(ReadErrorKind.Syntax, e.Message, _end - _pos, _records + 1);
            }

            if (n <= 0)
            {
                _eof = true;
                return true; // the reader now sees the final block
            }

            _end += n;
            return true;
        }

        private void DetectEncoding()
        {
            EnsureData(4);
            int avail = _end - _pos;
            if (avail >= 3 && _buf[_pos] == 0xEF && _buf[_pos + 1] == 0xBB && _buf[_pos + 2] == 0xBF)
            {
                _pos += 3;
                _lineStart = Absolute(_pos);
                return;
            }

            if (avail >= 2 && ((_buf[_pos] == 0xFF && _buf[_pos + 1] == 0xFE) || (_buf[_pos] == 0xFE && _buf[_pos + 1] == 0xFF)))
            {
                // UTF-16 with a byte order mark (Windows PowerShell writes these): read it as UTF-8 from here on.
                bool bigEndian = _buf[_pos] == 0xFE;
                var rest = new MemoryStream(_buf, _pos + 2, _end - _pos - 2, writable: false);
                Stream source = _stream == null ? rest : new ConcatStream(rest, _stream);
                _stream = new Utf16ToUtf8Stream(source, bigEndian, _leaveOpen ? null : _stream);
                _buf = new byte[InitialBuffer];
                _pos = _end = 0;
                _bufferOffset = 0;
                _lineStart = 0;
                _eof = false;
            }
        }
    }

    /// <summary>Raised by the UTF-16 transcoder; the sequence reader turns it into a positioned read error.</summary>
    internal sealed class InvalidTextException : Exception
    {
        public InvalidTextException(string message, Exception inner)
            : base(message, inner)
        {
        }
    }

    /// <summary>Reads one stream after another.</summary>
    internal sealed class ConcatStream : Stream
    {
        private readonly Stream _first;
        private readonly Stream _second;
        private bool _firstDone;

        public ConcatStream(Stream first, Stream second)
        {
            _first = first;
            _second = second;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (!_firstDone)
            {
                int n = _first.Read(buffer, offset, count);
                if (n > 0)
                {
                    return n;
                }

                _firstDone = true;
            }

            return _second.Read(buffer, offset, count);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Turns UTF-16 bytes (after the byte order mark) into UTF-8 bytes, failing on invalid text.</summary>
    internal sealed class Utf16ToUtf8Stream : Stream
    {
        private readonly Stream _source;
        private readonly Stream? _owned;
        private readonly Decoder _decoder;
        private readonly byte[] _in = new byte[8192];
        private readonly char[] _chars = new char[8192];
        private byte[] _out = new byte[8192 * 3];
        private int _outPos;
        private int _outEnd;
        private bool _done;

        public Utf16ToUtf8Stream(Stream source, bool bigEndian, Stream? owned)
        {
            _source = source;
            _owned = owned;
            _decoder = new UnicodeEncoding(bigEndian, false, true).GetDecoder();
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (_outPos == _outEnd)
            {
                if (_done)
                {
                    return 0;
                }

                int n = _source.Read(_in, 0, _in.Length);
                bool flush = n <= 0;
                int chars;
                try
                {
                    chars = _decoder.GetChars(_in, 0, Math.Max(n, 0), _chars, 0, flush);
                }
                catch (DecoderFallbackException e)
                {
                    throw new InvalidTextException("the input is not valid UTF-16 text (an odd number of bytes or a lone surrogate)", e);
                }

                _outPos = 0;
                _outEnd = Utf8Encode(_chars, chars);
                _done = flush;
            }

            int take = Math.Min(count, _outEnd - _outPos);
            Buffer.BlockCopy(_out, _outPos, buffer, offset, take);
            _outPos += take;
            return take;
        }

        private int Utf8Encode(char[] chars, int count)
        {
            // Lone surrogates cannot be UTF-8: the decoder above already refused them.
            return Encoding.UTF8.GetBytes(chars, 0, count, _out, 0);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _owned?.Dispose();
            }

            base.Dispose(disposing);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
