using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Serialization.Wire;
using BatchTaskPS.Validation;

namespace BatchTaskPS.Factories
{
    /// <summary>
    /// The text forms a task field takes when its value is text: a spreadsheet cell, or text typed for a
    /// parameter. One vocabulary for every column and parameter (README "Spreadsheet rows"):
    /// durations are ISO 8601 or d.hh:mm:ss, never a bare number; lists are separated by ';'; a resource
    /// file is its URL; an output file is 'pattern&gt;containerUrl'; an application package is 'id' or
    /// 'id#version'; nested objects are their REST JSON. Every method either returns the value or throws a
    /// <see cref="FormatException"/> whose message says what would be accepted, never quoting more than a
    /// masked, shortened excerpt of the text.
    /// </summary>
    public static class TaskInputText
    {
        /// <summary>What a duration may be written as.</summary>
        public const string DurationForms = "write an ISO 8601 duration such as PT30M, PT2H, P1D or P1DT12H (the service's form), or d.hh:mm:ss such as 02:00:00";

        /// <summary>The longest excerpt of a refused text an error quotes.</summary>
        internal const int QuoteWidth = 80;

        /// <summary>A duration: ISO 8601 ('PT1H30M', 'P7D') or d.hh:mm:ss ('01:30:00', '2.00:00:00').</summary>
        public static TimeSpan ParseDuration(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            string t = text.Trim();
            int sign = t.Length > 0 && (t[0] == '-' || t[0] == '+') ? 1 : 0;
            if (t.Length > sign && (t[sign] == 'P' || t[sign] == 'p'))
            {
                string? fault = DurationFormat.TryParse(Encoding.UTF8.GetBytes(t.ToUpperInvariant()), out TimeSpan duration);
                if (fault != null)
                {
                    throw new FormatException(Quote(text) + " is not an ISO 8601 duration: " + fault + "; " + DurationForms + ".");
                }

                return duration;
            }

            if (t.IndexOf(':') > 0 && TimeSpan.TryParseExact(t, "c", CultureInfo.InvariantCulture, out TimeSpan clock))
            {
                return clock;
            }

            throw new FormatException(Quote(text) + " is not a duration: " + DurationForms + ".");
        }

        /// <summary>A whole number written with invariant digits (an optional sign, no separators).</summary>
        public static int ParseInteger(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            {
                return value;
            }

            throw new FormatException(Quote(text) + " is not a whole number: write digits such as 3 (or -1 where the service allows it).");
        }

        /// <summary>A known value of an extensible enum, in any letter case; it takes the wire spelling.</summary>
        public static string ParseKnownValue(string text, string typeName, IReadOnlyList<string> known)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            if (known == null)
            {
                throw new ArgumentNullException(nameof(known));
            }

            string t = text.Trim();
            foreach (string k in known)
            {
                if (string.Equals(k, t, StringComparison.OrdinalIgnoreCase))
                {
                    return k;
                }
            }

            throw new FormatException(UnknownValue(text, typeName, known));
        }

        /// <summary>Why a value is not one of <paramref name="known"/>: the known values and the closest of them.</summary>
        public static string UnknownValue(string text, string typeName, IReadOnlyList<string> known)
        {
            if (known == null)
            {
                throw new ArgumentNullException(nameof(known));
            }

            string closest = known[0];
            int best = int.MaxValue;
            foreach (string k in known)
            {
                int d = NameSuggestions.Distance(text ?? string.Empty, k);
                if (d < best)
                {
                    best = d;
                    closest = k;
                }
            }

            return Quote(text) + " is not a known " + typeName + " value. Known values: " + string.Join(", ", known) + "; the closest is '" + closest + "'.";
        }

        /// <summary>
        /// The items of a ';'-separated list, each trimmed; empty items are skipped (so 'a;;b', 'a;' and an
        /// empty cell give no empty item).
        /// </summary>
        public static List<string> SplitList(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            var items = new List<string>();
            int start = 0;
            for (int i = 0; i <= text.Length; i++)
            {
                if (i == text.Length || text[i] == ';')
                {
                    string item = text.Substring(start, i - start).Trim();
                    if (item.Length > 0)
                    {
                        items.Add(item);
                    }

                    start = i + 1;
                }
            }

            return items;
        }

        /// <summary>True when the text is JSON (an object or array), not the short form.</summary>
        public static bool IsJson(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            foreach (char c in text)
            {
                if (!char.IsWhiteSpace(c))
                {
                    return c == '{' || c == '[';
                }
            }

            return false;
        }

        /// <summary>'start-end' (for example '1-10'): an id range of integer task ids.</summary>
        public static TaskIdRange ParseRange(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            string t = text.Trim();
            int dash = t.IndexOf('-', 1 < t.Length ? 1 : 0);
            if (dash > 0 &&
                int.TryParse(t.Substring(0, dash).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int start) &&
                int.TryParse(t.Substring(dash + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int end))
            {
                return new TaskIdRange { Start = start, End = end };
            }

            throw new FormatException(Quote(text) + " is not a task id range: write 'start-end' such as 1-10 (several separated by ';').");
        }

        /// <summary>
        /// A resource file from its URL: httpUrl is the URL as written, filePath the URL's last path segment
        /// (decoded), so 'https://a.blob.core.windows.net/in/data/x.csv?sv=..' downloads to x.csv.
        /// </summary>
        public static ResourceFile ParseResourceFile(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            string url = text.Trim();
            if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new FormatException(Quote(text) + " is not an http(s) URL: " + ResourceFileForms + ".");
            }

            string path = uri.AbsolutePath;
            string name = Uri.UnescapeDataString(path.Substring(path.LastIndexOf('/') + 1));
            if (name.Length == 0)
            {
                throw new FormatException(Quote(text) + " names no file (its path ends with '/'): " + ResourceFileForms + ".");
            }

            return new ResourceFile { HttpUrl = url, FilePath = name };
        }

