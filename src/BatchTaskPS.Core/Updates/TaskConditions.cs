using System;
using System.Collections.Generic;
using System.Globalization;
using BatchTaskPS.IO;
using BatchTaskPS.Model;

namespace BatchTaskPS.Updates
{
    /// <summary>
    /// The conditions of a task update, as the service takes them in HTTP headers (If-Match, If-None-Match,
    /// If-Modified-Since, If-Unmodified-Since), and how the service judges them: the one implementation behind
    /// <c>Update-BatchTask</c> offline (task objects and files) and the service client's PUT.
    /// </summary>
    public sealed class TaskConditions
    {
        private static readonly object s_etagGate = new object();
        private static long s_lastETag;

        /// <summary>The ETag the task must have (<c>*</c>: any task).</summary>
        public string? IfMatch { get; set; }

        /// <summary>An ETag the task must not have (<c>*</c> never holds).</summary>
        public string? IfNoneMatch { get; set; }

        /// <summary>The task must have changed after this time (compared in whole seconds, UTC).</summary>
        public DateTime? IfModifiedSince { get; set; }

        /// <summary>The task must not have changed after this time (compared in whole seconds, UTC).</summary>
        public DateTime? IfUnmodifiedSince { get; set; }

        /// <summary>True when no condition is set.</summary>
        public bool IsEmpty => IfMatch == null && IfNoneMatch == null && !IfModifiedSince.HasValue && !IfUnmodifiedSince.HasValue;

        /// <summary>The names of the conditions set, in header order.</summary>
        public IReadOnlyList<string> Names
        {
            get
            {
                var names = new List<string>(4);
                if (IfMatch != null)
                {
                    names.Add(nameof(IfMatch));
                }

                if (IfNoneMatch != null)
                {
                    names.Add(nameof(IfNoneMatch));
                }

                if (IfModifiedSince.HasValue)
                {
                    names.Add(nameof(IfModifiedSince));
                }

                if (IfUnmodifiedSince.HasValue)
                {
                    names.Add(nameof(IfUnmodifiedSince));
                }

                return names;
            }
        }

        /// <summary>
        /// True when the service takes these conditions together: one of them, or If-Match with
        /// If-Unmodified-Since, or If-None-Match with If-Modified-Since. Any other pair (or more) the service
        /// refuses with 400 MultipleConditionHeadersNotSupported.
        /// </summary>
        public bool IsSupportedCombination
        {
            get
            {
                IReadOnlyList<string> n = Names;
                return n.Count <= 1 ||
                       (n.Count == 2 && ((IfMatch != null && IfUnmodifiedSince.HasValue) || (IfNoneMatch != null && IfModifiedSince.HasValue)));
            }
        }

        /// <summary>
        /// Null when the conditions hold for <paramref name="task"/>, as the service judges them; otherwise which
        /// condition failed and why (the service answers 412 ConditionNotMet). When an ETag condition is given, the
        /// date condition paired with it is not evaluated, as the service does.
        /// </summary>
        public string? FailedFor(CloudTask task)
        {
            if (task == null)
            {
                throw new ArgumentNullException(nameof(task));
            }

            if (IfMatch != null)
            {
                bool ok = IfMatch == "*" || string.Equals(task.ETag, IfMatch, StringComparison.Ordinal);
                return ok ? null : "IfMatch '" + IfMatch + "' (the task's ETag is " + (task.ETag == null ? "absent" : "'" + task.ETag + "'") + ")";
            }

            if (IfNoneMatch != null)
            {
                bool ok = IfNoneMatch != "*" && !string.Equals(task.ETag, IfNoneMatch, StringComparison.Ordinal);
                return ok ? null : "IfNoneMatch '" + IfNoneMatch + "'";
            }

            if (task.LastModified.HasValue)
            {
                DateTime modified = WholeSecondsUtc(task.LastModified.Value, unspecifiedIsUtc: true);
                if (IfModifiedSince.HasValue && !(modified > WholeSecondsUtc(IfModifiedSince.Value, false)))
                {
                    return "IfModifiedSince " + Http(IfModifiedSince.Value) + " (last modified " + Http(modified) + ")";
                }

                if (IfUnmodifiedSince.HasValue && !(modified <= WholeSecondsUtc(IfUnmodifiedSince.Value, false)))
                {
                    return "IfUnmodifiedSince " + Http(IfUnmodifiedSince.Value) + " (last modified " + Http(modified) + ")";
                }
            }

            return null;
        }

        /// <summary>A date as an HTTP header writes it (RFC 1123, whole seconds, GMT).</summary>
        public static string Http(DateTime value) => WholeSecondsUtc(value, false).ToString("r", CultureInfo.InvariantCulture);

        /// <summary>
        /// A service-shaped ETag (<c>0x</c> and 15 upper-case hex digits): the current time in 100 ns ticks with
        /// its low 12 bits random, strictly increasing within this process, never equal to <paramref name="previous"/>.
        /// What an offline update gives the changed task, so that a second update based on the old ETag fails as
        /// it would on the service.
        /// </summary>
        public static string NewETag(string? previous)
        {
            byte[] noise = new byte[2];
            while (true)
            {
                RandomBytes.Fill(noise);
                long value;
                lock (s_etagGate)
                {
                    long random = ((long)noise[0] | ((long)noise[1] << 8)) & 0xFFFL;
                    value = (DateTime.UtcNow.Ticks & ~0xFFFL) | random;
                    if (value <= s_lastETag)
                    {
                        value = s_lastETag + 1;
                    }

                    s_lastETag = value;
                }

                string etag = "0x" + (value & 0x0FFFFFFFFFFFFFFFL).ToString("X15", CultureInfo.InvariantCulture);
                if (!string.Equals(etag, previous, StringComparison.Ordinal))
                {
                    return etag;
                }
            }
        }

        private static DateTime WholeSecondsUtc(DateTime value, bool unspecifiedIsUtc)
        {
            DateTime utc = value.Kind == DateTimeKind.Utc || (unspecifiedIsUtc && value.Kind == DateTimeKind.Unspecified)
                ? DateTime.SpecifyKind(value, DateTimeKind.Utc)
                : value.ToUniversalTime();
            return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        }
    }
}
