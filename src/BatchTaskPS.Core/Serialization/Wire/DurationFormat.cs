using System;

namespace BatchTaskPS.Serialization.Wire
{
    /// <summary>
    /// ISO 8601 durations as Batch uses them (days, hours, minutes, seconds; weeks read as 7 days),
    /// held exactly as a <see cref="TimeSpan"/> (100 ns) and written in the reference's normal form.
    /// </summary>
    internal static class DurationFormat
    {
        /// <summary>Longest text <see cref="Write"/> produces (-P10675199DT23H59M59.9999999S).</summary>
        public const int MaxFormattedLength = 32;

        /// <summary>
        /// Parses <c>[+-]P[nW][nD][T[nH][nM][n[.f]S]]</c> (each number may have a fraction; <c>PT</c> is
        /// zero, as in the reference). Returns null on success or a plain description of the fault.
        /// </summary>
        public static string? TryParse(ReadOnlySpan<byte> s, out TimeSpan value)
        {
            value = default;
            int i = 0;
            bool negative = false;
            if (i < s.Length && (s[i] == (byte)'-' || s[i] == (byte)'+'))
            {
                negative = s[i] == (byte)'-';
                i++;
            }

            if (i >= s.Length || s[i] != (byte)'P')
            {
                return "a duration must start with 'P' (for example PT1H30M or P7D)";
            }

            i++;
            if (i == s.Length)
            {
                return "'P' alone is not a duration";
            }

            // The magnitude in ticks; a negative duration may reach 2^63 (TimeSpan.MinValue).
            ulong total = 0;
            ulong limit = negative ? 9223372036854775808UL : long.MaxValue;
            bool inTime = false;
            int lastRank = -1; // order of designators: W=0, D=1, H=2, M=3, S=4
            while (i < s.Length)
            {
                if (s[i] == (byte)'T')
                {
                    if (inTime)
                    {
                        return "'T' may appear only once in a duration";
                    }

                    inTime = true;
                    i++;
                    continue;
                }

                // The whole part, then up to 7 fraction digits kept as 100 ns units of the unit.
                int start = i;
                long whole = 0;
                while (i < s.Length && s[i] >= (byte)'0' && s[i] <= (byte)'9')
                {
                    if (whole > 100_000_000_000_000L)
                    {
                        return "the duration is out of range (more than about 10,675,199 days)";
                    }

                    whole = whole * 10 + (s[i] - '0');
                    i++;
                }

                if (i == start)
                {
                    return "expected a number in the duration";
                }

                long fraction = 0; // in units of 1e-7 of the designator's unit
                if (i < s.Length && (s[i] == (byte)'.' || s[i] == (byte)','))
                {
                    i++;
                    int fracStart = i;
                    long scale = 1_000_000;
                    while (i < s.Length && s[i] >= (byte)'0' && s[i] <= (byte)'9')
                    {
                        fraction += (s[i] - '0') * scale;
                        scale /= 10;
                        i++;
                    }

                    if (i == fracStart)
                    {
                        return "a decimal point must be followed by digits";
                    }
                }

                if (i >= s.Length)
                {
                    return "a number in the duration has no unit designator";
                }

                byte unit = s[i++];
                int rank;
                long unitTicks;
                if (!inTime)
                {
                    switch (unit)
                    {
                        case (byte)'W': rank = 0; unitTicks = 7 * TimeSpan.TicksPerDay; break;
                        case (byte)'D': rank = 1; unitTicks = TimeSpan.TicksPerDay; break;
                        case (byte)'Y':
                        case (byte)'M':
                            return "years and months are not allowed: Batch durations use only days, hours, minutes and seconds";
                        case (byte)'-':
                            return "the alternative duration form (PYYYY-MM-DD...) is not allowed: use designators such as P3DT4H";
                        default:
                            return "unknown duration designator '" + (char)unit + "'";
                    }
                }
                else
                {
                    switch (unit)
                    {
                        case (byte)'H': rank = 2; unitTicks = TimeSpan.TicksPerHour; break;
                        case (byte)'M': rank = 3; unitTicks = TimeSpan.TicksPerMinute; break;
                        case (byte)'S': rank = 4; unitTicks = TimeSpan.TicksPerSecond; break;
                        case (byte)':':
                            return "the alternative duration form (PThh:mm:ss) is not allowed: use designators such as PT4H30M";
                        default:
                            return "unknown duration designator '" + (char)unit + "'";
                    }
                }

                if (rank <= lastRank)
                {
                    return "duration designators must appear once each, in the order W, D, H, M, S";
                }

                lastRank = rank;
                try
                {
                    // fraction * unitTicks / 1e7, exact for seconds (unitTicks = 1e7), truncated below 100 ns otherwise.
                    ulong fractionTicks = unitTicks == TimeSpan.TicksPerSecond ? (ulong)fraction : (ulong)((decimal)fraction * unitTicks / 10_000_000m);
                    total = checked(total + checked((ulong)whole * (ulong)unitTicks) + fractionTicks);
                }
                catch (OverflowException)
                {
                    return "the duration is out of range (more than about 10,675,199 days)";
                }

                if (total > limit)
                {
                    return "the duration is out of range (more than about 10,675,199 days)";
                }
            }

            value = new TimeSpan(negative ? (long)(0UL - total) : (long)total);
            return null;
        }

