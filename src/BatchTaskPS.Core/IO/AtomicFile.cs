using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;

namespace BatchTaskPS.IO
{
    /// <summary>The target file exists and the writer was told not to replace it.</summary>
    internal sealed class AtomicFileExistsException : IOException
    {
        public AtomicFileExistsException(string path)
            : base("The file '" + path + "' already exists.")
        {
            FilePath = path;
        }

        public string FilePath { get; }
    }

    /// <summary>
    /// Files replaced whole: the new content goes to a temporary file in the same folder, which is flushed to
    /// disk, given the mode and owner of the file it replaces and renamed over it. Readers see the old file or
    /// the new one, never a mix; a write that does not finish leaves the old file as it was.
    /// </summary>
    /// <remarks>
    /// <para>Temporary files are named <c>.&lt;name&gt;.batchtask-&lt;pid&gt;-&lt;8 hex&gt;.tmp</c> (hidden on Unix, recognisable,
    /// unique per writer). One left behind by a process that was killed (kill -9, power loss) is removed by the
    /// next writer of the same folder: <see cref="RemoveStaleTemporaryFiles"/> deletes those whose process is
    /// no longer running. A pid that has been reused keeps its file until that process is gone too; writers on
    /// other machines or in other pid namespaces sharing the folder are not seen, so their temporary files are
    /// only safe from this cleanup while their pid is running here too (one machine per folder is assumed).</para>
    /// <para>What is kept of the file replaced: on Unix its permission bits (07777) and, on Linux, its owner and
    /// group (chown needs root for another owner; the group needs membership); a protected file's new content is
    /// never readable by others, because the temporary file is created 0600 and opened up only just before the
    /// rename. On Windows, File.Replace (ReplaceFile) keeps the attributes and the access-control list. Not
    /// kept: extended attributes, POSIX ACLs, SELinux labels, hard links (the name gets a new file; other
    /// names of the old one keep the old content).</para>
    /// <para>A symbolic link is followed: the file it points at is replaced and the link stays a link.</para>
    /// </remarks>
    internal static class AtomicFile
    {
        /// <summary>What every temporary file name holds, between the target's name and the pid.</summary>
        public const string TemporaryMarker = ".batchtask-";

        /// <summary>The extension of every temporary file.</summary>
        public const string TemporaryExtension = ".tmp";

        // Names are at most 255 bytes on most file systems: the target's part is cut to leave room for the rest.
        private const int MaxNamePart = 180;

        /// <summary>A new temporary file name for <paramref name="fileName"/> in <paramref name="directory"/>, owned by this process.</summary>
        public static string TemporaryPathFor(string directory, string fileName)
        {
            byte[] random = new byte[4];
            RandomBytes.Fill(random);

            string namePart = fileName.Length > MaxNamePart ? fileName.Substring(0, MaxNamePart) : fileName;
            string hex = random[0].ToString("x2", CultureInfo.InvariantCulture) + random[1].ToString("x2", CultureInfo.InvariantCulture) +
                random[2].ToString("x2", CultureInfo.InvariantCulture) + random[3].ToString("x2", CultureInfo.InvariantCulture);
            return Path.Combine(directory, "." + namePart + TemporaryMarker + CurrentProcessId.ToString(CultureInfo.InvariantCulture) + "-" + hex + TemporaryExtension);
        }

