using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BatchTaskPS.Model;
using BatchTaskPS.Validation;
using Xunit;
using Xunit.Abstractions;

namespace BatchTaskPS.Tests.Validation
{
    public sealed class TaskCollectionValidatorTests
    {
        private readonly ITestOutputHelper _output;

        public TaskCollectionValidatorTests(ITestOutputHelper output)
        {
            _output = output;
        }

        private static CloudTask Task(string id, string[]? parents = null, params (int Start, int End)[] ranges) => new CloudTask
        {
            Id = id,
            CommandLine = "c",
            DependsOn = parents == null && ranges.Length == 0 ? null : new TaskDependencies
            {
                TaskIds = parents?.Select(p => (string?)p).ToList(),
                TaskIdRanges = ranges.Length == 0 ? null : ranges.Select(r => (TaskIdRange?)new TaskIdRange { Start = r.Start, End = r.End }).ToList(),
            },
        };

        private static IReadOnlyList<TaskCollectionIssue> Check(params CloudTask[] tasks)
        {
            var v = new TaskCollectionValidator();
            foreach (CloudTask t in tasks)
            {
                v.Add(t);
            }

            return v.Complete();
        }

        [Fact]
        public void AGoodJob_HasNoFindings()
        {
            Assert.Empty(Check(Task("1"), Task("2"), Task("3", new[] { "1" }), Task("merge", null, (1, 3))));
        }

        [Fact]
        public void DuplicateIds_IgnoringCase_AreErrors_NamingTheFirst()
        {
            TaskCollectionIssue issue = Assert.Single(Check(Task("a"), Task("b"), Task("A")));
            Assert.Equal("DuplicateTaskId", issue.Rule);
            Assert.Equal(ValidationSeverity.Error, issue.Severity);
            Assert.Equal(3, issue.RecordNumber);
            Assert.Contains("record 1", issue.Message);
        }

        [Fact]
        public void DependenciesOutsideTheSet_AreWarnings()
        {
            TaskCollectionIssue issue = Assert.Single(Check(Task("a", new[] { "missing" })));
            Assert.Equal("UnknownDependency", issue.Rule);
            Assert.Equal(ValidationSeverity.Warning, issue.Severity);
            Assert.Contains("missing", issue.Message);
        }

        [Fact]
        public void NamedCycles_AreErrorsNamingTheCycle()
        {
            TaskCollectionIssue issue = Assert.Single(Check(Task("a", new[] { "c" }), Task("b", new[] { "a" }), Task("c", new[] { "B" })));
            Assert.Equal("DependencyCycle", issue.Rule);
            Assert.Equal(ValidationSeverity.Error, issue.Severity);
            Assert.Contains("a -> c -> b -> a", issue.Message);
        }

        [Fact]
        public void SelfDependency_IsACycle()
        {
            TaskCollectionIssue issue = Assert.Single(Check(Task("a", new[] { "A" })));
            Assert.Equal("DependencyCycle", issue.Rule);
            Assert.Contains("depends on itself", issue.Message);
            TaskCollectionIssue viaRange = Assert.Single(Check(Task("0005", null, (1, 9))));
            Assert.Contains("depends on itself", viaRange.Message);
            Assert.Equal("$.dependsOn.taskIdRanges[0]", viaRange.Path);
        }

        [Fact]
        public void CyclesThroughRanges_AreFound()
        {
            // 10 depends on 1..5; 3 depends on "merge"; merge depends on 8..12 (which holds 10).
            var issues = Check(Task("1"), Task("2"), Task("3", new[] { "merge" }), Task("10", null, (1, 5)), Task("merge", null, (8, 12)));
            TaskCollectionIssue issue = Assert.Single(issues);
            Assert.Equal("DependencyCycle", issue.Rule);
            Assert.Contains("3 -> merge -> 10 -> 3", issue.Message);
        }

