using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using BatchTaskPS.Model;
using BatchTaskPS.Updates;
using Xunit;

namespace BatchTaskPS.Tests.Updates
{
    /// <summary>The conditions of an update, judged as the service judges its conditional headers (rest-spec §4).</summary>
    public class TaskConditionsTests
    {
        private static readonly DateTime s_modified = new DateTime(2024, 5, 6, 7, 8, 9, 500, DateTimeKind.Utc);

        private static CloudTask Task() => new CloudTask { Id = "t", ETag = "0x8D3D62350711C55", LastModified = s_modified };

        [Theory]
        [InlineData("0x8D3D62350711C55", true)]
        [InlineData("0x8d3d62350711c55", false)]   // ordinal: ETags are compared exactly
        [InlineData("*", true)]
        [InlineData("0xOTHER", false)]
        public void IfMatch_HoldsForTheSameETagOrStar(string ifMatch, bool holds) =>
            Assert.Equal(holds, new TaskConditions { IfMatch = ifMatch }.FailedFor(Task()) == null);

        [Theory]
        [InlineData("0x8D3D62350711C55", false)]
        [InlineData("*", false)]
        [InlineData("0xOTHER", true)]
        public void IfNoneMatch_HoldsForAnotherETag_NeverForStar(string ifNoneMatch, bool holds) =>
            Assert.Equal(holds, new TaskConditions { IfNoneMatch = ifNoneMatch }.FailedFor(Task()) == null);

        [Fact]
        public void Dates_CompareInWholeSecondsUtc()
        {
            DateTime sameSecond = new DateTime(2024, 5, 6, 7, 8, 9, 0, DateTimeKind.Utc);
            Assert.NotNull(new TaskConditions { IfModifiedSince = sameSecond }.FailedFor(Task()));    // not later
            Assert.Null(new TaskConditions { IfModifiedSince = sameSecond.AddSeconds(-1) }.FailedFor(Task()));
            Assert.Null(new TaskConditions { IfUnmodifiedSince = sameSecond }.FailedFor(Task()));        // the same second
            Assert.NotNull(new TaskConditions { IfUnmodifiedSince = sameSecond.AddSeconds(-1) }.FailedFor(Task()));
            Assert.Null(new TaskConditions { IfUnmodifiedSince = sameSecond.ToLocalTime() }.FailedFor(Task())); // any zone
            Assert.Contains("Mon, 06 May 2024 07:08:09 GMT", new TaskConditions { IfModifiedSince = sameSecond }.FailedFor(Task()), StringComparison.Ordinal);
        }

        [Fact]
        public void AnETagConditionDecides_ThePairedDateIsNotEvaluated()
        {
            var pair = new TaskConditions { IfMatch = "0x8D3D62350711C55", IfUnmodifiedSince = s_modified.AddDays(-1) };
            Assert.True(pair.IsSupportedCombination);
            Assert.Null(pair.FailedFor(Task()));
        }

        public static IEnumerable<object[]> Combinations()
        {
            DateTime d = s_modified;
            yield return new object[] { new TaskConditions(), true };
            yield return new object[] { new TaskConditions { IfMatch = "a", IfUnmodifiedSince = d }, true };
            yield return new object[] { new TaskConditions { IfNoneMatch = "a", IfModifiedSince = d }, true };
            yield return new object[] { new TaskConditions { IfMatch = "a", IfNoneMatch = "b" }, false };
            yield return new object[] { new TaskConditions { IfMatch = "a", IfModifiedSince = d }, false };
            yield return new object[] { new TaskConditions { IfModifiedSince = d, IfUnmodifiedSince = d }, false };
            yield return new object[] { new TaskConditions { IfMatch = "a", IfNoneMatch = "b", IfModifiedSince = d }, false };
        }

        [Theory]
        [MemberData(nameof(Combinations))]
        public void OnlyTheCombinationsTheServiceTakes_AreSupported(TaskConditions conditions, bool supported) =>
            Assert.Equal(supported, conditions.IsSupportedCombination);

        [Fact]
        public void NewETags_AreServiceShaped_Increasing_AndNeverThePreviousOne()
        {
            var seen = new List<string>();
            string previous = "0x8D3D62350711C55";
            for (int i = 0; i < 1000; i++)
            {
                string next = TaskConditions.NewETag(previous);
                Assert.Matches(new Regex("^0x[0-9A-F]{15}$"), next);
                Assert.NotEqual(previous, next);
                seen.Add(next);
                previous = next;
            }

            Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
            Assert.Equal(seen.OrderBy(e => e, StringComparer.Ordinal), seen);
        }
    }
}
