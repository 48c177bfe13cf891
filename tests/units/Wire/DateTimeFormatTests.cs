using System;
using System.Text;
using BatchTaskPS.Serialization.Wire;
using Xunit;

namespace BatchTaskPS.Tests.Wire
{
    public sealed class DateTimeFormatTests
    {
        [Theory]
        // 7 digits are kept exactly (FIDELITY 14)
        [InlineData("2016-09-06T06:59:15.1161429Z", "2016-09-06T06:59:15.1161429Z")]
        [InlineData("9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.9999999Z")]
        // at least 3 fraction digits, trailing zeros trimmed beyond them (FIDELITY 15)
        [InlineData("2024-05-06T07:08:09Z", "2024-05-06T07:08:09.000Z")]
        [InlineData("2024-05-06T07:08:09.1Z", "2024-05-06T07:08:09.100Z")]
        [InlineData("2024-05-06T07:08:09.1200000Z", "2024-05-06T07:08:09.120Z")]
        [InlineData("2024-05-06T07:08:09.1234Z", "2024-05-06T07:08:09.1234Z")]
        // more than 7 digits: the 100 ns part is kept, the rest truncated
        [InlineData("2024-05-06T07:08:09.123456789Z", "2024-05-06T07:08:09.1234567Z")]
        // offsets become UTC and may roll the date (FIDELITY 16)
        [InlineData("2024-01-01T01:00:00+14:00", "2023-12-31T11:00:00.000Z")]
        [InlineData("2024-12-31T23:30:00-01:00", "2025-01-01T00:30:00.000Z")]
        [InlineData("2024-05-06T07:08:09.5-0530", "2024-05-06T12:38:09.500Z")]
        [InlineData("2024-05-06T07:08:09+02", "2024-05-06T05:08:09.000Z")]
        // no zone: UTC (FIDELITY 17); lower-case t/z and comma decimals (18)
        [InlineData("2024-05-06T07:08:09", "2024-05-06T07:08:09.000Z")]
        [InlineData("2024-05-06t07:08:09.5z", "2024-05-06T07:08:09.500Z")]
        [InlineData("2024-05-06T07:08:09,25Z", "2024-05-06T07:08:09.250Z")]
        // the forms Batch documents (FIDELITY 21)
        [InlineData("2024-05-06", "2024-05-06T00:00:00.000Z")]
        [InlineData("2024-05-06T07:08Z", "2024-05-06T07:08:00.000Z")]
        // year bounds (FIDELITY 20)
        [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z")]
        public void Parse_ThenWrite_GivesTheServiceForm(string input, string expected)
        {
            Assert.Null(DateTimeFormat.TryParse(Encoding.ASCII.GetBytes(input), out DateTime value));
            Assert.Equal(DateTimeKind.Utc, value.Kind);
            Assert.Equal(expected, DateTimeFormat.ToText(value));
        }

        [Theory]
        [InlineData("2024-05-06T07:08:09Zjunk", "unexpected text")]     // FIDELITY 19
        [InlineData("2024-05-06 07:08:09Z", "unexpected text")]        // space for T
        [InlineData("2016-12-31T23:59:60Z", "out of range")]           // second 60
        [InlineData("2024-05-06T24:00:00Z", "out of range")]
        [InlineData("2024-13-01T00:00:00Z", "out of range")]
        [InlineData("2023-02-29T00:00:00Z", "out of range")]
        [InlineData("0001-01-01T00:00:00+01:00", "out of range")]      // offset overflow (FIDELITY 20)
        [InlineData("2024-05-06T07:08:09.Z", "followed by digits")]
        [InlineData("2024-05-06T07", "hh:mm")]
        [InlineData("20240506T070809Z", "YYYY-MM-DD")]
        [InlineData("", "YYYY-MM-DD")]
        [InlineData("2024-05-06T07:08:09+25:00", "offset")]
        public void Parse_RejectsWhatIsNotADateTime_WithAReason(string input, string reasonPart)
        {
            string? error = DateTimeFormat.TryParse(Encoding.ASCII.GetBytes(input), out _);
            Assert.NotNull(error);
            Assert.Contains(reasonPart, error);
        }

        [Fact]
        public void Write_LocalTimes_AreConvertedToUtc()
        {
            var utc = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);
            Assert.Equal("2024-05-06T07:08:09.000Z", DateTimeFormat.ToText(utc.ToLocalTime()));
        }

        [Fact]
        public void Write_UnspecifiedKind_IsTakenAsUtc()
        {
            Assert.Equal("2024-05-06T07:08:09.000Z", DateTimeFormat.ToText(new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Unspecified)));
        }
    }
}
