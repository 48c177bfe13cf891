using System;
using System.Collections.Generic;
using System.IO;
using BatchTaskPS.IO;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;

namespace BatchTaskPS.Commands.Support
{
    /// <summary>
    /// Safe task-file IO shared by every BatchTaskPS process: readers open with FileShare.ReadWrite|Delete (a
    /// rename over the file never disturbs them: they see the old version or the new one, whole); writers hold
    /// an exclusive per-path lock (<see cref="FileLock"/>: a lock file in the user's lock folder, none beside the
    /// task file) and replace the file atomically (<see cref="AtomicFile"/>: a temporary file in the same folder,
    /// flushed to disk, given the old file's mode and owner, renamed over it; symbolic links followed).
    /// </summary>
    internal static class TaskFile
    {
        public static FileStream OpenRead(string path) =>
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 65536, FileOptions.SequentialScan);

        public static byte[] ReadAll(string path)
        {
            using FileStream stream = OpenRead(path);
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }

        /// <summary>The file a path finally names (symbolic links followed): the one to lock, read and replace.</summary>
        public static string Resolve(string path) => NativeFile.ResolveFinalPath(path);

        /// <summary>True when the file is marked read-only (no write bit, or the read-only attribute) or this process may not write it.</summary>
        public static bool IsReadOnly(string path) => AtomicFile.IsReadOnly(path);

        /// <summary>
        /// Takes the exclusive lock of <paramref name="resolvedPath"/> (from <see cref="Resolve"/>); null when
        /// <paramref name="timeout"/> passes first. Dispose the stream to release it.
        /// </summary>
        public static FileStream? TryLock(string resolvedPath, TimeSpan timeout) => FileLock.TryAcquire(resolvedPath, timeout);

        /// <summary>Deletes the temporary files of <paramref name="resolvedPath"/> left by writers that are gone (killed); returns them.</summary>
        public static IReadOnlyList<string> RemoveStaleTemporaryFiles(string resolvedPath)
        {
            string name = Path.GetFileName(resolvedPath);
            return AtomicFile.RemoveStaleTemporaryFiles(Path.GetDirectoryName(resolvedPath) ?? ".", target => AtomicFile.IsTemporaryNameOf(target, name));
        }

        /// <summary>
        /// The new bytes of a task file that held <paramref name="original"/> (read as <paramref name="before"/>)
        /// for <paramref name="after"/>, in the file's own layout: only what changed is rewritten, in its
        /// indentation, line endings and encoding (<see cref="JsonLayout"/>). The result is read back with
        /// <paramref name="read"/>; should it not hold <paramref name="after"/> exactly, the task is written whole
        /// in the file's style instead.
        /// </summary>
        public static byte[] Render(byte[] original, CloudTask before, CloudTask after, Func<byte[], CloudTask> read)
        {
            var writer = new BatchTaskWriter(new BatchTaskWriterOptions { Shape = TaskShape.Full, IncludeAdditionalProperties = true });
            byte[] now = writer.WriteUtf8(after);
            byte[] merged = JsonLayout.Rewrite(original, writer.WriteUtf8(before), now);
            if (Holds(merged, now, writer, read))
            {
                return merged;
            }

            return JsonLayout.Rewrite(original, null, now);
        }

        private static bool Holds(byte[] file, byte[] expected, BatchTaskWriter writer, Func<byte[], CloudTask> read)
        {
            try
            {
                byte[] back = writer.WriteUtf8(read(file));
                return back.AsSpan().SequenceEqual(expected);
            }
            catch (BatchTaskReadException)
            {
                return false;
            }
        }

        /// <summary>
        /// Replaces <paramref name="path"/> with <paramref name="content"/> atomically (readers see old or new, never
        /// a mix), keeping its mode and owner. Returns what of its metadata could not be kept, if anything.
        /// </summary>
        public static IReadOnlyList<string> WriteAtomic(string path, byte[] content) => AtomicFile.WriteAllBytes(path, content);
    }
}
