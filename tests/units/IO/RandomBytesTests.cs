using System;
using BatchTaskPS.IO;
using Xunit;

namespace BatchTaskPS.Tests.IO
{
    public sealed class RandomBytesTests
    {
        [Fact]
        public void EveryPositionTakesEveryValueOfBothNibbles()
        {
            // A GUID's version (byte 6) and variant (byte 8) bits are fixed: a position copied from them would keep
            // one high nibble (4 for the version, 8-B for the variant) in every draw.
            var high = new bool[12, 16];
            var low = new bool[12, 16];
            var buffer = new byte[12];
            for (int draw = 0; draw < 4096; draw++)
            {
                RandomBytes.Fill(buffer);
                for (int i = 0; i < buffer.Length; i++)
                {
                    high[i, buffer[i] >> 4] = true;
                    low[i, buffer[i] & 0xF] = true;
                }
            }

            for (int i = 0; i < 12; i++)
            {
                for (int v = 0; v < 16; v++)
                {
                    Assert.True(high[i, v], "byte " + i + " never had the high nibble " + v);
                    Assert.True(low[i, v], "byte " + i + " never had the low nibble " + v);
                }
            }
        }

        [Fact]
        public void SuccessiveFillsDiffer()
        {
            var a = new byte[8];
            var b = new byte[8];
            RandomBytes.Fill(a);
            RandomBytes.Fill(b);
            Assert.NotEqual(a, b);
        }

        [Fact]
        public void MoreThanTwelveBytesAreRefused()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => RandomBytes.Fill(new byte[13]));
        }
    }
}
