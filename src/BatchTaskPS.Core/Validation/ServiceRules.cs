using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;

namespace BatchTaskPS.Validation
{
    /// <summary>
    /// The Batch service's one-task rules (rest-spec §3), each under its id. Paths are built only when a
    /// rule fails, so a clean task costs no allocation here.
    /// </summary>
    internal static class ServiceRules
    {
        internal const int MaxIdLength = 64;
        internal const int MaxDisplayNameLength = 1024;
        private const int MaxDependencyIdsLength = 64000;

        public static void Check(CloudTask task, TaskShape shape, BatchTaskValidator.Walker w)
        {
            CheckTask(task, shape, w);
            if (task.Constraints != null)
            {
                CheckConstraints(task.Constraints, w);
            }

            CheckResourceFiles(task.ResourceFiles, "$.resourceFiles", w);
            if (task.MultiInstanceSettings != null)
            {
                CheckMultiInstance(task, task.MultiInstanceSettings, w);
            }

            CheckOutputFiles(task.OutputFiles, w);
            if (task.ExitConditions != null)
            {
                CheckExitConditions(task.ExitConditions, w);
            }

            if (task.DependsOn != null)
            {
                CheckDependencies(task, task.DependsOn, w);
            }

            if (task.ContainerSettings != null)
            {
                CheckContainer(task.ContainerSettings, w);
            }

            if (task.UserIdentity != null)
            {
                CheckUserIdentity(task.UserIdentity, w);
            }

            if (task.AffinityInfo?.AffinityId is string affinity && affinity.Length == 0)
            {
                w.Add("$.affinityInfo.affinityId", "AffinityInformation", "affinityId", "F1", ValidationSeverity.Error,
                    "affinityId is empty; it must name a compute node (F1), or leave affinityInfo out.");
            }

            CheckApplicationPackages(task.ApplicationPackageReferences, w);
            if (task.AuthenticationTokenSettings != null)
            {
                w.Add("$.authenticationTokenSettings", "CloudTask", "authenticationTokenSettings", "Z1", ValidationSeverity.Warning,
                    "authenticationTokenSettings is deprecated: the service retired the task authentication token on 2024-09-30 and newer SDKs no longer have it.");
            }

            CheckEnvironment(task.EnvironmentSettings, w);
        }

        private static void CheckTask(CloudTask task, TaskShape shape, BatchTaskValidator.Walker w)
        {
            string? id = task.Id;
            if (string.IsNullOrEmpty(id))
            {
                w.Add("$.id", "CloudTask", "id", "T1", ValidationSeverity.Error, "The task id is required and must not be empty.");
            }
            else
            {
                if (id!.Length > MaxIdLength)
                {
                    w.Add("$.id", "CloudTask", "id", "T2", ValidationSeverity.Error,
                        "The task id has " + id.Length + " characters; at most " + MaxIdLength + " are allowed.");
                }

                int bad = FirstBadIdChar(id);
                if (bad >= 0)
                {
                    w.Add("$.id", "CloudTask", "id", "T3", ValidationSeverity.Error,
                        "The task id may hold only letters A-Z and a-z, digits, hyphens and underscores; character " + (bad + 1) +
                        " (" + Show(id[bad]) + ") is not allowed.");
                }
            }

            if (task.DisplayName != null && task.DisplayName.Length > MaxDisplayNameLength)
            {
                w.Add("$.displayName", "CloudTask", "displayName", "T6", ValidationSeverity.Error,
                    "The display name has " + task.DisplayName.Length + " characters; at most " + MaxDisplayNameLength + " are allowed.");
            }

            if (string.IsNullOrEmpty(task.CommandLine))
            {
                w.Add("$.commandLine", "CloudTask", "commandLine", "T7", ValidationSeverity.Error, "The command line is required and must not be empty.");
            }

            if (task.RequiredSlots is int slots && slots < 1)
            {
                w.Add("$.requiredSlots", "CloudTask", "requiredSlots", "T8", ValidationSeverity.Error,
                    "requiredSlots is " + slots + "; a task needs at least 1 slot.");
            }

            if (task.MultiInstanceSettings != null && task.RequiredSlots is int s2 && s2 != 1)
            {
                w.Add("$.requiredSlots", "CloudTask", "requiredSlots", "T9", ValidationSeverity.Error,
                    "A multi-instance task must have requiredSlots 1 (or leave it out), not " + s2 + " (rules T9/M3).");
            }

            if (shape == TaskShape.Create)
            {
                foreach (PropertyDescriptor p in CloudTask.Schema.Properties)
                {
                    if (p.ServerOwned && ((PropertyDescriptor<CloudTask>)p).IsSet(task))
                    {
                        w.Add(JsonPath.Of(p.RestKey), "CloudTask", p.RestKey, "T12", ValidationSeverity.Error,
                            p.RestKey + " is set by the service and is not accepted when adding a task (the Create shape leaves it out).");
                    }
                }
            }
        }