        /// <summary>Writes P[nD][T[nH][nM][n[.f]S]], zero as P0D, negative with a leading '-'.</summary>
        public static int Write(TimeSpan value, Span<byte> dest)
        {
            long ticks = value.Ticks;
            int pos = 0;
            if (ticks == 0)
            {
                dest[0] = (byte)'P';
                dest[1] = (byte)'0';
                dest[2] = (byte)'D';
                return 3;
            }

            ulong abs;
            if (ticks < 0)
            {
                dest[pos++] = (byte)'-';
                abs = (ulong)(-(ticks + 1)) + 1;
            }
            else
            {
                abs = (ulong)ticks;
            }

            ulong days = abs / (ulong)TimeSpan.TicksPerDay;
            ulong rem = abs % (ulong)TimeSpan.TicksPerDay;
            ulong hours = rem / (ulong)TimeSpan.TicksPerHour;
            rem %= (ulong)TimeSpan.TicksPerHour;
            ulong minutes = rem / (ulong)TimeSpan.TicksPerMinute;
            rem %= (ulong)TimeSpan.TicksPerMinute;
            ulong seconds = rem / (ulong)TimeSpan.TicksPerSecond;
            ulong fraction = rem % (ulong)TimeSpan.TicksPerSecond;

            dest[pos++] = (byte)'P';
            if (days != 0)
            {
                pos += PutNumber(dest.Slice(pos), days);
                dest[pos++] = (byte)'D';
            }

            if (hours != 0 || minutes != 0 || seconds != 0 || fraction != 0)
            {
                dest[pos++] = (byte)'T';
                if (hours != 0)
                {
                    pos += PutNumber(dest.Slice(pos), hours);
                    dest[pos++] = (byte)'H';
                }

                if (minutes != 0)
                {
                    pos += PutNumber(dest.Slice(pos), minutes);
                    dest[pos++] = (byte)'M';
                }

                if (seconds != 0 || fraction != 0)
                {
                    pos += PutNumber(dest.Slice(pos), seconds);
                    if (fraction != 0)
                    {
                        dest[pos++] = (byte)'.';
                        ulong f = fraction;
                        int digits = 7;
                        while (f % 10 == 0)
                        {
                            f /= 10;
                            digits--;
                        }

                        for (int k = digits - 1; k >= 0; k--)
                        {
                            dest[pos + k] = (byte)('0' + (int)(f % 10));
                            f /= 10;
                        }

                        pos += digits;
                    }

                    dest[pos++] = (byte)'S';
                }
            }

            return pos;
        }

        public static string ToText(TimeSpan value)
        {
            Span<byte> buf = stackalloc byte[MaxFormattedLength];
            int n = Write(value, buf);
            char[] chars = new char[n];
            for (int k = 0; k < n; k++)
            {
                chars[k] = (char)buf[k];
            }

            return new string(chars);
        }

        private static int PutNumber(Span<byte> dest, ulong value)
        {
            int len = 1;
            for (ulong v = value; v >= 10; v /= 10)
            {
                len++;
            }

            for (int k = len - 1; k >= 0; k--)
            {
                dest[k] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }

            return len;
        }
    }
}
