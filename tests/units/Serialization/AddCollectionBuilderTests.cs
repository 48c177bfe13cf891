using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using Xunit;

namespace BatchTaskPS.Tests.Serialization
{
    public sealed class AddCollectionBuilderTests
    {
        private static CloudTask Task(string id, int commandLength = 10) => new CloudTask
        {
            Id = id,
            CommandLine = new string('c', commandLength),
            State = TaskState.Active,
            ETag = "0x1",
        };

        private static (List<AddCollectionBody> Bodies, List<AddCollectionRejectedTask> Rejected) Build(IEnumerable<CloudTask> tasks, int maxTasks = 100, int maxBytes = 1_000_000)
        {
            var builder = new AddCollectionBuilder(maxTasks, maxBytes);
            var bodies = new List<AddCollectionBody>();
            var rejected = new List<AddCollectionRejectedTask>();
            foreach (CloudTask t in tasks)
            {
                AddCollectionBody? body = builder.Add(t, out AddCollectionRejectedTask? r);
                if (body != null)
                {
                    bodies.Add(body);
                }

                if (r != null)
                {
                    rejected.Add(r);
                }
            }

            AddCollectionBody? last = builder.Complete();
            if (last != null)
            {
                bodies.Add(last);
            }

            return (bodies, rejected);
        }

        [Fact]
        public void Bodies_HoldAtMost100Tasks_InTheCreateShape()
        {
            var (bodies, rejected) = Build(Enumerable.Range(0, 250).Select(i => Task("t" + i)));
            Assert.Empty(rejected);
            Assert.Equal(new[] { 100, 100, 50 }, bodies.Select(b => b.TaskCount));
            Assert.Equal(new[] { 1, 2, 3 }, bodies.Select(b => b.Number));
            using JsonDocument doc = JsonDocument.Parse(bodies[0].Utf8);
            JsonElement first = doc.RootElement.GetProperty("value")[0];
            Assert.Equal("{\"id\":\"t0\",\"commandLine\":\"cccccccccc\"}", first.GetRawText());
            Assert.Equal(Enumerable.Range(0, 100).Select(i => "t" + i), bodies[0].TaskIds);
        }

        [Fact]
        public void Bodies_StayBelowTheByteLimit()
        {
            // 40 tasks of ~30,000 bytes: a 1,000,000-byte body holds 33 of them.
            var (bodies, _) = Build(Enumerable.Range(0, 40).Select(i => Task("t" + i, 30_000)));
            Assert.All(bodies, b => Assert.True(b.ByteCount < 1_000_000));
            Assert.Equal(40, bodies.Sum(b => b.TaskCount));
            Assert.True(bodies[0].TaskCount >= 33);
            Assert.All(bodies, b => Assert.Equal(b.TaskCount, JsonDocument.Parse(b.Utf8).RootElement.GetProperty("value").GetArrayLength()));
        }

        [Fact]
        public void ATaskTooLargeForAnyBody_IsRejected_AndTheRestGoOn()
        {
            var (bodies, rejected) = Build(new[] { Task("a"), Task("huge", 1_000_000), Task("b") });
            AddCollectionRejectedTask r = Assert.Single(rejected);
            Assert.Equal(AddCollectionRejection.TaskTooLarge, r.Reason);
            Assert.Equal("huge", r.Task.Id);
            Assert.Equal(new[] { "a", "b" }, Assert.Single(bodies).TaskIds);
        }

        [Fact]
        public void RepeatedIds_InOneBody_IgnoringCase_AreRejected()
        {
            var (bodies, rejected) = Build(new[] { Task("a"), Task("A"), Task("b") });
            Assert.Equal(AddCollectionRejection.DuplicateTaskId, Assert.Single(rejected).Reason);
            Assert.Equal(new[] { "a", "b" }, Assert.Single(bodies).TaskIds);
        }

        [Fact]
        public void TheSameIdInDifferentBodies_IsNotTheBuildersConcern()
        {
            var (bodies, rejected) = Build(new[] { Task("a"), Task("b"), Task("a") }, maxTasks: 2);
            Assert.Empty(rejected);
            Assert.Equal(2, bodies.Count);
        }

        [Fact]
        public void Limits_AreChecked()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new AddCollectionBuilder(101));
            Assert.Throws<ArgumentOutOfRangeException>(() => new AddCollectionBuilder(100, 1_000_001));
        }
    }
}
