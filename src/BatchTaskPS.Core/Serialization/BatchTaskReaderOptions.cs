using System;

namespace BatchTaskPS.Serialization
{
    /// <summary>Limits that keep hostile or broken input from exhausting memory or the stack.</summary>
    public sealed class BatchTaskReaderOptions
    {
        /// <summary>Default options.</summary>
        public static BatchTaskReaderOptions Default { get; } = new BatchTaskReaderOptions();

        private int _maxDepth = 64;
        private int _maxStringBytes = 4 * 1024 * 1024;
        private int _maxRecordBytes = 16 * 1024 * 1024;
        private long _maxDocumentBytes = 512L * 1024 * 1024;

        /// <summary>Deepest nesting of arrays and objects inside one document (default 64).</summary>
        public int MaxDepth
        {
            get => _maxDepth;
            set => _maxDepth = value > 0 && value <= 1000 ? value : throw new ArgumentOutOfRangeException(nameof(value), "MaxDepth must be between 1 and 1000.");
        }

        /// <summary>Largest single string (or property name), in UTF-8 bytes as written (default 4 MiB).</summary>
        public int MaxStringBytes
        {
            get => _maxStringBytes;
            set => _maxStringBytes = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        /// <summary>
        /// Largest single task in a sequence (one NDJSON line, one array element), in bytes (default 16 MiB).
        /// </summary>
        public int MaxRecordBytes
        {
            get => _maxRecordBytes;
            set => _maxRecordBytes = value > 0 && value <= 1024 * 1024 * 1024 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        /// <summary>Largest document read whole into memory (a single task from a stream), in bytes (default 512 MiB).</summary>
        public long MaxDocumentBytes
        {
            get => _maxDocumentBytes;
            set => _maxDocumentBytes = value > 0 && value <= int.MaxValue ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        /// <summary>
        /// Converts values of types the dictionary reader does not know (for example a PowerShell
        /// PSObject) into ones it does (dictionaries, lists, scalars). Null leaves the value as it is.
        /// </summary>
        public Func<object, object?>? ValueAdapter { get; set; }

        /// <summary>
        /// False reads everything with the full reader (tests compare the fast path against it); the
        /// results are the same either way.
        /// </summary>
        internal bool UsePlainPath { get; set; } = true;

        internal BatchTaskReaderOptions Clone() => (BatchTaskReaderOptions)MemberwiseClone();
    }
}
