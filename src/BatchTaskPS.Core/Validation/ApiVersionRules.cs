using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using BatchTaskPS.Model;

namespace BatchTaskPS.Validation
{
    /// <summary>
    /// Rule <c>ApiVersion</c>: the properties a task sets that the target REST API version lacks (added later) or
    /// no longer has (removed), read from the property tables' <see cref="PropertyDescriptor.AddedIn"/> and
    /// <see cref="PropertyDescriptor.RemovedIn"/>. Only the types that can reach such a property are walked.
    /// </summary>
    internal static class ApiVersionRules
    {
        public const string Rule = "ApiVersion";

        // The model types from which a property with a version fact can be reached (computed once from the tables).
        private static readonly HashSet<ModelInfo> s_versioned = FindVersioned();

        public static void Check(CloudTask task, string version, BatchTaskValidator.Walker w)
        {
            int target = BatchApiVersions.IndexOf(version);
            Walk(task, CloudTask.Schema, "$", target, w);
        }

        private static void Walk(BatchModel model, ModelInfo info, string path, int target, BatchTaskValidator.Walker w)
        {
            if (!s_versioned.Contains(info))
            {
                return;
            }

            foreach (PropertyDescriptor p in info.Properties)
            {
                if (!p.IsSetOn(model))
                {
                    continue;
                }

                string at = path + "." + p.RestKey;
                if (p.AddedIn != null && BatchApiVersions.IndexOf(p.AddedIn) > target)
                {
                    w.Add(at, info.TypeName, p.RestKey, Rule, ValidationSeverity.Error,
                        p.RestKey + " needs REST API version " + p.AddedIn + " or later; " + BatchApiVersions.Known[target] + " does not have it.");
                    continue;
                }

                if (p.RemovedIn != null && BatchApiVersions.IndexOf(p.RemovedIn) <= target)
                {
                    w.Add(at, info.TypeName, p.RestKey, Rule, ValidationSeverity.Error,
                        p.RestKey + " was removed in REST API version " + p.RemovedIn + "; " + BatchApiVersions.Known[target] +
                        " does not have it (leave it out, or target a version before " + p.RemovedIn + ").");
                    continue;
                }

                ModelInfo? nested = p.ModelType;
                if (nested == null || !s_versioned.Contains(nested))
                {
                    continue;
                }

                object? value = p.ValueOf(model);
                if (value is BatchModel one)
                {
                    Walk(one, nested, at, target, w);
                }
                else if (value is IList list)
                {
                    for (int k = 0; k < list.Count; k++)
                    {
                        if (list[k] is BatchModel item)
                        {
                            Walk(item, nested, at + "[" + k.ToString(CultureInfo.InvariantCulture) + "]", target, w);
                        }
                    }
                }
            }
        }

        private static HashSet<ModelInfo> FindVersioned()
        {
            var result = new HashSet<ModelInfo>();
            Reaches(CloudTask.Schema, result, new HashSet<ModelInfo>());
            return result;
        }

        private static bool Reaches(ModelInfo info, HashSet<ModelInfo> versioned, HashSet<ModelInfo> seen)
        {
            if (!seen.Add(info))
            {
                return versioned.Contains(info);
            }

            bool reaches = false;
            foreach (PropertyDescriptor p in info.Properties)
            {
                reaches |= p.AddedIn != null || p.RemovedIn != null;
                if (p.ModelType != null)
                {
                    reaches |= Reaches(p.ModelType, versioned, seen);
                }
            }

            if (reaches)
            {
                versioned.Add(info);
            }

            return reaches;
        }
    }
}
