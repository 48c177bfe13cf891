using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Tests.Support;
using Xunit;

namespace BatchTaskPS.Tests.Model
{
    public sealed class ModelTests
    {
        [Fact]
        public void EveryReferenceType_HasAModelType_WithTheReferencesKeysInOrder()
        {
            string[] closure =
            {
                "CloudTask", "ExitConditions", "TaskContainerSettings", "ResourceFile", "OutputFile", "EnvironmentSetting", "AffinityInformation",
                "TaskConstraints", "UserIdentity", "TaskExecutionInformation", "ComputeNodeInformation", "MultiInstanceSettings", "TaskStatistics",
                "TaskDependencies", "ApplicationPackageReference", "AuthenticationTokenSettings", "ExitCodeMapping", "ExitCodeRangeMapping",
                "ExitOptions", "ContainerRegistry", "ComputeNodeIdentityReference", "OutputFileDestination", "OutputFileUploadOptions",
                "AutoUserSpecification", "TaskContainerExecutionInformation", "TaskFailureInformation", "TaskIdRange",
                "OutputFileBlobContainerDestination", "NameValuePair", "HttpHeader",
            };
            Assembly core = typeof(CloudTask).Assembly;
            foreach (string name in closure)
            {
                Type? type = core.GetType("BatchTaskPS.Model." + name);
                Assert.True(type != null, name + " is missing");
                var schema = (ModelInfo)type!.GetProperty("Schema", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
                var reference = TestData.Model.Attributes(name);
                string[] ours = schema.Properties.Select(p => p.RestKey).ToArray();
                string[] theirs = reference.Keys.ToArray();
                if (name == "TaskContainerSettings")
                {
                    // The newest REST API adds one list at the end (rest-spec §2.7).
                    Assert.Equal(theirs.Append("containerHostBatchBindMounts"), ours);
                }
                else
                {
                    Assert.Equal(theirs, ours);
                }

                foreach (PropertyDescriptor p in schema.Properties.Where(p => reference.ContainsKey(p.RestKey)))
                {
                    Assert.Equal(reference[p.RestKey].Python, p.AttributeName);
                    Assert.Equal(reference[p.RestKey].Required, p.Required);
                    Assert.NotNull(type.GetProperty(p.PropertyName));
                }
            }
        }

        [Fact]
        public void TheCreateBody_HoldsExactlyTheClientProperties_InTheReferencesTaskAddParameterOrder()
        {
            // Each fact is declared once on the property table (ServerOwned, CreateOrder); the reference says what they must give.
            string[] reference = TestData.Model.Attributes("TaskAddParameter").Keys.ToArray();
            var task = new CloudTask();
            foreach (PropertyDescriptor p in CloudTask.Schema.Properties)
            {
                Assert.True(p.ServerOwned != reference.Contains(p.RestKey), p.RestKey + ": ServerOwned must say whether an add-task body may hold it");
            }

            string[] written = CloudTask.Schema.Properties.Where(p => !p.ServerOwned)
                .OrderBy(p => p.CreateOrder).Select(p => p.RestKey).ToArray();
            Assert.Equal(reference, written);
        }

        [Fact]
        public void EveryServiceRuleOnThePropertyTables_IsARuleOfTheRestSpec_AndNamesTheProperty()
        {
            // The rule a missing or unknown value breaks is declared once, on the property's descriptor.
            string spec = System.IO.File.ReadAllText(System.IO.Path.Combine(TestData.Reference, "rest-spec.md"));
            var rules = new List<string>();
            foreach (Type type in typeof(CloudTask).Assembly.GetTypes().Where(t => t.Namespace == "BatchTaskPS.Model" && t.IsClass && !t.IsAbstract && typeof(BatchModel).IsAssignableFrom(t)))
            {
                var schema = (ModelInfo)type.GetProperty("Schema", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
                foreach (PropertyDescriptor p in schema.Properties.Where(p => p.ServiceRule != null))
                {
                    string row = spec.Split('\n').FirstOrDefault(l => l.StartsWith("| " + p.ServiceRule + " |", StringComparison.Ordinal)) ?? string.Empty;
                    Assert.True(row.Length > 0, type.Name + "." + p.RestKey + ": rule " + p.ServiceRule + " is not in rest-spec.md");
                    Assert.True(row.Contains(p.RestKey, StringComparison.Ordinal) || row.Contains(type.Name, StringComparison.Ordinal),
                        type.Name + "." + p.RestKey + ": rule " + p.ServiceRule + " does not mention it: " + row);
                    rules.Add(p.ServiceRule!);
                }
            }

            Assert.True(rules.Count >= 25, "only " + rules.Count + " properties carry a service rule");
        }

        [Fact]
        public void EveryReferenceEnum_HasItsWireValues_AndTheNewContainerHostDataPath()
        {
            Assert.Equal(new[] { "active", "preparing", "running", "completed" }, TaskState.KnownValues);
            Assert.Equal(new[] { "taskWorkingDirectory", "containerImageDefault" }, ContainerWorkingDirectory.KnownValues);
            Assert.Equal(new[] { "tasksuccess", "taskfailure", "taskcompletion" }, OutputFileUploadCondition.KnownValues);
            Assert.Equal(new[] { "nonadmin", "admin" }, ElevationLevel.KnownValues);
            Assert.Equal(new[] { "Shared", "Startup", "VfsMounts", "Task", "JobPrep", "Applications" }, ContainerHostDataPath.KnownValues);
            Assert.Equal(new[] { "job" }, AccessScope.KnownValues);
        }

        [Fact]
        public void Enums_CompareIgnoringCase_TakeTheWireSpelling_AndKeepUnknownValues()
        {
            ElevationLevel admin = "ADMIN";
            Assert.Equal("admin", admin.Value);
            Assert.Equal(ElevationLevel.Admin, admin);
            Assert.True(admin.IsKnown);
            var future = new ElevationLevel("superuser");
            Assert.Equal("superuser", future.ToString());
            Assert.False(future.IsKnown);
            Assert.NotEqual(ElevationLevel.Admin, future);
            Assert.Equal(new ElevationLevel("SuperUser").GetHashCode(), future.GetHashCode());
            Assert.Equal(string.Empty, default(TaskState).Value);
        }

        [Fact]
        public void Clone_IsDeep_AndEqual()
        {
            CloudTask task = new BatchTaskReader().ReadTask(
                "{\"id\":\"a\",\"resourceFiles\":[{\"httpUrl\":\"h\",\"filePath\":\"f\",\"x\":1}],\"constraints\":{\"maxTaskRetryCount\":1},\"dependsOn\":{\"taskIds\":[\"p\"]},\"extra\":{\"k\":[1]}}");
            CloudTask copy = task.Clone();
            Assert.Equal(task, copy, BatchModelComparer.Instance);
            Assert.Equal(BatchModelComparer.Instance.GetHashCode(task), BatchModelComparer.Instance.GetHashCode(copy));
            Assert.NotSame(task.ResourceFiles, copy.ResourceFiles);
            Assert.NotSame(task.ResourceFiles![0], copy.ResourceFiles![0]);
            Assert.NotSame(task.Constraints, copy.Constraints);

            copy.Constraints!.MaxTaskRetryCount = 2;
            copy.ResourceFiles[0]!.FilePath = "g";
            copy.DependsOn!.TaskIds!.Add("q");
            copy.AdditionalProperties.SetJson("extra", "2");
            copy.ResourceFiles[0]!.AdditionalProperties.Remove("x");
            Assert.Equal(1, task.Constraints!.MaxTaskRetryCount);
            Assert.Equal("f", task.ResourceFiles[0]!.FilePath);
            Assert.Single(task.DependsOn!.TaskIds!);
            Assert.Equal("{\"k\":[1]}", task.AdditionalProperties["extra"]);
            Assert.True(task.ResourceFiles[0]!.AdditionalProperties.Contains("x"));
            Assert.NotEqual(task, copy, BatchModelComparer.Instance);
        }

        [Fact]
        public void ValueEquality_TellsAbsentFromEmpty_AndNullItemsApart()
        {
            var byValue = BatchModelComparer.Instance;
            Assert.NotEqual(new CloudTask(), new CloudTask { ResourceFiles = new List<ResourceFile?>() }, byValue);
            Assert.NotEqual(
                new CloudTask { ResourceFiles = new List<ResourceFile?> { null } },
                new CloudTask { ResourceFiles = new List<ResourceFile?> { new ResourceFile() } },
                byValue);
            Assert.Equal(
                new CloudTask { ResourceFiles = new List<ResourceFile?> { null } },
                new CloudTask { ResourceFiles = new List<ResourceFile?> { null } },
                byValue);
            Assert.NotEqual(new CloudTask { Stats = new TaskStatistics { ReadIOGiB = 0.0 } }, new CloudTask { Stats = new TaskStatistics { ReadIOGiB = -0.0 } }, byValue);
            Assert.True(new CloudTask { Id = "a" }.ValueEquals(new CloudTask { Id = "a" }));
            Assert.False(byValue.Equals(new CloudTask(), new ResourceFile()));
        }

        [Fact]
        public void ModelObjects_CompareByReference_SoAChangedTaskIsStillFoundInACollection()
        {
            var task = new CloudTask { Id = "a", CommandLine = "c" };
            var set = new HashSet<CloudTask> { task };
            var byId = new Dictionary<CloudTask, int> { [task] = 1 };
            task.CommandLine = "changed";
            task.Constraints = new TaskConstraints { MaxTaskRetryCount = 3 };
            Assert.Contains(task, set);
            Assert.Equal(1, byId[task]);
            Assert.False(task.Equals(task.Clone()));            // another object, even with the same values
            Assert.True(task.ValueEquals(task.Clone()));
        }

        [Fact]
        public void AdditionalProperties_CheckTheirJson_AndConvertToPlainValues()
        {
            var task = new CloudTask();
            Assert.Throws<ArgumentException>(() => task.AdditionalProperties.SetJson("a", "{not json"));
            Assert.Throws<ArgumentException>(() => task.AdditionalProperties.SetJson("a", "1 2"));
            task.AdditionalProperties.SetValue("b", new Dictionary<string, object?> { ["n"] = 1, ["list"] = new[] { "x" } });
            Assert.Equal("{\"n\":1,\"list\":[\"x\"]}", task.AdditionalProperties["b"]);
            var tree = (System.Collections.Specialized.OrderedDictionary)task.AdditionalProperties.GetValue("b")!;
            Assert.Equal(1, tree["n"]);
            Assert.Throws<KeyNotFoundException>(() => task.AdditionalProperties["missing"]);
        }

        [Fact]
        public void ToString_ShowsTheIdButNeverARegistryPassword()
        {
            var registry = new ContainerRegistry { RegistryServer = "r.azurecr.io", UserName = "me", Password = "Secr3t!" };
            Assert.Equal("r.azurecr.io (me)", registry.ToString());
            Assert.Equal("t1", new CloudTask { Id = "t1" }.ToString());
        }

        [Fact]
        public void IsXmlModel_IsFalse_TaskBodiesAreJsonOnly()
        {
            Assert.False(CloudTask.IsXmlModel());
        }
    }
}