        private static void CheckConstraints(TaskConstraints c, BatchTaskValidator.Walker w)
        {
            if (c.MaxTaskRetryCount is int retries && retries < -1)
            {
                w.Add("$.constraints.maxTaskRetryCount", "TaskConstraints", "maxTaskRetryCount", "C1", ValidationSeverity.Error,
                    "maxTaskRetryCount is " + retries + "; use -1 for unlimited retries, 0 for none, or a positive count.");
            }

            if (c.MaxWallClockTime is TimeSpan wall && wall < TimeSpan.Zero)
            {
                w.Add("$.constraints.maxWallClockTime", "TaskConstraints", "maxWallClockTime", "C6", ValidationSeverity.Error,
                    "maxWallClockTime is negative; a duration must be zero or more.");
            }

            if (c.RetentionTime is TimeSpan keep && keep < TimeSpan.Zero)
            {
                w.Add("$.constraints.retentionTime", "TaskConstraints", "retentionTime", "C6", ValidationSeverity.Error,
                    "retentionTime is negative; a duration must be zero or more.");
            }
        }

        private static void CheckMultiInstance(CloudTask task, MultiInstanceSettings m, BatchTaskValidator.Walker w)
        {
            if (m.CoordinationCommandLine != null && m.CoordinationCommandLine.Length == 0)
            {
                w.Add("$.multiInstanceSettings.coordinationCommandLine", "MultiInstanceSettings", "coordinationCommandLine", "M1", ValidationSeverity.Error,
                    "The coordination command line of a multi-instance task must not be empty.");
            }

            if (m.NumberOfInstances is int n && n < 1)
            {
                w.Add("$.multiInstanceSettings.numberOfInstances", "MultiInstanceSettings", "numberOfInstances", "M2", ValidationSeverity.Error,
                    "numberOfInstances is " + n + "; a multi-instance task needs at least 1 instance.");
            }

            CheckResourceFiles(m.CommonResourceFiles, "$.multiInstanceSettings.commonResourceFiles", w);
        }

        private static void CheckResourceFiles(List<ResourceFile?>? files, string basePath, BatchTaskValidator.Walker w)
        {
            if (files == null)
            {
                return;
            }

            for (int k = 0; k < files.Count; k++)
            {
                ResourceFile? f = files[k];
                if (f == null)
                {
                    continue;
                }

                int sources = (f.AutoStorageContainerName != null ? 1 : 0) + (f.StorageContainerUrl != null ? 1 : 0) + (f.HttpUrl != null ? 1 : 0);
                if (sources != 1)
                {
                    w.Add(Item(basePath, k), "ResourceFile", "httpUrl", "R1", ValidationSeverity.Error,
                        "A resource file needs exactly one of autoStorageContainerName, storageContainerUrl and httpUrl; this one has " + sources + ".");
                }

                if (f.AutoStorageContainerName != null && f.AutoStorageContainerName.Length == 0)
                {
                    w.Add(Item(basePath, k) + ".autoStorageContainerName", "ResourceFile", "autoStorageContainerName", "R1", ValidationSeverity.Error,
                        "autoStorageContainerName is empty; it must name a container of the auto-storage account (the file's one source, R1).");
                }

                if (f.StorageContainerUrl != null && !IsAbsoluteHttpUrl(f.StorageContainerUrl))
                {
                    BadUrl(Item(basePath, k) + ".storageContainerUrl", "ResourceFile", "storageContainerUrl", f.StorageContainerUrl, "of a blob container", w);
                }

                if (f.HttpUrl != null && !IsAbsoluteHttpUrl(f.HttpUrl))
                {
                    BadUrl(Item(basePath, k) + ".httpUrl", "ResourceFile", "httpUrl", f.HttpUrl, "to download the file from", w);
                }

                if (f.BlobPrefix != null && f.AutoStorageContainerName == null && f.StorageContainerUrl == null)
                {
                    w.Add(Item(basePath, k) + ".blobPrefix", "ResourceFile", "blobPrefix", "R2", ValidationSeverity.Error,
                        "blobPrefix applies only with autoStorageContainerName or storageContainerUrl.");
                }

                if (f.HttpUrl != null && string.IsNullOrEmpty(f.FilePath))
                {
                    w.Add(Item(basePath, k) + ".filePath", "ResourceFile", "filePath", "R3", ValidationSeverity.Error,
                        "filePath is required with httpUrl: it names the downloaded file.");
                }

                if (f.FilePath != null && EscapesWorkingDirectory(f.FilePath))
                {
                    w.Add(Item(basePath, k) + ".filePath", "ResourceFile", "filePath", "R4", ValidationSeverity.Error,
                        "filePath '" + f.FilePath + "' must be relative to the task's working directory and must not leave it (no absolute path, no '..').");
                }

                if (f.FileMode != null && !IsOctalMode(f.FileMode))
                {
                    w.Add(Item(basePath, k) + ".fileMode", "ResourceFile", "fileMode", "R5", ValidationSeverity.Error,
                        "fileMode '" + f.FileMode + "' must be an octal mode of 3 or 4 digits 0-7, such as 0644.");
                }
            }
        }

