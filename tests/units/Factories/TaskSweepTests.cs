using System;
using System.Collections.Generic;
using System.Linq;
using BatchTaskPS.Factories;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Validation;
using Xunit;

namespace BatchTaskPS.Tests.Factories
{
    public sealed class TaskSweepTests
    {
        private static CloudTask Template(string id = "render-{frame:D4}-{quality}") => new BatchTaskReader().ReadTask(
            "{\"id\":\"" + id + "\",\"displayName\":\"Frame {frame} ({quality})\",\"commandLine\":\"render.sh --frame {frame} --q {quality} ${HOME} awk '{print $1}'\"," +
            "\"environmentSettings\":[{\"name\":\"FRAME\",\"value\":\"{frame:D4}\"},{\"name\":\"FIXED\",\"value\":\"x\"}]," +
            "\"resourceFiles\":[{\"httpUrl\":\"https://s.blob.core.windows.net/in/scene-{frame:D4}.blend?sig=abc\",\"filePath\":\"in/{frame}.blend\"}]," +
            "\"outputFiles\":[{\"filePattern\":\"out/{frame:D4}-*.png\",\"destination\":{\"container\":{\"containerUrl\":\"https://s.blob.core.windows.net/out?sig=x\",\"path\":\"{quality}/{frame:D4}\"}},\"uploadOptions\":{\"uploadCondition\":\"tasksuccess\"}}]}");

        private static TaskSweep Sweep(CloudTask template, params SweepAxis[] axes)
        {
            var sweep = new TaskSweep(new TaskTemplate(template));
            foreach (SweepAxis a in axes)
            {
                sweep.Axes.Add(a);
            }

            return sweep;
        }

        [Fact]
        public void EveryPointOfTheAxes_IsOneTask_WithItsPlaceholdersFilled()
        {
            TaskSweep sweep = Sweep(Template(), SweepAxis.Range("frame", 1, 5, 2), SweepAxis.List("quality", new object?[] { "low", "high" }));
            Assert.Equal(6, sweep.Count);
            List<CloudTask> tasks = sweep.Tasks().ToList();
            Assert.Equal(new[] { "render-0001-low", "render-0001-high", "render-0003-low", "render-0003-high", "render-0005-low", "render-0005-high" }, tasks.Select(t => t.Id));
            CloudTask t = tasks[3];
            Assert.Equal("Frame 3 (high)", t.DisplayName);
            Assert.Equal("render.sh --frame 3 --q high ${HOME} awk '{print $1}'", t.CommandLine);
            Assert.Equal("0003", t.EnvironmentSettings![0]!.Value);
            Assert.Equal("x", t.EnvironmentSettings[1]!.Value);
            Assert.Equal("https://s.blob.core.windows.net/in/scene-0003.blend?sig=abc", t.ResourceFiles![0]!.HttpUrl);
            Assert.Equal("in/3.blend", t.ResourceFiles[0]!.FilePath);
            Assert.Equal("out/0003-*.png", t.OutputFiles![0]!.FilePattern);
            Assert.Equal("high/0003", t.OutputFiles[0]!.Destination!.Container!.Path);
            Assert.Equal(6, sweep.TasksMade);
            Assert.All(tasks, x => Assert.Empty(BatchTaskValidator.Validate(x, new BatchTaskValidationOptions { Shape = TaskShape.Create })));
            Assert.NotSame(tasks[0].EnvironmentSettings, tasks[1].EnvironmentSettings);    // each task is its own copy
        }

        [Fact]
        public void ABadId_StopsTheSweepBeforeAnythingIsMade()
        {
            TaskSweep sweep = Sweep(Template(), SweepAxis.Range("frame", 1, 3), SweepAxis.List("quality", new object?[] { "low", "very high" }));
            TaskFactoryException e = Assert.Throws<TaskFactoryException>(() => sweep.Tasks());
            Assert.Equal("render-0001-very high", e.TaskId);
            Assert.Equal("T3", Assert.Single(e.Issues).Rule);
            Assert.Equal(0, sweep.TasksMade);

            TaskSweep tooLong = Sweep(Template("{quality}-{frame:D70}"), SweepAxis.Range("frame", 1, 2), SweepAxis.List("quality", new object?[] { "q" }));
            Assert.Equal("T2", Assert.Throws<TaskFactoryException>(() => tooLong.Tasks()).Issues[0].Rule);
        }

