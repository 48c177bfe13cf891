using System;
using System.Text;
using BatchTaskPS.Serialization.Wire;
using Xunit;

namespace BatchTaskPS.Tests.Wire
{
    public sealed class DurationFormatTests
    {
        [Theory]
        // the service's "unlimited" value is TimeSpan.MaxValue and round-trips byte for byte (FIDELITY 24)
        [InlineData("P10675199DT2H48M5.4775807S", "P10675199DT2H48M5.4775807S")]
        [InlineData("PT1.9999999S", "PT1.9999999S")]
        // zero (FIDELITY 22), including the reference's accepted "PT"
        [InlineData("PT0S", "P0D")]
        [InlineData("P0D", "P0D")]
        [InlineData("PT", "P0D")]
        // normalisation (FIDELITY 23)
        [InlineData("PT36H", "P1DT12H")]
        [InlineData("PT90M", "PT1H30M")]
        [InlineData("P1W", "P7D")]
        [InlineData("PT86400S", "P1D")]
        [InlineData("PT1M30S", "PT1M30S")]
        [InlineData("PT1.5S", "PT1.5S")]
        [InlineData("PT0,5S", "PT0.5S")]
        [InlineData("P1DT", "P1D")]
        [InlineData("PT1.5H", "PT1H30M")]
        // negative durations round-trip (FIDELITY 26)
        [InlineData("-PT5M", "-PT5M")]
        [InlineData("-P1DT1S", "-P1DT1S")]
        [InlineData("+PT5M", "PT5M")]
        // more than 7 fraction digits: truncated to 100 ns
        [InlineData("PT0.123456789S", "PT0.1234567S")]
        public void Parse_ThenWrite_GivesTheNormalForm(string input, string expected)
        {
            Assert.Null(DurationFormat.TryParse(Encoding.ASCII.GetBytes(input), out TimeSpan value));
            Assert.Equal(expected, DurationFormat.ToText(value));
        }

        [Fact]
        public void Unlimited_IsTimeSpanMaxValue()
        {
            Assert.Null(DurationFormat.TryParse(Encoding.ASCII.GetBytes("P10675199DT2H48M5.4775807S"), out TimeSpan value));
            Assert.Equal(TimeSpan.MaxValue, value);
            Assert.Equal("-P10675199DT2H48M5.4775808S", DurationFormat.ToText(TimeSpan.MinValue));
            Assert.Null(DurationFormat.TryParse(Encoding.ASCII.GetBytes("-P10675199DT2H48M5.4775808S"), out TimeSpan min));
            Assert.Equal(TimeSpan.MinValue, min);
            Assert.NotNull(DurationFormat.TryParse(Encoding.ASCII.GetBytes("P10675199DT2H48M5.4775808S"), out _));
        }

        [Theory]
        [InlineData("P", "alone")]                               // FIDELITY 27
        [InlineData("", "start with 'P'")]
        [InlineData("pt5m", "start with 'P'")]                   // lower case
        [InlineData("1:00:00", "start with 'P'")]
        [InlineData("P1Y", "years and months")]                  // FIDELITY 25
        [InlineData("P1M", "years and months")]
        [InlineData("P0003-06-04T12:30:05", "alternative")]
        [InlineData("PT1H2H", "order")]
        [InlineData("PT5M1H", "order")]
        [InlineData("P1DT2", "no unit")]
        [InlineData("PT1.S", "followed by digits")]
        [InlineData("PTT1H", "once")]
        [InlineData("P10675200D", "out of range")]
        [InlineData("P99999999999999999999999D", "out of range")]
        public void Parse_RejectsWhatBatchDoesNotAccept_WithAReason(string input, string reasonPart)
        {
            string? error = DurationFormat.TryParse(Encoding.ASCII.GetBytes(input), out _);
            Assert.NotNull(error);
            Assert.Contains(reasonPart, error);
        }
    }
}
