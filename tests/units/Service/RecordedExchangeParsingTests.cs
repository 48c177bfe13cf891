using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using BatchTaskPS.Model;
using BatchTaskPS.Service;
using BatchTaskPS.Tests.Support;
using Xunit;

namespace BatchTaskPS.Tests.Service
{
    /// <summary>Every recorded answer of the task operations the client implements is parsed by the client without error.</summary>
    public class RecordedExchangeParsingTests
    {
        public static TheoryData<string> Exchanges()
        {
            var data = new TheoryData<string>();
            foreach (string file in Directory.GetFiles(Path.Combine(TestData.Recorded, "exchanges"), "*.json").OrderBy(f => f, StringComparer.Ordinal))
            {
                string name = Path.GetFileName(file);
                if (name.StartsWith("Task_Get__", StringComparison.Ordinal) || name.StartsWith("Task_List__", StringComparison.Ordinal) ||
                    name.StartsWith("Task_AddCollection__", StringComparison.Ordinal) || name.StartsWith("Task_Update__", StringComparison.Ordinal))
                {
                    data.Add(name);
                }
            }

            return data;
        }

        internal static FakeAnswer Answer(JsonElement response)
        {
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (JsonProperty h in response.GetProperty("headers").EnumerateObject())
            {
                headers[h.Name] = h.Value.ValueKind == JsonValueKind.Array ? string.Join(",", h.Value.EnumerateArray().Select(v => v.GetString())) : h.Value.GetString() ?? string.Empty;
            }

            JsonElement body = response.GetProperty("body");
            return new FakeAnswer { Status = response.GetProperty("status").GetInt32(), Headers = headers, Body = body.ValueKind == JsonValueKind.String ? body.GetString()! : string.Empty };
        }

        [Theory]
        [MemberData(nameof(Exchanges))]
        public async Task RecordedAnswer_IsParsed(string name)
        {
            using JsonDocument exchange = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TestData.Recorded, "exchanges", name)));
            JsonElement response = exchange.RootElement.GetProperty("response");
            FakeAnswer answer = Answer(response);
            (BatchServiceClient client, FakeTransport transport) = ServiceClientTests.Client(_ => answer, maxRetries: 0);
            using JsonDocument? body = answer.Body.Length > 0 ? JsonDocument.Parse(answer.Body) : null;
            string operation = exchange.RootElement.GetProperty("operation").GetString()!;

            if (answer.Status >= 400)
            {
                BatchServiceException e = operation == "Task_AddCollection"
                    ? await Assert.ThrowsAsync<BatchServiceException>(() => client.AddTaskCollectionAsync("j", OneBody()))
                    : Assert.Throws<BatchServiceException>(() => client.GetTask("j", "t"));
                Assert.Equal(answer.Status, e.Status);
                Assert.Equal(body!.RootElement.GetProperty("code").GetString(), e.Code);
                Assert.Equal(body.RootElement.GetProperty("message").GetProperty("value").GetString(), e.Error.Message);
                if (body.RootElement.TryGetProperty("values", out JsonElement values))
                {
                    Assert.Equal(values.EnumerateArray().Select(v => v.GetProperty("key").GetString() + "=" + v.GetProperty("value").GetString()), e.Error.Values.Select(v => v.ToString()));
                }

                return;
            }

            switch (operation)
            {
                case "Task_Get":
                    BatchTaskResponse got = client.GetTask("j", "t");
                    Assert.Equal(body!.RootElement.GetProperty("id").GetString(), got.Task.Id);
                    Assert.Equal(answer.Headers.GetValueOrDefault("ETag"), got.ETag);
                    Assert.Equal(answer.Headers.ContainsKey("Last-Modified"), got.LastModified.HasValue);
                    break;
                case "Task_List":
                    List<CloudTask> listed = client.ListTasks("j").ToList();
                    Assert.Equal(body!.RootElement.GetProperty("value").GetArrayLength(), listed.Count);
                    Assert.Equal(body.RootElement.GetProperty("value").EnumerateArray().Select(t => t.TryGetProperty("id", out JsonElement id) ? id.GetString() : null), listed.Select(t => t.Id));
                    break;
                case "Task_AddCollection":
                    IReadOnlyList<TaskAddResult> results = await client.AddTaskCollectionAsync("j", OneBody());
                    JsonElement[] recorded = body!.RootElement.GetProperty("value").EnumerateArray().ToArray();
                    Assert.Equal(recorded.Select(r => r.GetProperty("taskId").GetString()), results.Select(r => r.TaskId));
                    Assert.Equal(recorded.Select(r => r.GetProperty("status").GetString()!.ToLowerInvariant()), results.Select(r => r.Status.ToString().ToLowerInvariant()));
                    Assert.All(results, r => Assert.True(r.Status != TaskAddStatus.Success || (r.ETag != null && r.LastModified.HasValue && r.Location != null)));
                    Assert.All(results, r => Assert.True(r.Status == TaskAddStatus.Success || r.Error?.Code != null));
                    break;
                case "Task_Update":
                    TaskUpdateResult updated = client.UpdateTask("j", "t", new CloudTask { Constraints = new TaskConstraints { MaxTaskRetryCount = 1 } });
                    Assert.Equal(TaskUpdateStatus.Updated, updated.Status);
                    Assert.Equal(answer.Headers.GetValueOrDefault("ETag"), updated.ETag);
                    break;
            }

            Assert.Single(transport.Seen);
        }

        private static BatchTaskPS.Serialization.AddCollectionBody OneBody()
        {
            using var builder = new BatchTaskPS.Serialization.AddCollectionBuilder();
            builder.Add(new CloudTask { Id = "t", CommandLine = "x" }, out _);
            return builder.Complete()!;
        }
    }
}
