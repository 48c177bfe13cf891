using System;

namespace BatchTaskPS.Serialization.Wire
{
    /// <summary>
    /// ISO 8601 date-times as the Batch service uses them: read leniently (the forms the reference
    /// and the service accept), kept to 100 ns, written in UTC with 3 to 7 fraction digits.
    /// </summary>
    internal static class DateTimeFormat
    {
        /// <summary>Longest text <see cref="Write"/> produces: yyyy-MM-ddTHH:mm:ss.fffffffZ.</summary>
        public const int MaxFormattedLength = 28;

        /// <summary>
        /// Parses <c>YYYY-MM-DD[Thh:mm[:ss[.f+]]][Z|±hh[:mm]]</c>. Returns null on success or a plain
        /// description of what is wrong.
        /// </summary>
        public static string? TryParse(ReadOnlySpan<byte> s, out DateTime value)
        {
            value = default;
            int i = 0;
            if (!Digits(s, ref i, 4, out int year) || !Expect(s, ref i, (byte)'-') ||
                !Digits(s, ref i, 2, out int month) || !Expect(s, ref i, (byte)'-') ||
                !Digits(s, ref i, 2, out int day))
            {
                return "a date-time must start with YYYY-MM-DD";
            }

            int hour = 0, minute = 0, second = 0;
            long fractionTicks = 0;
            long offsetMinutes = 0;
            if (i < s.Length && (s[i] == (byte)'T' || s[i] == (byte)'t'))
            {
                i++;
                if (!Digits(s, ref i, 2, out hour) || !Expect(s, ref i, (byte)':') || !Digits(s, ref i, 2, out minute))
                {
                    return "the time must be hh:mm or hh:mm:ss";
                }

                if (i < s.Length && s[i] == (byte)':')
                {
                    i++;
                    if (!Digits(s, ref i, 2, out second))
                    {
                        return "the seconds must be two digits";
                    }

                    if (i < s.Length && (s[i] == (byte)'.' || s[i] == (byte)','))
                    {
                        i++;
                        int start = i;
                        long scale = 1_000_000;
                        while (i < s.Length && IsDigit(s[i]))
                        {
                            if (scale > 0)
                            {
                                fractionTicks += (s[i] - '0') * scale;
                                scale /= 10;
                            }

                            i++;
                        }

                        if (i == start)
                        {
                            return "a decimal point must be followed by digits";
                        }
                    }
                }

                if (i < s.Length)
                {
                    byte z = s[i];
                    if (z == (byte)'Z' || z == (byte)'z')
                    {
                        i++;
                    }
                    else if (z == (byte)'+' || z == (byte)'-')
                    {
                        i++;
                        if (!Digits(s, ref i, 2, out int oh))
                        {
                            return "the UTC offset must be ±hh, ±hhmm or ±hh:mm";
                        }

                        int om = 0;
                        if (i < s.Length)
                        {
                            if (s[i] == (byte)':')
                            {
                                i++;
                            }

                            if (!Digits(s, ref i, 2, out om))
                            {
                                return "the UTC offset must be ±hh, ±hhmm or ±hh:mm";
                            }
                        }

                        if (oh > 23 || om > 59)
                        {
                            return "the UTC offset is out of range";
                        }

                        offsetMinutes = (oh * 60 + om) * (z == (byte)'-' ? -1 : 1);
                    }
                }
            }

            if (i != s.Length)
            {
                return "unexpected text after the date-time";
            }

            if (month < 1 || month > 12 || year < 1)
            {
                return "the month or year is out of range";
            }

            if (day < 1 || day > DateTime.DaysInMonth(year, month))
            {
                return "the day is out of range for its month";
            }

            if (hour > 23 || minute > 59 || second > 59)
            {
                return "the time of day is out of range";
            }

            long ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fractionTicks
                         - offsetMinutes * TimeSpan.TicksPerMinute;
            if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
            {
                return "the date-time is out of range after conversion to UTC";
            }

            value = new DateTime(ticks, DateTimeKind.Utc);
            return null;
        }

        /// <summary>
        /// Writes the value in UTC as yyyy-MM-ddTHH:mm:ss.fff[ffff]Z: at least three fraction digits,
        /// trailing zeros beyond them trimmed, at most seven (100 ns). Returns the byte count.
        /// </summary>
        public static int Write(DateTime value, Span<byte> dest)
        {
            if (value.Kind == DateTimeKind.Local)
            {
                value = value.ToUniversalTime();
            }

            long ticks = value.Ticks;
            int fraction = (int)(ticks % TimeSpan.TicksPerSecond);
            value.GetDatePart(out int year, out int month, out int day);
            long tod = (ticks / TimeSpan.TicksPerSecond) % 86400;
            int hour = (int)(tod / 3600), minute = (int)(tod / 60 % 60), second = (int)(tod % 60);
            Put(dest, 0, year, 4);
            dest[4] = (byte)'-';
            Put(dest, 5, month, 2);
            dest[7] = (byte)'-';
            Put(dest, 8, day, 2);
            dest[10] = (byte)'T';
            Put(dest, 11, hour, 2);
            dest[13] = (byte)':';
            Put(dest, 14, minute, 2);
            dest[16] = (byte)':';
            Put(dest, 17, second, 2);
            dest[19] = (byte)'.';
            Put(dest, 20, fraction, 7);
            int end = 27;
            while (end > 23 && dest[end - 1] == (byte)'0')
            {
                end--;
            }

            dest[end] = (byte)'Z';
            return end + 1;
        }

        public static string ToText(DateTime value)
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

        private static void GetDatePart(this DateTime value, out int year, out int month, out int day)
        {
            year = value.Year;
            month = value.Month;
            day = value.Day;
        }

        private static void Put(Span<byte> dest, int at, int value, int width)
        {
            for (int k = at + width - 1; k >= at; k--)
            {
                dest[k] = (byte)('0' + value % 10);
                value /= 10;
            }
        }

        private static bool IsDigit(byte b) => b >= (byte)'0' && b <= (byte)'9';

        private static bool Expect(ReadOnlySpan<byte> s, ref int i, byte c)
        {
            if (i < s.Length && s[i] == c)
            {
                i++;
                return true;
            }

            return false;
        }

        private static bool Digits(ReadOnlySpan<byte> s, ref int i, int count, out int value)
        {
            value = 0;
            if (i + count > s.Length)
            {
                return false;
            }

            for (int k = 0; k < count; k++)
            {
                byte b = s[i + k];
                if (!IsDigit(b))
                {
                    return false;
                }

                value = value * 10 + (b - '0');
            }

            i += count;
            return true;
        }
    }
}