        private static void CheckOutputFiles(List<OutputFile?>? files, BatchTaskValidator.Walker w)
        {
            if (files == null)
            {
                return;
            }

            // Paths are built only for a finding: a valid output file costs no allocation.
            for (int k = 0; k < files.Count; k++)
            {
                OutputFile? f = files[k];
                if (f == null)
                {
                    continue;
                }

                if (f.FilePattern != null && f.FilePattern.Length == 0)
                {
                    w.Add(Item("$.outputFiles", k) + ".filePattern", "OutputFile", "filePattern", "O1", ValidationSeverity.Error,
                        "filePattern is empty; it must say which files to upload (O1), such as *.log or out/**/*.");
                }

                if (f.Destination == null)
                {
                    continue;
                }

                OutputFileBlobContainerDestination? container = f.Destination.Container;
                if (container == null)
                {
                    w.Add(Item("$.outputFiles", k) + ".destination.container", "OutputFileDestination", "container", "O2", ValidationSeverity.Error,
                        "The destination needs a container: it is the only kind of output destination.");
                    continue;
                }

                string? url = container.ContainerUrl;
                if (url != null && !IsAbsoluteHttpUrl(url))
                {
                    w.Add(Item("$.outputFiles", k) + ".destination.container.containerUrl", "OutputFileBlobContainerDestination", "containerUrl", "O3", ValidationSeverity.Error,
                        "containerUrl must be an absolute http or https URL of a blob container (O3; the REST spec types it format: uri)" + UrlShown(url) + ".");
                }

                List<HttpHeader?>? headers = container.UploadHeaders;
                if (headers == null)
                {
                    continue;
                }

                for (int h = 0; h < headers.Count; h++)
                {
                    if (headers[h]?.Name is string name && name.Length == 0)
                    {
                        w.Add(Item(Item("$.outputFiles", k) + ".destination.container.uploadHeaders", h) + ".name", "HttpHeader", "name", "O5", ValidationSeverity.Error,
                            "An upload header's name is empty; it must name an HTTP header (O5).");
                    }
                }
            }
        }

        private static void CheckExitConditions(ExitConditions e, BatchTaskValidator.Walker w)
        {
            if (e.ExitCodeRanges == null)
            {
                return;
            }

            for (int k = 0; k < e.ExitCodeRanges.Count; k++)
            {
                ExitCodeRangeMapping? range = e.ExitCodeRanges[k];
                if (range?.Start is int start && range.End is int end && start > end)
                {
                    w.Add(Item("$.exitConditions.exitCodeRanges", k), "ExitCodeRangeMapping", "end", "X2", ValidationSeverity.Error,
                        "The exit code range starts at " + start + " but ends at " + end + "; the start must not be after the end.");
                }
            }
        }

