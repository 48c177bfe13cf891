using System;

namespace BatchTaskPS.IO
{
    /// <summary>
    /// Random bytes for what only has to differ (temporary file names, retry jitter, the random part of an
    /// offline ETag), taken from <see cref="Guid.NewGuid"/>: the runtime fills a new GUID from the operating
    /// system's random source directly. System.Security.Cryptography.RandomNumberGenerator gives the same
    /// quality, but its first use on Linux and macOS loads OpenSSL, which cost 15-22 ms of a fresh process
    /// before its first task was written (issue 16). Nothing here is a secret or a key.
    /// </summary>
    internal static class RandomBytes
    {
        /// <summary>Fills <paramref name="buffer"/> (up to 12 bytes: the GUID's version and variant bits are skipped).</summary>
        public static void Fill(byte[] buffer)
        {
            if (buffer.Length > 12)
            {
                throw new ArgumentOutOfRangeException(nameof(buffer), "At most 12 random bytes per call.");
            }

            // Bytes 0-5 and 10-15 of a version-4 GUID are random; 6-7 hold the version and 8-9 the variant.
            byte[] guid = Guid.NewGuid().ToByteArray();
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = guid[i < 6 ? i : i + 4];
            }
        }
    }
}
