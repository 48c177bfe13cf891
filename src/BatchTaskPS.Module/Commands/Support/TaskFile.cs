using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace BatchTaskPS.Commands.Support
{
    /// <summary>
    /// Safe task-file IO shared by every BatchTaskPS process:
    /// readers open with FileShare.ReadWrite|Delete (a rename over the file never disturbs them: they
    /// see the old version or the new one, whole); writers hold an exclusive lock on the side file
    /// "&lt;file&gt;.lock" and replace the task file atomically (temporary file in the same folder,
    /// flushed to disk, renamed over the original).
    /// </summary>
    /// <remarks>
    /// The lock file is left in place after use on purpose. Deleting it on close (DeleteOnClose) has a
    /// race on Unix, where the lock is an advisory flock on the open file: a waiter that opened the old
    /// lock file just before it was unlinked can lock that orphan while a third process creates and locks
    /// a new file under the same name, and both believe they hold the lock. A lock file that is never
    /// deleted has one inode, so the lock is really exclusive. It holds no data and may be deleted when
    /// no script is updating the task file.
    /// </remarks>
    internal static class TaskFile
    {
        public const string LockSuffix = ".lock";

        public static FileStream OpenRead(string path) =>
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 65536, FileOptions.SequentialScan);

        public static byte[] ReadAll(string path)
        {
            using FileStream stream = OpenRead(path);
            var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }

        /// <summary>
        /// Takes the exclusive lock of <paramref name="path"/>, retrying with growing, jittered waits;
        /// returns null when <paramref name="timeout"/> passes first. Dispose the stream to release it.
        /// </summary>
        public static FileStream? TryLock(string path, TimeSpan timeout)
        {
            string lockPath = path + LockSuffix;
            var clock = Stopwatch.StartNew();
            var random = new Random(Guid.NewGuid().GetHashCode());
            int delay = 1;
            while (true)
            {
                try
                {
                    return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                }
                catch (IOException) when (clock.Elapsed < timeout)
                {
                    // Held by another process (or thread): wait and try again.
                }
                catch (IOException) when (clock.Elapsed >= timeout)
                {
                    return null;
                }

                Thread.Sleep(delay + random.Next(delay + 1));
                delay = Math.Min(delay * 2, 40);
            }
        }

        /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/> atomically (readers see old or new, never a mix).</summary>
        public static void WriteAtomic(string path, byte[] content)
        {
            string full = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(full) ?? ".";
            string temp = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
                {
                    stream.Write(content, 0, content.Length);
                    stream.Flush(flushToDisk: true);
                }

                ReplaceWithRetry(temp, full);
            }
            catch
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }

                throw;
            }
        }

        /// <summary>
        /// Renames <paramref name="temp"/> over <paramref name="target"/>. On Windows a reader that opened the
        /// target without FileShare.Delete blocks the rename for a moment, so a few short retries are made.
        /// </summary>
        private static void ReplaceWithRetry(string temp, string target)
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    File.Replace(temp, target, null);
                    return;
                }
                catch (IOException) when (attempt < 10)
                {
                    Thread.Sleep(10 * attempt);
                }
                catch (UnauthorizedAccessException) when (attempt < 10)
                {
                    Thread.Sleep(10 * attempt);
                }
            }
        }
    }
}