        /// <summary>What a resource file may be written as.</summary>
        public const string ResourceFileForms = "write the file's URL (it downloads to the URL's file name; several separated by ';', a ';' inside a URL as %3B), or JSON such as [{\"httpUrl\":\"https://...\",\"filePath\":\"in/x.csv\"}] for other paths, storageContainerUrl or autoStorageContainerName";

        /// <summary>
        /// An output file from 'filePattern&gt;containerUrl': files matching the pattern upload to the container
        /// when the task completes (uploadCondition taskcompletion).
        /// </summary>
        public static OutputFile ParseOutputFile(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            int gt = text.IndexOf('>');
            string pattern = gt < 0 ? string.Empty : text.Substring(0, gt).Trim();
            string url = gt < 0 ? string.Empty : text.Substring(gt + 1).Trim();
            if (pattern.Length == 0 || !Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new FormatException(Quote(text) + " is not an output file: " + OutputFileForms + ".");
            }

            return new OutputFile
            {
                FilePattern = pattern,
                Destination = new OutputFileDestination { Container = new OutputFileBlobContainerDestination { ContainerUrl = url } },
                UploadOptions = new OutputFileUploadOptions { UploadCondition = OutputFileUploadCondition.TaskCompletion },
            };
        }

        /// <summary>What an output file may be written as.</summary>
        public const string OutputFileForms = "write 'filePattern>containerUrl' such as 'outputs/*.log>https://account.blob.core.windows.net/logs?sv=...' (uploads when the task completes; several separated by ';'), or JSON such as [{\"filePattern\":...,\"destination\":...,\"uploadOptions\":...}]";

        /// <summary>An application package from 'applicationId' or 'applicationId#version'.</summary>
        public static ApplicationPackageReference ParsePackage(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            string t = text.Trim();
            int hash = t.IndexOf('#');
            string id = hash < 0 ? t : t.Substring(0, hash).Trim();
            string? version = hash < 0 ? null : t.Substring(hash + 1).Trim();
            if (id.Length == 0 || version is { Length: 0 })
            {
                throw new FormatException(Quote(text) + " is not an application package: " + PackageForms + ".");
            }

            return new ApplicationPackageReference { ApplicationId = id, Version = version };
        }

        /// <summary>What an application package may be written as.</summary>
        public const string PackageForms = "write 'applicationId' or 'applicationId#version' (several separated by ';'), or JSON such as [{\"applicationId\":\"blender\",\"version\":\"4.1\"}]";

        /// <summary>
        /// 'NAME=value;NAME2=value2': pairs split at ';' (';;' stands for a ';' inside a value), each at its
        /// first '='. Names are trimmed; values are kept exactly (empty allowed). Empty pairs are skipped. A
        /// pair without a name is refused by its number, never quoted (it may be a secret typed without its name).
        /// </summary>
        public static List<EnvironmentSetting?> ParseEnvironment(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            var settings = new List<EnvironmentSetting?>();
            var pair = new StringBuilder();
            int number = 0;
            for (int i = 0; i <= text.Length; i++)
            {
                if (i < text.Length && text[i] == ';' && i + 1 < text.Length && text[i + 1] == ';')
                {
                    pair.Append(';');
                    i++;
                    continue;
                }

                if (i < text.Length && text[i] != ';')
                {
                    pair.Append(text[i]);
                    continue;
                }

                string p = pair.ToString();
                pair.Clear();
                if (p.Trim().Length == 0)
                {
                    continue;
                }

                number++;
                int eq = p.IndexOf('=');
                string name = eq < 0 ? string.Empty : p.Substring(0, eq).Trim();
                if (name.Length == 0)
                {
                    throw new FormatException("setting " + number.ToString(CultureInfo.InvariantCulture) + " has no NAME before '=': " + EnvironmentForms + ".");
                }

                settings.Add(new EnvironmentSetting { Name = name, Value = p.Substring(eq + 1) });
            }

            return settings;
        }

        /// <summary>What environment settings may be written as.</summary>
        public const string EnvironmentForms = "write 'NAME=value;NAME2=value2' (';;' for a ';' inside a value), JSON such as [{\"name\":\"A\",\"value\":\"1\"}], a hashtable or a list of EnvironmentSetting objects";

        /// <summary>A refused text as errors quote it: masked (it may hold a SAS signature) and shortened.</summary>
        internal static string Quote(string? text)
        {
            // Cut before masking, so that a huge cell costs no more than a short one.
            string t = text ?? string.Empty;
            return "'" + Redaction.Shorten(t.Length > 4 * QuoteWidth ? t.Substring(0, 4 * QuoteWidth) : t, QuoteWidth) + "'";
        }
    }
}