        private static void CheckDependencies(CloudTask task, TaskDependencies d, BatchTaskValidator.Walker w)
        {
            string? id = task.Id;
            if (d.TaskIds != null)
            {
                long total = 0;
                bool self = false;
                foreach (string? parent in d.TaskIds)
                {
                    if (parent != null)
                    {
                        total += parent.Length;
                        self |= id != null && string.Equals(parent, id, StringComparison.OrdinalIgnoreCase);
                    }
                }

                if (total > MaxDependencyIdsLength)
                {
                    w.Add("$.dependsOn.taskIds", "TaskDependencies", "taskIds", "D2", ValidationSeverity.Error,
                        "The task ids this task depends on add up to " + total + " characters; the service allows at most " + MaxDependencyIdsLength +
                        " (use taskIdRanges for long runs of ids).");
                }

                if (self)
                {
                    // D7 is inferred (rest-spec marks it W), but it needs nothing but the task to decide: the task
                    // waits for itself forever. An error, as the same one-task cycle is under -Collection (DependencyCycle).
                    w.Add("$.dependsOn.taskIds", "TaskDependencies", "taskIds", "D7", ValidationSeverity.Error,
                        "The task depends on itself (its own id, ignoring case, is among taskIds), so it can never run.");
                }
            }

            if (d.TaskIdRanges == null)
            {
                return;
            }

            int? own = ParseIntegerId(id);
            for (int k = 0; k < d.TaskIdRanges.Count; k++)
            {
                TaskIdRange? range = d.TaskIdRanges[k];
                if (range?.Start is not int start || range.End is not int end)
                {
                    continue;
                }

                if (start < 0 || end < 0)
                {
                    w.Add(Item("$.dependsOn.taskIdRanges", k), "TaskIdRange", start < 0 ? "start" : "end", "D4", ValidationSeverity.Error,
                        "A task id range cannot hold negative ids (" + start + "-" + end + ").");
                }
                else if (end < start)
                {
                    w.Add(Item("$.dependsOn.taskIdRanges", k), "TaskIdRange", "end", "D4", ValidationSeverity.Error,
                        "The task id range starts at " + start + " but ends at " + end + "; the end must not be before the start.");
                }
                else if (own is int n && n >= start && n <= end)
                {
                    w.Add(Item("$.dependsOn.taskIdRanges", k), "TaskIdRange", "start", "D7", ValidationSeverity.Error,
                        "The range " + start + "-" + end + " includes the task's own id (" + n + "), so the task depends on itself and can never run.");
                }
            }
        }

        private static void CheckContainer(TaskContainerSettings c, BatchTaskValidator.Walker w)
        {
            if (c.ImageName != null && c.ImageName.Trim().Length == 0)
            {
                w.Add("$.containerSettings.imageName", "TaskContainerSettings", "imageName", "K1", ValidationSeverity.Error,
                    "imageName must name a container image.");
            }

            List<ContainerHostBatchBindMountEntry?>? mounts = c.ContainerHostBatchBindMounts;
            if (mounts == null)
            {
                return;
            }

            bool taskMounted = false;
            for (int k = 0; k < mounts.Count; k++)
            {
                ContainerHostBatchBindMountEntry? m = mounts[k];
                if (m == null)
                {
                    continue;
                }

                if (m.Source == null)
                {
                    w.Add(Item("$.containerSettings.containerHostBatchBindMounts", k) + ".source", "ContainerHostBatchBindMountEntry", "source", "K3",
                        ValidationSeverity.Error, "A bind mount needs a source (" + string.Join(", ", ContainerHostDataPath.KnownValues) + ").");
                }
                else if (m.Source.Value == ContainerHostDataPath.Task)
                {
                    taskMounted = true;
                }
            }

            if (!taskMounted && c.WorkingDirectory != ContainerWorkingDirectory.ContainerImageDefault)
            {
                w.Add("$.containerSettings.workingDirectory", "TaskContainerSettings", "workingDirectory", "K4", ValidationSeverity.Error,
                    "containerHostBatchBindMounts does not mount the Task directory, so workingDirectory must be containerImageDefault.");
            }
        }

