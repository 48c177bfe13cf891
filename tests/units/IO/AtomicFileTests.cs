using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using BatchTaskPS.IO;
using Xunit;

namespace BatchTaskPS.Tests.IO
{
    public sealed class AtomicFileTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "batchtask-atomic-" + Guid.NewGuid().ToString("N"));

        public AtomicFileTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private string NewFile(string name, string content)
        {
            string path = Path.Combine(_dir, name);
            File.WriteAllText(path, content);
            return path;
        }

        private string[] Others(params string[] expected) =>
            Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName).Where(n => !expected.Contains(n)).ToArray()!;

        [Fact]
        public void ReplacesTheContentAndLeavesNoTemporaryFile()
        {
            string file = NewFile("t.json", "old");
            Assert.Empty(AtomicFile.WriteAllBytes(file, Encoding.UTF8.GetBytes("new")));
            Assert.Equal("new", File.ReadAllText(file));
            Assert.Empty(Others("t.json"));
        }

        [Fact]
        public void CreatesAFileThatDidNotExist()
        {
            string file = Path.Combine(_dir, "n.json");
            AtomicFile.WriteAllBytes(file, Encoding.UTF8.GetBytes("x"));
            Assert.Equal("x", File.ReadAllText(file));
            Assert.Empty(Others("n.json"));
        }

        [Theory]
        [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite)]
        [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead)]
        [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)]
        public void KeepsTheMode(UnixFileMode mode)
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            string file = NewFile("m.json", "old");
            File.SetUnixFileMode(file, mode);
            AtomicFile.WriteAllBytes(file, Encoding.UTF8.GetBytes("new"));
            Assert.Equal(mode, File.GetUnixFileMode(file));
            Assert.Equal("new", File.ReadAllText(file));
        }

        [Fact]
        public void KeepsTheOwnerWhenRunAsRoot()
        {
            if (!OperatingSystem.IsLinux())
            {
                return;
            }

            string file = NewFile("o.json", "old");
            if (NativeFile.EffectiveUserId() == 0)
            {
                Assert.Equal(0, NativeFile.Chown(file, 1000, 1000));
                Assert.Empty(AtomicFile.WriteAllBytes(file, Encoding.UTF8.GetBytes("new")));
                Assert.True(NativeFile.TryGetStatus(file, out UnixFileStatus status));
                Assert.Equal(1000u, status.UserId);
                Assert.Equal(1000u, status.GroupId);
            }
            else
            {
                // Not root: the file stays the writer's own (nothing to give away).
                Assert.Empty(AtomicFile.WriteAllBytes(file, Encoding.UTF8.GetBytes("new")));
                Assert.True(NativeFile.TryGetStatus(file, out UnixFileStatus status));
                Assert.Equal(NativeFile.EffectiveUserId(), status.UserId);
            }
        }

        [Fact]
        public void StatusReadsModeOwnerAndLinks()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            string file = NewFile("s.json", "x");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead);
            Assert.True(NativeFile.TryGetStatus(file, out UnixFileStatus status));
            Assert.Equal(0x120, status.Mode); // 0440
            Assert.True(status.HasNoWriteBit);
            if (OperatingSystem.IsLinux())
            {
                Assert.Equal(NativeFile.EffectiveUserId(), status.UserId);
                Assert.Equal(1L, status.LinkCount);
            }

            Assert.False(NativeFile.TryGetStatus(Path.Combine(_dir, "missing"), out _));
        }

        [Fact]
        public void TheNextVersionOfAnExistingFileIsPrivateUntilItIsInPlace()
        {
            if (OperatingSystem.IsWindows())
            {
                return;
            }

            string file = NewFile("p.json", "old");
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            using AtomicFileWriter writer = AtomicFileWriter.Open(file);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(writer.TemporaryPath));
            writer.Stream.WriteByte((byte)'n');
            writer.Commit(overwrite: true);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(file));
        }

        [Fact]
        public void FollowsASymbolicLinkAndKeepsTheLink()
        {
            string target = NewFile("target.json", "old");
            Directory.CreateDirectory(Path.Combine(_dir, "links"));
            string link = Path.Combine(_dir, "links", "link.json");
            File.CreateSymbolicLink(link, "../target.json");
            AtomicFile.WriteAllBytes(link, Encoding.UTF8.GetBytes("new"));
            Assert.Equal("new", File.ReadAllText(target));
            Assert.Equal("../target.json", new FileInfo(link).LinkTarget);
            Assert.Equal(new[] { "link.json" }, Directory.GetFileSystemEntries(Path.Combine(_dir, "links")).Select(Path.GetFileName));
            Assert.Empty(Others("target.json", "links"));
        }

        [Fact]
        public void ResolvesLinksInFoldersToo()
        {
            string target = NewFile("r.json", "x");
            string linkedDir = Path.Combine(_dir, "dirlink");
            Directory.CreateSymbolicLink(linkedDir, _dir);
            Assert.Equal(NativeFile.ResolveFinalPath(target), NativeFile.ResolveFinalPath(Path.Combine(linkedDir, "r.json")));
        }

        [Fact]
        public void DisposingWithoutCommitLeavesTheTargetAsItWas()
        {
            string file = NewFile("a.json", "old");
            string temp;
            using (AtomicFileWriter writer = AtomicFileWriter.Open(file))
            {
                temp = writer.TemporaryPath;
                writer.Stream.Write(Encoding.UTF8.GetBytes("half"));
                Assert.True(File.Exists(temp));
            }

            Assert.False(File.Exists(temp));
            Assert.Equal("old", File.ReadAllText(file));
            Assert.Empty(Others("a.json"));
        }

        [Fact]
        public void DisposingWithoutCommitCreatesNothingNew()
        {
            string file = Path.Combine(_dir, "absent.json");
            using (AtomicFileWriter writer = AtomicFileWriter.Open(file))
            {
                writer.Stream.WriteByte(1);
            }

            Assert.Empty(Others());
        }

        [Fact]
        public void CommitWithoutOverwriteRefusesAnExistingFile()
        {
            string file = Path.Combine(_dir, "c.json");
            using AtomicFileWriter writer = AtomicFileWriter.Open(file);
            writer.Stream.WriteByte((byte)'n');
            File.WriteAllText(file, "appeared meanwhile");
            Assert.Throws<AtomicFileExistsException>(() => writer.Commit(overwrite: false));
            Assert.Equal("appeared meanwhile", File.ReadAllText(file));
            Assert.Empty(Others("c.json"));
        }

        [Fact]
        public void ClosedTemporaryFilesWaitForTheirCommitOrAreDeleted()
        {
            string a = NewFile("a.json", "old a");
            string b = Path.Combine(_dir, "b.json");
            AtomicFileWriter wa = AtomicFileWriter.Open(a);
            AtomicFileWriter wb = AtomicFileWriter.Open(b);
            wa.Stream.Write(Encoding.UTF8.GetBytes("new a"));
            wb.Stream.Write(Encoding.UTF8.GetBytes("new b"));
            wa.Close();
            wb.Close();
            Assert.Equal("old a", File.ReadAllText(a));
            Assert.True(File.Exists(wa.TemporaryPath));
            Assert.Throws<ObjectDisposedException>(() => wa.Stream);
            wa.Commit(overwrite: true);
            wb.Dispose();
            Assert.Equal("new a", File.ReadAllText(a));
            Assert.False(File.Exists(b));
            Assert.Empty(Others("a.json"));
        }

        [Fact]
        public void CommitAfterDisposeThrowsAndWritesNothing()
        {
            string file = NewFile("d.json", "old");
            AtomicFileWriter writer = AtomicFileWriter.Open(file);
            writer.Dispose();
            Assert.Throws<ObjectDisposedException>(() => writer.Commit(overwrite: true));
            Assert.Equal("old", File.ReadAllText(file));
        }

        [Fact]
        public void TemporaryNamesAreRecognisableAndCarryThePid()
        {
            string temp = AtomicFile.TemporaryPathFor(_dir, "task.json");
            string name = Path.GetFileName(temp);
            Assert.StartsWith(".task.json.batchtask-" + Environment.ProcessId + "-", name, StringComparison.Ordinal);
            Assert.EndsWith(".tmp", name, StringComparison.Ordinal);
            Assert.True(AtomicFile.TryParseTemporaryName(name, out string target, out int pid));
            Assert.Equal("task.json", target);
            Assert.Equal(Environment.ProcessId, pid);
            Assert.False(AtomicFile.TryParseTemporaryName(".task.json.a1b2c3.tmp", out _, out _));
            Assert.False(AtomicFile.TryParseTemporaryName(".x.batchtask-12-zzzzzzzz.tmp", out _, out _));
            Assert.False(AtomicFile.TryParseTemporaryName("x.batchtask-12-0123abcd.tmp", out _, out _));

            string longName = new string('n', 250) + ".json";
            Assert.True(Path.GetFileName(AtomicFile.TemporaryPathFor(_dir, longName)).Length < 255);
            Assert.True(AtomicFile.TryParseTemporaryName(Path.GetFileName(AtomicFile.TemporaryPathFor(_dir, longName)), out string cut, out _));
            Assert.True(AtomicFile.IsTemporaryNameOf(cut, longName));
        }

        [Fact]
        public void RemovesTheTemporaryFilesOfProcessesThatAreGoneOnly()
        {
            int dead = DeadProcessId();
            string stale = NewFile(".t.json.batchtask-" + dead + "-0123abcd.tmp", "stale");
            string live = NewFile(".t.json.batchtask-" + Environment.ProcessId + "-0123abcd.tmp", "live");
            string otherTarget = NewFile(".u.json.batchtask-" + dead + "-0123abcd.tmp", "other");
            string notOurs = NewFile(".t.json.0123abcd.tmp", "not ours");

            var removed = AtomicFile.RemoveStaleTemporaryFiles(_dir, n => AtomicFile.IsTemporaryNameOf(n, "t.json"));
            Assert.Equal(new[] { stale }, removed);
            Assert.False(File.Exists(stale));
            Assert.True(File.Exists(live));
            Assert.True(File.Exists(otherTarget));
            Assert.True(File.Exists(notOurs));

            AtomicFile.RemoveStaleTemporaryFiles(_dir);
            Assert.False(File.Exists(otherTarget));
            Assert.True(File.Exists(live));
        }

        [Fact]
        public void ReadOnlyMeansNoWriteBitOrNoWriteAccess()
        {
            string file = NewFile("ro.json", "x");
            Assert.False(AtomicFile.IsReadOnly(file));
            if (OperatingSystem.IsWindows())
            {
                File.SetAttributes(file, FileAttributes.ReadOnly);
                Assert.True(AtomicFile.IsReadOnly(file));
                File.SetAttributes(file, FileAttributes.Normal);
                return;
            }

            // Root could write it; it is refused all the same.
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            Assert.True(AtomicFile.IsReadOnly(file));
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Assert.False(AtomicFile.IsReadOnly(file));
        }

        private static int DeadProcessId()
        {
            using Process p = Process.Start(new ProcessStartInfo(OperatingSystem.IsWindows() ? "cmd.exe" : "/bin/sh", OperatingSystem.IsWindows() ? "/c exit" : "-c true") { UseShellExecute = false })!;
            p.WaitForExit();
            return p.Id;
        }
    }
}