        [Fact]
        public void IdsThatWouldRepeat_AreRefused_ExactlyOrByThePlaceholders()
        {
            TaskSweep missingAxis = Sweep(Template("render-{frame}"), SweepAxis.Range("frame", 1, 3), SweepAxis.List("quality", new object?[] { "low", "high" }));
            TaskFactoryException e = Assert.Throws<TaskFactoryException>(() => missingAxis.Tasks());
            Assert.Equal("T4", e.Issues[0].Rule);

            TaskSweep caseOnly = Sweep(Template("r-{q}"), SweepAxis.List("q", new object?[] { "a", "A" }));
            Assert.Throws<TaskFactoryException>(() => caseOnly.Tasks());

            // Above the exact limit the id must name every axis; no set of ids is kept.
            TaskSweep big = Sweep(Template("r-{frame}"), SweepAxis.Range("frame", 1, 200_000), SweepAxis.List("quality", new object?[] { "low", "high" }));
            Assert.Contains("{quality}", Assert.Throws<TaskFactoryException>(() => big.Tasks()).Message, StringComparison.Ordinal);
            Assert.Equal(0, big.IdsChecked);
        }

        [Fact]
        public void Repeat_MakesNCopies_NumberedByIndexOrNumber()
        {
            var t = new CloudTask { Id = "run-{number:D3}", CommandLine = "work --seed {index}" };
            var sweep = new TaskSweep(new TaskTemplate(t)) { Repeat = 3 };
            Assert.Equal(new[] { "run-001|work --seed 0", "run-002|work --seed 1", "run-003|work --seed 2" }, sweep.Tasks().Select(x => x.Id + "|" + x.CommandLine));
            var noNumber = new TaskSweep(new TaskTemplate(new CloudTask { Id = "run", CommandLine = "x" })) { Repeat = 2 };
            Assert.Throws<TaskFactoryException>(() => noNumber.Tasks());
        }

        [Fact]
        public void TheMergeTask_DependsOnEveryTask_AsCompactRangesWhenIdsAreNumbers()
        {
            var t = new CloudTask { Id = "{frame}", CommandLine = "render {frame}" };
            var merge = new CloudTask { Id = "merge", CommandLine = "merge", DependsOn = new TaskDependencies { TaskIds = new List<string?> { "prep" } } };
            TaskSweep sweep = Sweep(t, SweepAxis.Range("frame", 1, 1000));
            sweep.MergeTask = merge;
            List<CloudTask> tasks = sweep.Tasks().ToList();
            CloudTask last = tasks[^1];
            Assert.Equal(1001, tasks.Count);
            Assert.Equal("merge", last.Id);
            Assert.Equal(new[] { "prep" }, last.DependsOn!.TaskIds!);
            TaskIdRange range = Assert.Single(last.DependsOn.TaskIdRanges!)!;
            Assert.Equal((1, 1000), (range.Start!.Value, range.End!.Value));
            Assert.Null(merge.DependsOn.TaskIdRanges);    // the template is not changed

            // Gaps make more ranges; leading zeros count as the number (rule D5).
            TaskSweep stepped = Sweep(new CloudTask { Id = "{f:D3}", CommandLine = "x" }, SweepAxis.Range("f", 1, 9, 4));
            stepped.MergeTask = new CloudTask { Id = "m", CommandLine = "m" };
            Assert.Equal(new[] { "1-1", "5-5", "9-9" }, stepped.Tasks().Last().DependsOn!.TaskIdRanges!.Select(r => r!.Start + "-" + r.End));
        }

        [Fact]
        public void TheMergeTask_ListsIdsThatAreNotNumbers_AndTheLengthShowsTheD2Limit()
        {
            TaskSweep sweep = Sweep(new CloudTask { Id = "frame-{f:D5}", CommandLine = "x" }, SweepAxis.Range("f", 1, 6000));
            sweep.MergeTask = new CloudTask { Id = "merge", CommandLine = "m" };
            CloudTask last = sweep.Tasks().Last();
            Assert.Equal(6000, last.DependsOn!.TaskIds!.Count);
            Assert.Equal("frame-00001", last.DependsOn.TaskIds[0]);
            Assert.Equal(6000 * 11, sweep.MergeDependencies!.ExplicitLength);
            Assert.True(sweep.MergeDependencies.ExplicitLength > DependencyCollector.MaxExplicitIdsLength);
            Assert.Contains(BatchTaskValidator.Validate(last), i => i.Rule == "D2");
        }