        private static void CheckUserIdentity(UserIdentity u, BatchTaskValidator.Walker w)
        {
            if (u.UserName != null && u.UserName.Length == 0)
            {
                // U3 needs the pool to decide whether a name is one of its accounts (a warning then); an empty name is none.
                w.Add("$.userIdentity.username", "UserIdentity", "username", "U3", ValidationSeverity.Error,
                    "username is empty; it must name a user account of the pool (U3), or leave it out and use autoUser.");
            }

            if ((u.UserName != null) == (u.AutoUser != null))
            {
                w.Add("$.userIdentity", "UserIdentity", "username", "U1", ValidationSeverity.Error,
                    u.UserName != null
                        ? "userIdentity may have username or autoUser, not both."
                        : "userIdentity needs either username or autoUser (leave userIdentity out for the default auto-user).");
            }
        }

        private static void CheckApplicationPackages(List<ApplicationPackageReference?>? refs, BatchTaskValidator.Walker w)
        {
            if (refs == null)
            {
                return;
            }

            for (int k = 0; k < refs.Count; k++)
            {
                if (refs[k]?.ApplicationId is string appId && appId.Trim().Length == 0)
                {
                    w.Add(Item("$.applicationPackageReferences", k) + ".applicationId", "ApplicationPackageReference", "applicationId", "A1",
                        ValidationSeverity.Error, "applicationId must name an application.");
                }
            }
        }

        private static void CheckEnvironment(List<EnvironmentSetting?>? settings, BatchTaskValidator.Walker w)
        {
            if (settings == null)
            {
                return;
            }

            for (int k = 0; k < settings.Count; k++)
            {
                string? name = settings[k]?.Name;
                if (name != null && !IsEnvironmentName(name))
                {
                    w.Add(Item("$.environmentSettings", k) + ".name", "EnvironmentSetting", "name", "V1", ValidationSeverity.Error,
                        name.Length == 0
                            ? "The environment variable's name is empty (V1)."
                            : "The environment variable name " + ShowText(name) + " holds " + (name.IndexOf('=') >= 0 ? "'='" : "a NUL character") +
                              "; no operating system can set such a variable (V1; rest-spec documents no character set, this much is inferred).");
                }
            }

            if (settings.Count < 2)
            {
                return;
            }

            // A few settings (the usual case) are compared pairwise, with no set allocated; many go through a set, so
            // the work stays linear in the number of settings.
            HashSet<string>? seen = settings.Count > SmallDuplicateCheck ? new HashSet<string>(StringComparer.Ordinal) : null;
            for (int k = 0; k < settings.Count; k++)
            {
                string? name = settings[k]?.Name;
                if (name == null)
                {
                    continue;
                }

                if (seen != null ? !seen.Add(name) : SeenBefore(settings, k, name))
                {
                    w.Add(Item("$.environmentSettings", k) + ".name", "EnvironmentSetting", "name", "DuplicateEnvironmentName", ValidationSeverity.Warning,
                        "The environment variable " + name + " is set more than once; which value the node uses is not documented.");
                }
            }
        }

        /// <summary>Up to this many environment settings are checked for duplicates pair by pair.</summary>
        internal const int SmallDuplicateCheck = 8;