        [Fact]
        public void RangesSelectingNoTask_AreWarnings_AndLeadingZerosCount()
        {
            var issues = Check(Task("007"), Task("x", null, (7, 7), (100, 200)));
            TaskCollectionIssue issue = Assert.Single(issues);
            Assert.Equal("EmptyDependencyRange", issue.Rule);
            Assert.Equal("$.dependsOn.taskIdRanges[1]", issue.Path);
        }

        [Fact]
        public void LongCycles_AreReportedWithTheirEnds_InMessagesWhoseSizeDoesNotGrowWithTheChain()
        {
            // A chain c1 <- c2 <- ... <- cn (each task depends on the one before) closed by 150 back edges:
            // the first 150 tasks also depend on the last one, so each back edge closes a cycle of nearly n tasks.
            // Before, each message named every task of its cycle (100 x 1,000,000 ids: 3.7 GB). Sizes are
            // counted, not timed: the messages of a chain 8x longer must not be longer.
            static IReadOnlyList<TaskCollectionIssue> Run(int n)
            {
                var v = new TaskCollectionValidator();
                for (int i = 1; i <= n; i++)
                {
                    var parents = new List<string>();
                    if (i > 1)
                    {
                        parents.Add("c" + (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }

                    if (i <= 150)
                    {
                        parents.Add("c" + n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }

                    v.Add(Task("c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), parents.ToArray()));
                }

                return v.Complete();
            }

            IReadOnlyList<TaskCollectionIssue> small = Run(12_500);
            IReadOnlyList<TaskCollectionIssue> large = Run(100_000);
            foreach (IReadOnlyList<TaskCollectionIssue> issues in new[] { small, large })
            {
                Assert.Equal(101, issues.Count); // 100 listed, then how many more
                Assert.All(issues, i => Assert.Equal("DependencyCycle", i.Rule));
                Assert.Equal("50 more dependency cycles were found and not listed.", issues[100].Message);
                // 20 ids of at most 64 characters, the arrows and the counts: well under 2,000 characters.
                Assert.All(issues, i => Assert.True(i.Message.Length < 2_000, "a message of " + i.Message.Length + " characters"));
            }

            long smallChars = small.Sum(i => (long)i.Message.Length);
            long largeChars = large.Sum(i => (long)i.Message.Length);
            _output.WriteLine("12,500 tasks: " + smallChars + " characters of messages; 100,000 tasks: " + largeChars);
            Assert.True(largeChars <= smallChars + (101 * 8), "12,500 tasks: " + smallChars + " characters; 100,000: " + largeChars);
            Assert.True(largeChars < 101 * 2_000);

            // A message names the first and last 10 tasks of its cycle and counts the rest.
            TaskCollectionIssue firstCycle = large[0];
            Assert.StartsWith("Dependency cycle of 100000 tasks: c1 -> c100000 -> c99999 -> ", firstCycle.Message);
            Assert.Contains(" -> ... 99981 more ... -> ", firstCycle.Message);
            Assert.EndsWith(" -> c3 -> c2 -> c1; none of these tasks can ever run.", firstCycle.Message);
            Assert.Equal(21, firstCycle.Message.Split(" -> ").Length); // 20 ids and the count between them
        }

        [Fact]
        public void ShortCycles_AreWrittenWhole_AndLongIdsAreCut()
        {
            string[] ids = Enumerable.Range(1, 20).Select(i => "s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            CloudTask[] tasks = ids.Select((id, k) => Task(id, new[] { ids[(k + 19) % 20] })).ToArray();
            TaskCollectionIssue whole = Assert.Single(Check(tasks));
            Assert.Contains("cycle of 20 tasks: s1 -> s20 -> s19", whole.Message);
            Assert.Contains("s3 -> s2 -> s1;", whole.Message);
            Assert.DoesNotContain("more", whole.Message);
            Assert.Contains("... 2 more ...", Assert.Single(Check(ids.Concat(new[] { "s21" }).Select((id, k) => Task(id, new[] { k == 0 ? "s21" : "s" + k.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ToArray())).Message);

            string longId = new string('L', 5000);
            TaskCollectionIssue cut = Assert.Single(Check(Task(longId, new[] { "b" }), Task("b", new[] { longId })));
            Assert.Contains(new string('L', 64) + "... -> b -> " + new string('L', 64) + "...;", cut.Message);
            Assert.True(cut.Message.Length < 300);
        }

        [Fact]
        public void IdsWithManyLeadingZeros_AreTheIntegerRangesSelect()
        {
            // rest-spec D5: leading zeros are ignored however many there are; "0000000000000000004" is 4.
            const string Four = "0000000000000000004";
            var cycle = Check(Task(Four, new[] { "x" }), Task("x", null, (4, 4)));
            TaskCollectionIssue issue = Assert.Single(cycle);
            Assert.Equal("DependencyCycle", issue.Rule);
            Assert.Contains(Four + " -> x -> " + Four, issue.Message);

            string sixtyFourDigits = new string('0', 63) + "7";
            Assert.Empty(Check(Task(sixtyFourDigits), Task("y", null, (7, 7))));
            Assert.Empty(Check(Task("2147483647"), Task("y", null, (int.MaxValue, int.MaxValue))));
        }

        [Theory]
        [InlineData("2147483648")]
        [InlineData("99999999999999999999")]
        [InlineData("00000000000000000000000000000000000000000000000000000002147483648")]
        public void IdsAboveInt32_AreSelectedByNoRange(string id)
        {
            // Range bounds are int32 (D4), so no range can reach these ids: the widest range selects none of them.
            TaskCollectionIssue issue = Assert.Single(Check(Task(id), Task("y", null, (0, int.MaxValue))));
            Assert.Equal("EmptyDependencyRange", issue.Rule);
        }

        [Fact]
        public void LongDependencyLists_AreLeftToTheOneTaskRule()
        {
            // D2 is reported by BatchTaskValidator for each task; the collection check does not repeat it.
            string[] parents = Enumerable.Range(0, 1100).Select(i => new string('p', 58) + i.ToString("D4", CultureInfo.InvariantCulture)).ToArray();
            Assert.DoesNotContain(Check(Task("a", parents)), i => i.Rule == "D2");
            Assert.Contains(BatchTaskValidator.Validate(Task("a", parents)), i => i.Rule == "D2");
        }

        [Fact]
        public void ManyTasks_WithWideRanges_AreChecked_InNLogNSteps_WithoutExpandingRanges()
        {
            // n tasks: ids 0..n-1; every task depends on the full range of ids below it (about n^2/2 id
            // slots in all if ranges were expanded: 2*10^10 for 200,000), and task 0 closes a cycle through
            // a range. The work is counted (Steps), not timed: 4x the tasks must cost about 4x log-factor.
            static (long Steps, IReadOnlyList<TaskCollectionIssue> Issues) Run(int n)
            {
                var v = new TaskCollectionValidator();
                for (int i = 0; i < n; i++)
                {
                    v.Add(i == 0 ? Task("0", null, (n - 1, n - 1)) : Task(i.ToString(CultureInfo.InvariantCulture), null, (0, i - 1)));
                }

                IReadOnlyList<TaskCollectionIssue> issues = v.Complete();
                return (v.Steps, issues);
            }

            var (small, _) = Run(50_000);
            var (large, issues) = Run(200_000);
            _output.WriteLine("50,000 tasks: " + small + " steps; 200,000 tasks: " + large + " steps");
            Assert.NotEmpty(issues);
            Assert.All(issues, i => Assert.Equal("DependencyCycle", i.Rule));
            // n log2 n is 3.5 million for 200,000; expanding the ranges would take 2*10^10 steps.
            Assert.True(large <= 64L * 200_000 * 18, "steps: " + large);
            Assert.True(large <= 5 * small, "50,000 tasks: " + small + " steps; 200,000: " + large + " (n log n is 4.5x)");
        }
    }
}
