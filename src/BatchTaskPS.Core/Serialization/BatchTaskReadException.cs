using System;
using System.Globalization;

namespace BatchTaskPS.Serialization
{
    /// <summary>What kind of fault a <see cref="BatchTaskReadException"/> reports.</summary>
    public enum ReadErrorKind
    {
        /// <summary>The bytes are not valid JSON (or not valid UTF-8 / UTF-16 text).</summary>
        Syntax,

        /// <summary>Valid JSON, but a value has the wrong JSON type for its property.</summary>
        WrongType,

        /// <summary>Valid JSON of the right type whose value cannot be used (bad date, out of range...).</summary>
        InvalidValue,

        /// <summary>A configured limit (depth, string size, record or document size) was exceeded.</summary>
        LimitExceeded,

        /// <summary>The document is valid JSON but not a task or a sequence of tasks.</summary>
        NotATask,
    }

    /// <summary>
    /// The one error the reader raises for bad input. It carries the JSON path of the fault, its line,
    /// its byte position in that line and from the start of the input, and a plain message.
    /// </summary>
    [Serializable]
    public sealed class BatchTaskReadException : Exception
    {
        public BatchTaskReadException(
            ReadErrorKind kind,
            string reason,
            string jsonPath,
            long lineNumber,
            long bytePositionInLine,
            long byteOffset,
            long recordNumber,
            Exception? inner = null)
            : base(Compose(reason, jsonPath, lineNumber, bytePositionInLine, recordNumber), inner)
        {
            Kind = kind;
            Reason = reason;
            JsonPath = jsonPath;
            LineNumber = lineNumber;
            BytePositionInLine = bytePositionInLine;
            ByteOffset = byteOffset;
            RecordNumber = recordNumber;
        }

        /// <summary>The kind of fault.</summary>
        public ReadErrorKind Kind { get; }

        /// <summary>The fault in plain words, without the location.</summary>
        public string Reason { get; }

        /// <summary>JSON path of the fault inside its task, such as <c>$.outputFiles[2].destination</c>.</summary>
        public string JsonPath { get; }

        /// <summary>1-based line of the input where the fault is; 0 when the input was not text (a dictionary).</summary>
        public long LineNumber { get; }

        /// <summary>1-based byte position of the fault within its line; 0 when unknown.</summary>
        public long BytePositionInLine { get; }

        /// <summary>0-based byte offset of the fault from the start of the input; -1 when unknown.</summary>
        public long ByteOffset { get; }

        /// <summary>1-based number of the task record in a sequence; 0 for a single document.</summary>
        public long RecordNumber { get; }

        private static string Compose(string reason, string path, long line, long column, long record)
        {
            string where = line > 0
                ? string.Format(CultureInfo.InvariantCulture, " (at {0}, line {1}, byte {2}", path, line, column)
                : string.Format(CultureInfo.InvariantCulture, " (at {0}", path);
            if (record > 0)
            {
                where += string.Format(CultureInfo.InvariantCulture, ", task record {0}", record);
            }

            return reason + where + ")";
        }
    }
}
