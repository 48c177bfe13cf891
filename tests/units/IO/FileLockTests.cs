using System;
using System.IO;
using System.Threading.Tasks;
using BatchTaskPS.IO;
using Xunit;

namespace BatchTaskPS.Tests.IO
{
    public sealed class FileLockTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "batchtask-lock-" + Guid.NewGuid().ToString("N"));

        public FileLockTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        [Fact]
        public async Task IsExclusiveAndLeavesNothingBesideTheFile()
        {
            string task = Path.Combine(_dir, "work", "task.json");
            Directory.CreateDirectory(Path.GetDirectoryName(task)!);
            File.WriteAllText(task, "{}");
            string locks = Path.Combine(_dir, "locks");
            string canonical = NativeFile.ResolveFinalPath(task);

            using (FileStream? first = FileLock.TryAcquire(canonical, TimeSpan.FromSeconds(5), locks))
            {
                Assert.NotNull(first);
                Assert.Null(FileLock.TryAcquire(canonical, TimeSpan.FromMilliseconds(100), locks));
                Assert.Null(await Task.Run(() => FileLock.TryAcquire(canonical, TimeSpan.FromMilliseconds(100), locks)));
            }

            using (FileStream? again = FileLock.TryAcquire(canonical, TimeSpan.FromSeconds(5), locks))
            {
                Assert.NotNull(again);
            }

            Assert.Equal(new[] { "task.json" }, Array.ConvertAll(Directory.GetFileSystemEntries(Path.GetDirectoryName(task)!), Path.GetFileName));
            Assert.Single(Directory.GetFiles(locks));
        }

        [Fact]
        public void OneLockPerFileNamedByItsCanonicalPath()
        {
            string a = FileLock.LockPathFor("/x/a.json", _dir);
            Assert.Equal(a, FileLock.LockPathFor("/x/a.json", _dir));
            Assert.NotEqual(a, FileLock.LockPathFor("/x/b.json", _dir));
            Assert.Matches("^[0-9a-f]{40}\\.lock$", Path.GetFileName(a));

            string target = Path.Combine(_dir, "t.json");
            File.WriteAllText(target, "{}");
            string link = Path.Combine(_dir, "l.json");
            File.CreateSymbolicLink(link, target);
            Assert.Equal(FileLock.LockPathFor(NativeFile.ResolveFinalPath(target), _dir), FileLock.LockPathFor(NativeFile.ResolveFinalPath(link), _dir));
        }

        [Fact]
        public void TheDefaultFolderIsPerUserAndCanBeSet()
        {
            string? saved = Environment.GetEnvironmentVariable(FileLock.DirectoryVariable);
            try
            {
                Environment.SetEnvironmentVariable(FileLock.DirectoryVariable, _dir);
                Assert.Equal(_dir, FileLock.DefaultDirectory());
                Environment.SetEnvironmentVariable(FileLock.DirectoryVariable, null);
                string folder = FileLock.DefaultDirectory();
                Assert.True(Path.IsPathRooted(folder));
                Assert.Contains("batchtask", folder, StringComparison.OrdinalIgnoreCase);
            }
            finally
            {
                Environment.SetEnvironmentVariable(FileLock.DirectoryVariable, saved);
            }
        }
    }
}