        private static bool SeenBefore(List<EnvironmentSetting?> settings, int k, string name)
        {
            for (int j = 0; j < k; j++)
            {
                if (string.Equals(settings[j]?.Name, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        private static void BadUrl(string path, string typeName, string property, string url, string what, BatchTaskValidator.Walker w)
        {
            w.Add(path, typeName, property, "UrlFormat", ValidationSeverity.Error,
                property + " must be an absolute http or https URL " + what + " (the REST spec types it format: uri)" + UrlShown(url) + ".");
        }

        /// <summary>Why a URL is not one, without showing what might be secret (a SAS query, user info).</summary>
        private static string UrlShown(string url)
        {
            if (url.Length == 0)
            {
                return "; it is empty";
            }

            int scheme = url.IndexOf("://", StringComparison.Ordinal);
            if (scheme < 0)
            {
                int query = url.IndexOfAny(s_queryStart);
                return "; " + ShowText(query >= 0 ? url.Substring(0, query) + "?..." : url) + " is not one";
            }

            return scheme > 0 && HttpSchemeLength(url) == 0
                ? "; its scheme is " + ShowText(url.Substring(0, Math.Min(scheme, 20)))
                : "; it has no valid host";
        }

        private static readonly char[] s_queryStart = { '?', '#' };

        /// <summary>Text in quotes, cut at 200 characters, control characters as U+XXXX.</summary>
        private static string ShowText(string text)
        {
            var sb = new System.Text.StringBuilder("'");
            int n = Math.Min(text.Length, 200);
            for (int i = 0; i < n; i++)
            {
                char c = text[i];
                if (c < 0x20 || c == 0x7F)
                {
                    sb.Append("U+").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                }
                else
                {
                    sb.Append(c);
                }
            }

            return sb.Append(text.Length > n ? "...'" : "'").ToString();
        }

        /// <summary>A name an environment can hold: not empty, no '=' (it ends the name) and no NUL (it ends the entry).</summary>
        private static bool IsEnvironmentName(string name)
        {
            if (name.Length == 0)
            {
                return false;
            }

            foreach (char c in name)
            {
                if (c == '=' || c == '\0')
                {
                    return false;
                }
            }

            return true;
        }

        // ------------------------------------------------------------------ helpers

        private static string Item(string basePath, int index) => basePath + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

        private static int FirstBadIdChar(string id)
        {
            for (int k = 0; k < id.Length; k++)
            {
                char c = id[k];
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
                {
                    return k;
                }
            }

            return -1;
        }

        private static string Show(char c) => c < 0x20 || c == 0x7F || char.IsSurrogate(c)
            ? "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
            : "'" + c + "'";

        private static bool EscapesWorkingDirectory(string path)
        {
            if (path.Length == 0)
            {
                return false;
            }

            if (path[0] == '/' || path[0] == '\\' || (path.Length >= 2 && path[1] == ':'))
            {
                return true;
            }

            // A ".." segment between separators (either slash), found without splitting the path.
            int start = 0;
            for (int i = 0; i <= path.Length; i++)
            {
                if (i == path.Length || path[i] == '/' || path[i] == '\\')
                {
                    if (i - start == 2 && path[start] == '.' && path[start + 1] == '.')
                    {
                        return true;
                    }

                    start = i + 1;
                }
            }

            return false;
        }

        private static bool IsOctalMode(string mode)
        {
            if (mode.Length < 3 || mode.Length > 4)
            {
                return false;
            }

            foreach (char c in mode)
            {
                if (c < '0' || c > '7')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// True for an absolute http or https URL with a host, as the spec's <c>format: uri</c> URLs of Batch
        /// storage are. A plain URL (ASCII host name, optional port, printable ASCII after it) is decided here
        /// without allocating, in one pass over the text; anything else (user info, IP literals, non-ASCII text,
        /// spaces) as .NET's Uri reads it.
        /// </summary>
        internal static bool IsAbsoluteHttpUrl(string url)
        {
            int start = HttpSchemeLength(url);
            if (start == 0)
            {
                return false;
            }

            int end = PlainAuthorityEnd(url, start);
            if (end > 0 && IsPlainText(url, end))
            {
                return true;
            }

            return Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) &&
                (string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal) || string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal)) &&
                uri.Host.Length > 0;
        }

        /// <summary>7 for http://, 8 for https:// (any letter case), else 0.</summary>
        private static int HttpSchemeLength(string url)
        {
            if (url.Length < 7 || (url[0] | 0x20) != 'h' || (url[1] | 0x20) != 't' || (url[2] | 0x20) != 't' || (url[3] | 0x20) != 'p')
            {
                return 0;
            }

            int i = (url[4] | 0x20) == 's' ? 5 : 4;
            return url.Length >= i + 3 && url[i] == ':' && url[i + 1] == '/' && url[i + 2] == '/' ? i + 3 : 0;
        }

        /// <summary>
        /// Where the authority that starts at <paramref name="start"/> ends (at the end of the text, or at its '/', '?'
        /// or '#'), when it is a plain one: a host name of ASCII labels (letters, digits, '-', '_') joined by single dots,
        /// and an optional port of 1 to 5 digits up to 65535. 0 for any other authority (user info, an IP literal,
        /// an empty port...), which Uri then decides.
        /// </summary>
        private static int PlainAuthorityEnd(string url, int start)
        {
            int label = 0;
            int i = start;
            for (; i < url.Length; i++)
            {
                char c = url[i];
                if (c == '.')
                {
                    if (label == 0)
                    {
                        return 0;
                    }

                    label = 0;
                }
                else if ((uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 || c == '-' || c == '_')
                {
                    label++;
                }
                else
                {
                    break;
                }
            }

            if (i == start)
            {
                return 0;
            }

            if (i < url.Length && url[i] == ':')
            {
                int port = 0;
                int digits = 0;
                for (i++; i < url.Length && (uint)(url[i] - '0') <= 9; i++)
                {
                    if (++digits > 5)
                    {
                        return 0;
                    }

                    port = (port * 10) + (url[i] - '0');
                }

                if (digits == 0 || port > 65535)
                {
                    return 0;
                }
            }

            return i == url.Length || url[i] == '/' || url[i] == '?' || url[i] == '#' ? i : 0;
        }

        /// <summary>
        /// Printable ASCII that a URL may hold as it is (no space, quote, angle bracket, backslash, brace...), from
        /// <paramref name="start"/> on. This runs over every URL of every task validated (a SAS URL's query is most of a
        /// typical task's URL text), so whole vectors of characters are checked at once where the hardware can, and the
        /// rest one table look-up per character; both decide as <see cref="s_plainUrlChar"/> says.
        /// </summary>
        internal static bool IsPlainText(string url, int start)
        {
            int i = start;
            if (Vector.IsHardwareAccelerated)
            {
                int width = Vector<ushort>.Count;
                ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(url.AsSpan());
                var first = new Vector<ushort>('!');
                var count = new Vector<ushort>(0x7F - '!');
                var quote = new Vector<ushort>('"');
                var backQuote = new Vector<ushort>('`');
                var two = new Vector<ushort>(2);
                var angle = new Vector<ushort>('>');
                var caret = new Vector<ushort>('^');
                var brace = new Vector<ushort>('{');
                var three = new Vector<ushort>(3);
                for (; i + width <= url.Length; i += width)
                {
                    Vector<ushort> v = MemoryMarshal.Read<Vector<ushort>>(bytes.Slice(i * sizeof(char)));

                    // '!' to '~': unsigned, so what is below '!' wraps round to a large number.
                    if (!Vector.LessThanAll(v - first, count))
                    {
                        return false;
                    }

                    // " and `; < and > (v | 2 is '>' for both); \ and ^ (v | 2 is '^' for both); { | } (three from '{').
                    Vector<ushort> v2 = v | two;
                    Vector<ushort> bad = Vector.Equals(v, quote) | Vector.Equals(v, backQuote) | Vector.Equals(v2, angle) | Vector.Equals(v2, caret) |
                        Vector.LessThan(v - brace, three);
                    if (!Vector.EqualsAll(bad, Vector<ushort>.Zero))
                    {
                        return false;
                    }
                }
            }

            bool[] plain = s_plainUrlChar;
            for (; i < url.Length; i++)
            {
                char c = url[i];
                if (c >= 0x80 || !plain[c])
                {
                    return false;
                }
            }

            return true;
        }

        // Printable ASCII that may stand in a URL as written: not a space or control character, not " < > \ ^ ` { | }.
        internal static readonly bool[] s_plainUrlChar = PlainUrlChars();

        private static bool[] PlainUrlChars()
        {
            var table = new bool[0x80];
            for (char c = '!'; c < (char)0x7F; c++)
            {
                table[c] = "\"<>\\^`{|}".IndexOf(c) < 0;
            }

            return table;
        }

        /// <summary>
        /// The id as dependency ranges read it (rest-spec D5: ranges select tasks whose ids parse as integers,
        /// leading zeros ignored, so <c>4</c>, <c>04</c> and <c>0000000000000000004</c> are all 4), or null for
        /// an id no range can select: one that is not all ASCII digits, or whose value is above
        /// <see cref="int.MaxValue"/> (range bounds are int32, D4), however many digits it has.
        /// </summary>
        internal static int? ParseIntegerId(string? id)
        {
            if (string.IsNullOrEmpty(id))
            {
                return null;
            }

            long n = 0;
            foreach (char c in id!)
            {
                if (c < '0' || c > '9')
                {
                    return null;
                }

                n = (n * 10) + (c - '0');
                if (n > int.MaxValue)
                {
                    return null;
                }
            }

            return (int)n;
        }
    }
}