        /// <summary>
        /// Parses a temporary file name made by <see cref="TemporaryPathFor"/>: the target's name (cut to the
        /// same length) and the pid of the writer. False for any other name.
        /// </summary>
        public static bool TryParseTemporaryName(string name, out string fileName, out int processId)
        {
            fileName = string.Empty;
            processId = 0;
            if (name.Length < 2 || name[0] != '.' || !name.EndsWith(TemporaryExtension, StringComparison.Ordinal))
            {
                return false;
            }

            int marker = name.LastIndexOf(TemporaryMarker, StringComparison.Ordinal);
            if (marker < 1)
            {
                return false;
            }

            string rest = name.Substring(marker + TemporaryMarker.Length, name.Length - marker - TemporaryMarker.Length - TemporaryExtension.Length);
            int dash = rest.IndexOf('-');
            if (dash < 1 || rest.Length - dash - 1 != 8 || !IsLowerHex(rest.Substring(dash + 1)))
            {
                return false;
            }

            if (!int.TryParse(rest.Substring(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out processId) || processId <= 0)
            {
                return false;
            }

            fileName = name.Substring(1, marker - 1);
            return true;
        }

        /// <summary>
        /// Deletes the temporary files in <paramref name="directory"/> whose writer is no longer running and
        /// whose target name passes <paramref name="forTarget"/> (all of ours when null). Returns their paths.
        /// Files that cannot be deleted are left (a later writer tries again).
        /// </summary>
        public static IReadOnlyList<string> RemoveStaleTemporaryFiles(string directory, Func<string, bool>? forTarget = null)
        {
            var removed = new List<string>();
            IEnumerable<string> candidates;
            try
            {
                candidates = Directory.EnumerateFiles(directory, ".*" + TemporaryMarker + "*" + TemporaryExtension);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return removed;
            }

            var alive = new Dictionary<int, bool>();
            foreach (string path in candidates)
            {
                if (!TryParseTemporaryName(Path.GetFileName(path), out string target, out int pid) || (forTarget != null && !forTarget(target)))
                {
                    continue;
                }

                if (!alive.TryGetValue(pid, out bool running))
                {
                    running = IsProcessRunning(pid);
                    alive[pid] = running;
                }

                if (running)
                {
                    continue;
                }

                try
                {
                    File.Delete(path);
                    removed.Add(path);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // Someone else's file, or in use: leave it.
                }
            }

            return removed;
        }

        /// <summary>Whether the target name of a temporary file is one of <paramref name="fileName"/>'s (cut to the same length).</summary>
        public static bool IsTemporaryNameOf(string temporaryTarget, string fileName) =>
            string.Equals(temporaryTarget, fileName.Length > MaxNamePart ? fileName.Substring(0, MaxNamePart) : fileName, StringComparison.Ordinal);

        /// <summary>
        /// True when <paramref name="path"/> must not be rewritten: no write bit in its mode (Unix), the read-only
        /// attribute (Windows), or this process may not open it for writing. Root may write a 0444 file; it is
        /// refused all the same, because its owner marked it read-only.
        /// </summary>
        public static bool IsReadOnly(string path)
        {
            if (NativeFile.IsWindows)
            {
                if ((File.GetAttributes(path) & FileAttributes.ReadOnly) != 0)
                {
                    return true;
                }
            }
            else if (NativeFile.TryGetStatus(path, out UnixFileStatus status) && status.HasNoWriteBit)
            {
                return true;
            }

            try
            {
                // Opening for writing changes nothing (no truncation, no time stamp) and asks the OS the real question.
                using var probe = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return true;
            }
            catch (IOException)
            {
                // In use, or another fault: not a question of permission.
                return false;
            }
        }

        /// <summary>Replaces (or creates) <paramref name="path"/> with <paramref name="content"/>, atomically. Returns what could not be kept, if anything.</summary>
        public static IReadOnlyList<string> WriteAllBytes(string path, byte[] content)
        {
            using AtomicFileWriter writer = AtomicFileWriter.Open(path);
            writer.Stream.Write(content, 0, content.Length);
            return writer.Commit(overwrite: true);
        }

        /// <summary>
        /// Gives <paramref name="temp"/> the mode and owner of <paramref name="original"/>; returns what could not be kept.
        /// </summary>
        internal static IReadOnlyList<string> CopyOwnerAndMode(string original, string temp)
        {
            var lost = new List<string>();
            if (NativeFile.IsWindows || !NativeFile.TryGetStatus(original, out UnixFileStatus wanted))
            {
                return lost;
            }

            if (wanted.UserId.HasValue && wanted.GroupId.HasValue && NativeFile.TryGetStatus(temp, out UnixFileStatus have))
            {
                uint? uid = have.UserId == wanted.UserId ? null : wanted.UserId;
                uint? gid = have.GroupId == wanted.GroupId ? null : wanted.GroupId;
                if ((uid.HasValue || gid.HasValue) && NativeFile.Chown(temp, uid, gid) != 0)
                {
                    // Only root may give a file to another user; the group may still be ours to give.
                    bool groupKept = !gid.HasValue || (uid.HasValue && NativeFile.Chown(temp, null, gid) == 0);
                    lost.Add(string.Format(CultureInfo.InvariantCulture,
                        uid.HasValue ? "the owner {0}:{1} (only root can give a file to another user; it now belongs to this user{2})" : "the group {1} (this user is not a member of it)",
                        wanted.UserId, wanted.GroupId, groupKept ? ", in its old group" : string.Empty));
                }
            }

            // After chown, which clears the setuid and setgid bits.
            if (!NativeFile.TrySetMode(temp, wanted.Mode))
            {
                lost.Add("the mode " + Convert.ToString(wanted.Mode, 8).PadLeft(4, '0'));
            }

            return lost;
        }

        /// <summary>
        /// Renames <paramref name="temp"/> over <paramref name="target"/>. On Windows a reader that opened the
        /// target without FileShare.Delete blocks the rename for a moment, so a few short retries are made.
        /// </summary>
        internal static void ReplaceWithRetry(string temp, string target)
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    File.Replace(temp, target, null);
                    return;
                }
                catch (FileNotFoundException) when (File.Exists(temp))
                {
                    // The target went away meanwhile: the new content simply takes its name.
                    File.Move(temp, target);
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

        internal static int CurrentProcessId { get; } = GetCurrentProcessId();

        private static int GetCurrentProcessId()
        {
            using Process current = Process.GetCurrentProcess();
            return current.Id;
        }

        /// <summary>Whether a process with this id runs on this machine (a zombie counts as running).</summary>
        internal static bool IsProcessRunning(int processId)
        {
            if (processId == CurrentProcessId)
            {
                return true;
            }

            try
            {
                using Process p = Process.GetProcessById(processId);
                return true;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        private static bool IsLowerHex(string s)
        {
            foreach (char c in s)
            {
                if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// One file written atomically: write to <see cref="Stream"/>, then <see cref="Commit"/> renames the finished
    /// temporary file over the target. Disposing without a commit (an error, a stopped pipeline) deletes the
    /// temporary file and leaves the target as it was. Commit and Dispose may race (PowerShell's StopProcessing
    /// runs on another thread): one of them wins, whole.
    /// </summary>
    internal sealed class AtomicFileWriter : IDisposable
    {
        private readonly object _gate = new object();
        private FileStream? _stream;
        private bool _done;

        private AtomicFileWriter(string target, string temp, FileStream stream)
        {
            TargetPath = target;
            TemporaryPath = temp;
            _stream = stream;
        }

        /// <summary>The file that will be replaced: the given path with every symbolic link followed.</summary>
        public string TargetPath { get; }

        /// <summary>The temporary file being written, in the target's folder.</summary>
        public string TemporaryPath { get; }

        /// <summary>Where the new content goes.</summary>
        public Stream Stream => _stream ?? throw new ObjectDisposedException(nameof(AtomicFileWriter));

        /// <summary>True once the new content has replaced the target.</summary>
        public bool IsCommitted { get; private set; }

        /// <summary>Starts writing a new version of <paramref name="path"/> (which need not exist yet).</summary>
        public static AtomicFileWriter Open(string path, int bufferSize = 65536)
        {
            string target = NativeFile.ResolveFinalPath(path);
            string directory = Path.GetDirectoryName(target) ?? ".";
            string temp = AtomicFile.TemporaryPathFor(directory, Path.GetFileName(target));

            // A file that exists may be protected (a registry password in a 0600 file): its next version is
            // private until it takes the old one's mode. A new file is created as any new file would be.
            FileStream stream = File.Exists(target)
                ? NativeFile.CreatePrivate(temp, bufferSize)
                : new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize, FileOptions.None);
            return new AtomicFileWriter(target, temp, stream);
        }

        /// <summary>
        /// Flushes the content to disk and closes the temporary file, which stays in place (and is still deleted
        /// by <see cref="Dispose"/>) until <see cref="Commit"/>: for many files written first and committed
        /// together, without holding a handle on each.
        /// </summary>
        public void Close()
        {
            lock (_gate)
            {
                if (_done)
                {
                    throw new ObjectDisposedException(nameof(AtomicFileWriter), "The write was abandoned.");
                }

                if (_stream != null)
                {
                    _stream.Flush(flushToDisk: true);
                    _stream.Dispose();
                    _stream = null;
                }
            }
        }

        /// <summary>
        /// Flushes the content to disk and puts it in place of the target, with the target's mode and owner.
        /// With <paramref name="overwrite"/> false an existing target is left alone and
        /// <see cref="AtomicFileExistsException"/> is thrown (no file is replaced, checked at the rename).
        /// Returns what of the old file's metadata could not be kept (empty when all was).
        /// </summary>
        public IReadOnlyList<string> Commit(bool overwrite)
        {
            lock (_gate)
            {
                if (_done)
                {
                    throw new ObjectDisposedException(nameof(AtomicFileWriter), "The write was abandoned.");
                }

                try
                {
                    if (_stream != null)
                    {
                        _stream.Flush(flushToDisk: true);
                        _stream.Dispose();
                        _stream = null;
                    }

                    IReadOnlyList<string> lost = Array.Empty<string>();
                    if (File.Exists(TargetPath))
                    {
                        if (!overwrite)
                        {
                            throw new AtomicFileExistsException(TargetPath);
                        }

                        lost = AtomicFile.CopyOwnerAndMode(TargetPath, TemporaryPath);
                        AtomicFile.ReplaceWithRetry(TemporaryPath, TargetPath);
                    }
                    else
                    {
                        try
                        {
                            // Never over a file: fails if one appeared meanwhile.
                            File.Move(TemporaryPath, TargetPath);
                        }
                        catch (IOException) when (File.Exists(TargetPath) && File.Exists(TemporaryPath))
                        {
                            if (!overwrite)
                            {
                                throw new AtomicFileExistsException(TargetPath);
                            }

                            lost = AtomicFile.CopyOwnerAndMode(TargetPath, TemporaryPath);
                            AtomicFile.ReplaceWithRetry(TemporaryPath, TargetPath);
                        }
                    }

                    IsCommitted = true;
                    return lost;
                }
                finally
                {
                    _done = true;
                    if (!IsCommitted)
                    {
                        DeleteTemporary();
                    }
                }
            }
        }

        /// <summary>Abandons the write unless it was committed: the temporary file is deleted, the target stays as it was.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                if (_done)
                {
                    return;
                }

                _done = true;
                DeleteTemporary();
            }
        }

        private void DeleteTemporary()
        {
            try
            {
                _stream?.Dispose();
            }
            catch (IOException)
            {
                // A failed final flush of content that is thrown away anyway.
            }

            _stream = null;
            try
            {
                File.Delete(TemporaryPath);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Left for the next writer's cleanup of stale temporary files.
            }
        }
    }
}
