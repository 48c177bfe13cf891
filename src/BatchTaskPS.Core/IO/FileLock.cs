using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace BatchTaskPS.IO
{
    /// <summary>
    /// An exclusive lock on a file's path, honoured by every BatchTaskPS process of the same user, that leaves
    /// nothing beside the file.
    /// </summary>
    /// <remarks>
    /// <para>The lock is an open handle with FileShare.None (an exclusive flock on Unix, a sharing lock on
    /// Windows) on a lock file in a per-user folder: <c>$BATCHTASK_LOCK_DIRECTORY</c> when set; on Unix
    /// <c>$XDG_RUNTIME_DIR/batchtask-locks</c> (a per-user tmpfs, emptied at logout) when there is one, else
    /// <c>$XDG_CACHE_HOME</c> or <c>~/.cache</c> + <c>/batchtask/locks</c>; on Windows
    /// <c>%LOCALAPPDATA%\BatchTask\locks</c>. The lock file is named by the SHA-256 of the file's canonical
    /// path (every symbolic link followed, so two links to one file share a lock; ignoring case on Windows
    /// and macOS), so the task file's folder gets no side file and needs no write permission beyond the
    /// rename.</para>
    /// <para>Lock files are never deleted. Deleting one on release has a race on Unix, where the lock is an
    /// advisory flock on the open file: a waiter that opened the old lock file just before it was unlinked can
    /// lock that orphan while a third process creates and locks a new file under the same name, and both
    /// believe they hold the lock. A lock file that is never deleted has one inode, so the lock is really
    /// exclusive. They are empty (one inode each, one per task file ever updated) and may be deleted when no
    /// update runs.</para>
    /// <para>Locking the task file itself was ruled out: readers open it with FileShare.ReadWrite, for which
    /// .NET takes a shared flock on Unix, so an exclusive lock held during an update would make every reader
    /// fail instead of seeing the old or the new version; and the file's inode changes with every update.</para>
    /// <para>Two different users updating the same file do not exclude each other unless they share a lock
    /// folder (set <c>BATCHTASK_LOCK_DIRECTORY</c> to a folder both can write); each update is still whole.</para>
    /// </remarks>
    internal static class FileLock
    {
        /// <summary>The environment variable that names the lock folder, for all users who must share locks.</summary>
        public const string DirectoryVariable = "BATCHTASK_LOCK_DIRECTORY";

        /// <summary>The folder that holds this user's lock files (not created here).</summary>
        public static string DefaultDirectory()
        {
            string? given = Environment.GetEnvironmentVariable(DirectoryVariable);
            if (!string.IsNullOrEmpty(given))
            {
                return Path.GetFullPath(given);
            }

            if (NativeFile.IsWindows)
            {
                string local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
                return Path.Combine(string.IsNullOrEmpty(local) ? Path.GetTempPath() : local, "BatchTask", "locks");
            }

            string? runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
            if (!string.IsNullOrEmpty(runtime) && Path.IsPathRooted(runtime) && Directory.Exists(runtime))
            {
                return Path.Combine(runtime, "batchtask-locks");
            }

            string? cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(cache) || !Path.IsPathRooted(cache))
            {
                string? home = Environment.GetEnvironmentVariable("HOME");
                cache = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache");
            }

            return cache != null
                ? Path.Combine(cache, "batchtask", "locks")
                : Path.Combine(Path.GetTempPath(), "batchtask-locks-" + (NativeFile.EffectiveUserId()?.ToString(CultureInfo.InvariantCulture) ?? Environment.UserName));
        }

        /// <summary>The lock file for <paramref name="canonicalPath"/> (a path from <see cref="NativeFile.ResolveFinalPath"/>) in <paramref name="directory"/>.</summary>
        public static string LockPathFor(string canonicalPath, string directory)
        {
            string key = NativeFile.IsWindows || System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.OSX)
                ? canonicalPath.ToUpperInvariant()
                : canonicalPath;
            byte[] hash;
            using (var sha = SHA256.Create())
            {
                hash = sha.ComputeHash(Encoding.UTF8.GetBytes(key));
            }

            var name = new StringBuilder(48);
            for (int k = 0; k < 20; k++)
            {
                name.Append(hash[k].ToString("x2", CultureInfo.InvariantCulture));
            }

            return Path.Combine(directory, name.Append(".lock").ToString());
        }

        /// <summary>
        /// Takes the exclusive lock of <paramref name="canonicalPath"/>, retrying with growing, jittered waits;
        /// returns null when <paramref name="timeout"/> passes first. Dispose the stream to release it.
        /// </summary>
        public static FileStream? TryAcquire(string canonicalPath, TimeSpan timeout, string? directory = null)
        {
            directory ??= DefaultDirectory();
            CreatePrivateDirectory(directory);
            string lockPath = LockPathFor(canonicalPath, directory);
            var clock = Stopwatch.StartNew();
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

                Thread.Sleep(delay + Jitter(delay + 1));
                delay = Math.Min(delay * 2, 40);
            }
        }

        private static void CreatePrivateDirectory(string directory)
        {
            if (Directory.Exists(directory))
            {
                return;
            }

            Directory.CreateDirectory(directory);
            if (!NativeFile.IsWindows && Environment.GetEnvironmentVariable(DirectoryVariable) == null)
            {
                // The user's own folder: nobody else needs to see which files are being updated.
                NativeFile.TrySetMode(directory, 0x1C0); // 0700
            }
        }

        private static int Jitter(int below)
        {
            byte[] b = new byte[1];
            RandomBytes.Fill(b);

            return b[0] % below;
        }
    }
}