        [Fact]
        public void SettableProperties_TakeTheirValuesFromPlaceholders_AndDependsOnSplitsLists()
        {
            var t = new CloudTask { Id = "{id}", CommandLine = "x", DependsOn = new TaskDependencies { TaskIds = new List<string?> { "{after}" } } };
            var template = new TaskTemplate(t);
            template.Set("RequiredSlots", "{slots}");
            template.Set("maxWallClockTime", "{wall}");
            template.Set("constraints.maxTaskRetryCount", "{retries}");
            var values = new Values(("id", "a1"), ("slots", "4"), ("wall", "P1DT2H"), ("retries", 3), ("after", "prep;download"));
            CloudTask made = template.Make(values, template.MakeId(values));
            Assert.Equal(4, made.RequiredSlots);
            Assert.Equal(TimeSpan.FromHours(26), made.Constraints!.MaxWallClockTime);
            Assert.Equal(3, made.Constraints.MaxTaskRetryCount);
            Assert.Equal(new[] { "prep", "download" }, made.DependsOn!.TaskIds!);
            Assert.Throws<TaskFactoryException>(() => template.Make(new Values(("id", "a"), ("slots", "many"), ("wall", "PT1H"), ("retries", 1), ("after", "p")), "a"));
            Assert.Throws<ArgumentException>(() => template.Set("commandLine", "{x}"));
            Assert.Equal(new[] { "after", "id", "retries", "slots", "wall" }, template.Names.OrderBy(n => n, StringComparer.Ordinal));
        }

        [Theory]
        [InlineData("{n:D4}", 7L, "0007")]
        [InlineData("{n:D4}", "7", "0007")]
        [InlineData("{n:F2}", "0.5", "0.50")]
        [InlineData("a{n}b{missing}c", 1L, "a1b{missing}c")]
        [InlineData("{{n}}", 1L, "{1}")]
        [InlineData("${n} {N}", "x", "$x x")]
        public void Placeholders_FormatLikeDotNet(string text, object value, string expected)
        {
            Assert.Equal(expected, PlaceholderText.Parse(text).Render(new Values(("n", value))));
        }

        [Fact]
        public void AMillionTasks_StreamIntoAddCollectionBodies_HoldingOneTaskAtATime()
        {
            // Work counts, not time: every id is checked once, every task made once; and no task is held after it has
            // gone into its body: weak references to tasks made along the way are all dead after a full collection
            // (deterministic, unlike a heap size, which tests running in parallel in this process disturb).
            const int N = 1_000_000;
            var t = new CloudTask { Id = "{frame}", CommandLine = "render.sh {frame:D7}", Constraints = new TaskConstraints { MaxWallClockTime = TimeSpan.FromHours(1) } };
            TaskSweep sweep = Sweep(t, SweepAxis.Range("frame", 1, N));
            sweep.MergeTask = new CloudTask { Id = "merge", CommandLine = "merge.sh" };
            using var builder = new AddCollectionBuilder();
            long bodies = 0, tasksInBodies = 0, bytes = 0;
            var made = new List<WeakReference>();
            foreach (CloudTask task in sweep.Tasks())
            {
                AddCollectionBody? body = builder.Add(task, out AddCollectionRejectedTask? rejected);
                Assert.Null(rejected);
                if (body != null)
                {
                    bodies++;
                    tasksInBodies += body.TaskCount;
                    bytes += body.ByteCount;
                }

                if (sweep.TasksMade % 100_000 == 0)
                {
                    made.Add(new WeakReference(task));
                }
            }

            AddCollectionBody? lastBody = builder.Complete();
            bodies++;
            tasksInBodies += lastBody!.TaskCount;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();

            Assert.Equal(N, sweep.IdsChecked);
            Assert.Equal(N + 1, sweep.TasksMade);
            Assert.Equal(N + 1, tasksInBodies);
            Assert.Equal(10_001, bodies);
            Assert.Equal(1, sweep.MergeDependencies!.RangeCount);
            Assert.Equal(10, made.Count);
            Assert.True(made.All(w => !w.IsAlive), made.Count(w => w.IsAlive) + " of the tasks made along the way are still held");
            Assert.True(bytes > 50_000_000);
        }

        private sealed class Values : IPlaceholderValues
        {
            private readonly Dictionary<string, object?> _values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);

            public Values(params (string Name, object? Value)[] values)
            {
                foreach (var (name, value) in values)
                {
                    _values[name] = value;
                }
            }

            public bool TryGetValue(string name, out object? value) => _values.TryGetValue(name, out value);
        }
    }
}
