using System;
using System.IO;
using System.Text;

namespace BatchTaskPS.Serialization
{
    /// <summary>
    /// Gives each bad record of a sequence a short, masked excerpt of the text around its fault, reading
    /// the same input once, forward only, beside the sequence reader: however many records are bad, the
    /// input is read one more time at most, never again from its start (error handling stays linear in
    /// the input and the number of errors). Ask for the errors in the order the sequence gives them.
    /// </summary>
    public sealed class ErrorExcerptReader : IDisposable
    {
        /// <summary>Characters shown on each side of the fault (within its line).</summary>
        public const int Radius = 200;

        // Context read before the fault at most (masking needs the keys before it), and after it.
        private const int MaxBefore = 64 * 1024;
        private const int After = 4 * Radius * 2;

        private readonly Stream _input;
        private readonly bool _leaveOpen;
        private readonly UTF8Encoding _utf8 = new UTF8Encoding(false, false);
        private byte[] _window = new byte[16 * 1024];
        private long _windowStart;   // input offset of _window[0]
        private int _windowLength;   // bytes of _window in use
        private bool _eof;

        /// <summary>Work counter for tests: bytes read from the input and characters masked.</summary>
        internal long WorkDone { get; private set; }

        /// <summary>Reads <paramref name="input"/> (the same bytes the sequence reader is given, from their start).</summary>
        public ErrorExcerptReader(Stream input, bool leaveOpen = false)
        {
            _input = input ?? throw new ArgumentNullException(nameof(input));
            _leaveOpen = leaveOpen;
        }

        /// <summary>
        /// The masked text around the fault of <paramref name="result"/>'s error, within its line, at most
        /// <see cref="Radius"/> characters on each side; null when there is none to give (no error, no position,
        /// a place already passed, or input that is not UTF-8).
        /// </summary>
        public string? Excerpt(TaskReadResult result)
        {
            if (result == null)
            {
                throw new ArgumentNullException(nameof(result));
            }

            BatchTaskReadException? e = result.Error;
            if (e == null || e.ByteOffset < 0 || e.LineNumber <= 0)
            {
                return null;
            }

            long fault = e.ByteOffset;
            if (fault < _windowStart)
            {
                return null; // never read back
            }

            // Start at the record (masking sees its keys), unless that is out of reach: then at most MaxBefore back.
            bool recordKnown = result.ByteOffset < fault;
            long start = recordKnown ? result.ByteOffset : fault;
            if (!recordKnown)
            {
                start = _windowStart; // no record start: all the context that is still at hand
            }

            long floor = Math.Max(_windowStart, fault - MaxBefore);
            bool cut = start < floor || (!recordKnown && start > 0);
            start = Math.Max(start, floor);

            Fill(fault + After, start);
            Drop(start);
            int faultIndex = (int)Math.Min(fault - _windowStart, _windowLength);
            if (_windowLength >= 2 && _windowStart == 0 && ((_window[0] == 0xFF && _window[1] == 0xFE) || (_window[0] == 0xFE && _window[1] == 0xFF)))
            {
                return null; // UTF-16 input: offsets are not into these bytes
            }

            string before = _utf8.GetString(_window, 0, faultIndex);
            string after = _utf8.GetString(_window, faultIndex, _windowLength - faultIndex);
            string text = before + after;
            WorkDone += text.Length;
            return Redaction.Excerpt(text, before.Length, Radius, cut);
        }

        /// <summary>
        /// Reads until the window reaches <paramref name="until"/> (or the input ends), forgetting the bytes
        /// before <paramref name="keepFrom"/> on the way, so the window never holds more than it needs.
        /// </summary>
        private void Fill(long until, long keepFrom)
        {
            while (!_eof && _windowStart + _windowLength < until)
            {
                if (_windowLength == _window.Length)
                {
                    Drop(keepFrom);
                    if (_windowLength == _window.Length)
                    {
                        Array.Resize(ref _window, _window.Length * 2);
                    }
                }

                int n = _input.Read(_window, _windowLength, _window.Length - _windowLength);
                if (n <= 0)
                {
                    _eof = true;
                    break;
                }

                _windowLength += n;
                WorkDone += n;
            }
        }

        /// <summary>Forgets the bytes before <paramref name="offset"/>.</summary>
        private void Drop(long offset)
        {
            long drop = Math.Min(offset - _windowStart, _windowLength);
            if (drop <= 0)
            {
                return;
            }

            Buffer.BlockCopy(_window, (int)drop, _window, 0, _windowLength - (int)drop);
            _windowLength -= (int)drop;
            _windowStart += drop;
        }

        public void Dispose()
        {
            if (!_leaveOpen)
            {
                _input.Dispose();
            }
        }
    }
}
