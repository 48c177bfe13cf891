using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace BatchTaskPS.IO
{
    /// <summary>What <see cref="NativeFile.TryGetStatus"/> learned about a file: its permission bits and, where known, its owner.</summary>
    internal readonly struct UnixFileStatus
    {
        public UnixFileStatus(int mode, uint? userId, uint? groupId, long? linkCount)
        {
            Mode = mode;
            UserId = userId;
            GroupId = groupId;
            LinkCount = linkCount;
        }

        /// <summary>The permission bits (07777: rwx for user, group, other, plus setuid, setgid and sticky).</summary>
        public int Mode { get; }

        /// <summary>The owner's uid; null where it cannot be read (anything but Linux).</summary>
        public uint? UserId { get; }

        /// <summary>The owning group's gid; null where it cannot be read.</summary>
        public uint? GroupId { get; }

        /// <summary>The number of hard links; null where it cannot be read.</summary>
        public long? LinkCount { get; }

        /// <summary>True when no one may write the file by its mode (no w bit for user, group or other).</summary>
        public bool HasNoWriteBit => (Mode & 0x92) == 0; // 0222
    }

    /// <summary>
    /// The few file-system facts the module needs beyond what netstandard2.0 offers, found without ABI guesses.
    /// </summary>
    /// <remarks>
    /// <para>The module targets netstandard2.0 (one dll for PowerShell 7 and Windows PowerShell 5.1), so the
    /// .NET 7 APIs for Unix permissions (<c>File.GetUnixFileMode</c>, <c>File.SetUnixFileMode</c>,
    /// <c>FileStreamOptions.UnixCreateMode</c>) and the .NET 6 <c>FileSystemInfo.ResolveLinkTarget</c> are
    /// found by reflection; PowerShell 7.4 and later run on .NET 8 or newer, where they all exist.</para>
    /// <para>Reading the owner has no .NET API at all. libc's <c>stat</c> is ABI-fragile (struct stat differs by
    /// architecture and glibc exported it only from 2.33 on), so on Linux the owner comes from <c>statx</c>
    /// (glibc 2.28 and later), whose struct is the same on every architecture. Elsewhere the owner is not read
    /// and not kept. <c>chown</c>, <c>chmod</c>, <c>geteuid</c> and <c>realpath</c> have the same signature
    /// on every Unix and are called directly.</para>
    /// </remarks>
    internal static class NativeFile
    {
        private static readonly MethodInfo? s_getUnixFileMode = typeof(File).GetMethod("GetUnixFileMode", new[] { typeof(string) });
        private static readonly Type? s_unixFileModeType = s_getUnixFileMode?.ReturnType;
        private static readonly MethodInfo? s_setUnixFileMode = s_unixFileModeType == null ? null : typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), s_unixFileModeType });
        private static readonly MethodInfo? s_resolveLinkTarget = typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", new[] { typeof(bool) });
        private static readonly Type? s_fileStreamOptionsType = typeof(FileStream).Assembly.GetType("System.IO.FileStreamOptions", throwOnError: false);
        private static readonly ConstructorInfo? s_fileStreamWithOptions = s_fileStreamOptionsType == null ? null : typeof(FileStream).GetConstructor(new[] { typeof(string), s_fileStreamOptionsType });

        public static bool IsWindows { get; } = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        public static bool IsLinux { get; } = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

        /// <summary>The permission bits and, on Linux, the owner of <paramref name="path"/> (links followed); false when unknown (Windows, or the file is gone).</summary>
        public static bool TryGetStatus(string path, out UnixFileStatus status)
        {
            status = default;
            if (IsWindows)
            {
                return false;
            }

            if (IsLinux && TryStatx(path, out status))
            {
                return true;
            }

            if (s_getUnixFileMode == null)
            {
                return false;
            }

            try
            {
                int mode = Convert.ToInt32(s_getUnixFileMode.Invoke(null, new object[] { path }), System.Globalization.CultureInfo.InvariantCulture);
                status = new UnixFileStatus(mode & 0xFFF, null, null, null);
                return true;
            }
            catch (TargetInvocationException e) when (e.InnerException is IOException || e.InnerException is UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>Sets the permission bits (07777) of <paramref name="path"/>; false when they cannot be set here.</summary>
        public static bool TrySetMode(string path, int mode)
        {
            if (IsWindows)
            {
                return false;
            }

            if (s_setUnixFileMode != null)
            {
                try
                {
                    s_setUnixFileMode.Invoke(null, new[] { path, Enum.ToObject(s_unixFileModeType!, mode & 0xFFF) });
                    return true;
                }
                catch (TargetInvocationException e) when (e.InnerException is IOException || e.InnerException is UnauthorizedAccessException)
                {
                    return false;
                }
            }

            try
            {
                return UnixMethods.Chmod(Utf8Z(path), (uint)(mode & 0xFFF)) == 0;
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return false;
            }
        }

        /// <summary>
        /// Gives <paramref name="path"/> the owner <paramref name="userId"/> and group <paramref name="groupId"/>
        /// (null: leave as is). Returns 0, or the errno (EPERM when only root may give a file away).
        /// </summary>
        public static int Chown(string path, uint? userId, uint? groupId)
        {
            if (IsWindows)
            {
                return -1;
            }

            try
            {
                // (uid_t)-1 and (gid_t)-1 leave the owner or group unchanged.
                return UnixMethods.Chown(Utf8Z(path), userId ?? uint.MaxValue, groupId ?? uint.MaxValue) == 0 ? 0 : Marshal.GetLastWin32Error();
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return -1;
            }
        }

        /// <summary>The effective uid of this process; null on Windows.</summary>
        public static uint? EffectiveUserId()
        {
            if (IsWindows)
            {
                return null;
            }

            try
            {
                return UnixMethods.GetEffectiveUserId();
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return null;
            }
        }

        /// <summary>
        /// The file that <paramref name="path"/> finally names: every symbolic link along the way followed (the
        /// links in the folders too, on Unix). A dangling link gives the path it points at. Where nothing can be
        /// resolved, the full path as given.
        /// </summary>
        public static string ResolveFinalPath(string path)
        {
            string full = Path.GetFullPath(path);
            if (!IsWindows)
            {
                string? real = RealPath(full);
                if (real != null)
                {
                    return real;
                }
            }

            if (s_resolveLinkTarget == null)
            {
                return full;
            }

            try
            {
                var target = (FileSystemInfo?)s_resolveLinkTarget.Invoke(new FileInfo(full), new object[] { true });
                return target == null ? full : Path.GetFullPath(target.FullName);
            }
            catch (TargetInvocationException e) when (e.InnerException is IOException || e.InnerException is UnauthorizedAccessException)
            {
                return full;
            }
        }

        /// <summary>
        /// Creates <paramref name="path"/> (it must not exist) for writing, readable and writable by its owner only
        /// (0600) from the first moment on Unix, so that content meant for a protected file is never readable by
        /// others while it is being written.
        /// </summary>
        public static FileStream CreatePrivate(string path, int bufferSize)
        {
            if (!IsWindows && s_fileStreamWithOptions != null && s_fileStreamOptionsType!.GetProperty("UnixCreateMode") is PropertyInfo createMode)
            {
                object options = Activator.CreateInstance(s_fileStreamOptionsType)!;
                s_fileStreamOptionsType.GetProperty("Mode")!.SetValue(options, FileMode.CreateNew);
                s_fileStreamOptionsType.GetProperty("Access")!.SetValue(options, FileAccess.Write);
                s_fileStreamOptionsType.GetProperty("Share")!.SetValue(options, FileShare.None);
                s_fileStreamOptionsType.GetProperty("BufferSize")!.SetValue(options, bufferSize);
                createMode.SetValue(options, Enum.ToObject(createMode.PropertyType.GetGenericArguments()[0], 0x180)); // 0600
                try
                {
                    return (FileStream)s_fileStreamWithOptions.Invoke(new[] { path, options });
                }
                catch (TargetInvocationException e) when (e.InnerException != null)
                {
                    ExceptionDispatchInfoThrow(e.InnerException);
                    throw;
                }
            }

            // Older runtimes: create, then narrow at once (the file is still empty).
            var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize, FileOptions.None);
            TrySetMode(path, 0x180);
            return stream;
        }

        /// <summary>A path as libc takes it: UTF-8 (what .NET uses for file names on Unix), ending in a zero byte.</summary>
        private static byte[] Utf8Z(string path)
        {
            int length = System.Text.Encoding.UTF8.GetByteCount(path);
            byte[] bytes = new byte[length + 1];
            System.Text.Encoding.UTF8.GetBytes(path, 0, path.Length, bytes, 0);
            return bytes;
        }

        private static void ExceptionDispatchInfoThrow(Exception e) => System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();

        private static string? RealPath(string path)
        {
            IntPtr resolved;
            try
            {
                resolved = UnixMethods.RealPath(Utf8Z(path), IntPtr.Zero);
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return null;
            }

            if (resolved == IntPtr.Zero)
            {
                // Not there (or a dangling link): resolve what can be resolved.
                return null;
            }

            try
            {
                return PtrToStringUtf8(resolved);
            }
            finally
            {
                UnixMethods.Free(resolved);
            }
        }

        private static string PtrToStringUtf8(IntPtr p)
        {
            int length = 0;
            while (Marshal.ReadByte(p, length) != 0)
            {
                length++;
            }

            byte[] bytes = new byte[length];
            Marshal.Copy(p, bytes, 0, length);
            return System.Text.Encoding.UTF8.GetString(bytes);
        }

        private static bool TryStatx(string path, out UnixFileStatus status)
        {
            // struct statx is 256 bytes with the same layout on every architecture:
            // 0 u32 stx_mask, 4 u32 stx_blksize, 8 u64 stx_attributes, 16 u32 stx_nlink, 20 u32 stx_uid,
            // 24 u32 stx_gid, 28 u16 stx_mode, ...
            const int AtFdCwd = -100;
            const uint StatxBasicStats = 0x7FF;
            const uint StatxMode = 0x2, StatxNlink = 0x4, StatxUid = 0x8, StatxGid = 0x10;
            status = default;
            byte[] buffer = new byte[256];
            int result;
            try
            {
                result = UnixMethods.Statx(AtFdCwd, Utf8Z(path), 0, StatxBasicStats, buffer);
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException)
            {
                return false;
            }

            if (result != 0)
            {
                return false;
            }

            uint mask = BitConverter.ToUInt32(buffer, 0);
            if ((mask & StatxMode) == 0)
            {
                return false;
            }

            int mode = BitConverter.ToUInt16(buffer, 28) & 0xFFF;
            uint? uid = (mask & StatxUid) != 0 ? BitConverter.ToUInt32(buffer, 20) : null;
            uint? gid = (mask & StatxGid) != 0 ? BitConverter.ToUInt32(buffer, 24) : null;
            long? links = (mask & StatxNlink) != 0 ? BitConverter.ToUInt32(buffer, 16) : null;
            status = new UnixFileStatus(mode, uid, gid, links);
            return true;
        }

        /// <summary>libc functions whose signatures are the same on every Unix (no variadic calls, no struct layouts guessed); paths go as zero-terminated UTF-8 bytes.</summary>
        private static class UnixMethods
        {
            [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
            [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
            internal static extern int Chown(byte[] path, uint owner, uint group);

            [DllImport("libc", EntryPoint = "chmod", SetLastError = true)]
            [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
            internal static extern int Chmod(byte[] path, uint mode);

            [DllImport("libc", EntryPoint = "geteuid")]
            [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
            internal static extern uint GetEffectiveUserId();

            [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
            [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
            internal static extern IntPtr RealPath(byte[] path, IntPtr resolved);

            [DllImport("libc", EntryPoint = "free")]
            [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
            internal static extern void Free(IntPtr pointer);

            [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
            [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
            internal static extern int Statx(int dirfd, byte[] path, int flags, uint mask, [Out] byte[] buffer);
        }
    }
}
