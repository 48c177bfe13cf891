using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Service;
using BatchTaskPS.StandIn;
using BatchTaskPS.Tests.Support;
using Xunit;
using BatchTaskPS.Updates;

namespace BatchTaskPS.Tests.Service
{
    /// <summary>The stand-in against the recordings, and the client against the stand-in over real loopback HTTP.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync.")]
    public sealed class StandInTests : IAsyncLifetime
    {
        private readonly StandInService _standIn = new StandInService();
        private Uri _base = null!;

        public async Task InitializeAsync() => _base = await _standIn.StartAsync();

        public async Task DisposeAsync() => await _standIn.DisposeAsync();

        private BatchServiceClient Client(int maxRetries = 5, TimeSpan? networkTimeout = null)
        {
            var options = new BatchServiceClientOptions();
            options.Retry.MaxRetries = maxRetries;
            options.Retry.Delay = TimeSpan.FromMilliseconds(1);
            options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
            if (networkTimeout.HasValue)
            {
                options.Retry.NetworkTimeout = networkTimeout.Value;
            }

            return new BatchServiceClient(_base, BatchCredential.SharedKey("standin", ServiceClientTests.Key), options);
        }

        public static TheoryData<string> RecordedTaskExchanges()
        {
            var data = new TheoryData<string>();
            foreach (string file in Directory.GetFiles(Path.Combine(TestData.Recorded, "exchanges"), "Task_*.json").OrderBy(f => f, StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(file));
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(RecordedTaskExchanges))]
        public async Task StandIn_AnswersEachRecordedRequest_AsTheServiceDid(string name)
        {
            using JsonDocument exchange = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TestData.Recorded, "exchanges", name)));
            JsonElement root = exchange.RootElement;
            string operation = root.GetProperty("operation").GetString()!;
            JsonElement request = root.GetProperty("request");
            JsonElement recorded = root.GetProperty("response");
            string recordedBase = "https://" + request.GetProperty("recorded_host").GetString() + "/";
            string pathAndQuery = request.GetProperty("uri").GetString()!.Substring("https://{account}/".Length);
            var uri = new Uri(_base, pathAndQuery);
            string[] segments = uri.AbsolutePath.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
            string jobId = segments[1];
            int status = recorded.GetProperty("status").GetInt32();
            string recordedBodyText = recorded.GetProperty("body").ValueKind == JsonValueKind.String ? recorded.GetProperty("body").GetString()! : string.Empty;
            JsonNode? recordedBody = recordedBodyText.Length > 0 ? Normalize(JsonNode.Parse(recordedBodyText), recordedBase) : null;
            var recordedHeaders = recorded.GetProperty("headers").EnumerateObject().ToDictionary(h => h.Name, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            string? body = request.GetProperty("body").ValueKind == JsonValueKind.String ? request.GetProperty("body").GetString() : null;

            // What the service held before the request, taken from the recorded answer.
            if (status == 200 && operation == "Task_Get")
            {
                var task = (JsonObject)recordedBody!.DeepClone();
                task.Remove("odata.metadata");
                _standIn.Seed(jobId, task, recordedHeaders["ETag"], DateTime.Parse((string)task["lastModified"]!, null, System.Globalization.DateTimeStyles.AdjustToUniversal));
            }
            else if (operation == "Task_List")
            {
                foreach (JsonNode? t in recordedBody!["value"]!.AsArray())
                {
                    _standIn.Seed(jobId, (JsonObject)t!.DeepClone(), (string?)t["eTag"] ?? "0x1", DateTime.UtcNow);
                }
            }
            else if (segments.Length >= 4 && status < 400)
            {
                _standIn.Seed(jobId, new JsonObject { ["id"] = segments[3], ["commandLine"] = "x", ["state"] = "active" }, "0x8D000000000000", DateTime.UtcNow);
            }

            if (body == null || (operation == "Task_AddCollection" && status == 413))
            {
                // The recorder kept no body: send one that leads to the same answer.
                body = operation switch
                {
                    "Task_AddCollection" when status == 413 => "{\"value\":[" + string.Join(",", Enumerable.Range(0, 20).Select(k => "{\"id\":\"big" + k + "\",\"commandLine\":\"" + new string('x', 60_000) + "\"}")) + "]}",
                    "Task_AddCollection" => "{\"value\":[" + string.Join(",", recordedBody!["value"]!.AsArray().Select(r => "{\"id\":\"" + (string)r!["taskId"]! + "\",\"commandLine\":\"x\"}")) + "]}",
                    "Task_Add" => "{\"id\":\"" + recordedHeaders["Location"].Split('/').Last() + "\",\"commandLine\":\"x\"}",
                    "Task_Update" => "{\"constraints\":{\"maxTaskRetryCount\":1}}",
                    _ => null,
                };
            }

            using var http = new HttpClient();
            using var message = new HttpRequestMessage(new HttpMethod(request.GetProperty("method").GetString()!), uri);
            message.Headers.TryAddWithoutValidation("Authorization", "SharedKey standin:not-checked");
            if (body != null)
            {
                message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                message.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; odata=minimalmetadata; charset=utf-8");
            }

            using HttpResponseMessage answer = await http.SendAsync(message);
            string answerText = await answer.Content.ReadAsStringAsync();
            var answerHeaders = answer.Headers.Concat(answer.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);

            Assert.Equal(status, (int)answer.StatusCode);
            foreach (string header in new[] { "ETag", "Last-Modified", "DataServiceId", "Location", "DataServiceVersion", "request-id" })
            {
                Assert.True(recordedHeaders.ContainsKey(header) == answerHeaders.ContainsKey(header), header + (recordedHeaders.ContainsKey(header) ? " is missing" : " is extra"));
            }

            if (recordedHeaders.TryGetValue("Content-Type", out string? contentType))
            {
                Assert.Equal(contentType.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant(), answerHeaders["Content-Type"].Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant());
            }

            foreach (string header in new[] { "DataServiceId", "Location" })
            {
                if (recordedHeaders.TryGetValue(header, out string? value))
                {
                    // Some recorders rewrote the host in one header and not the other (azcli task_create_cmd): the path must match.
                    Assert.Equal(System.Text.RegularExpressions.Regex.Replace(value, "^https?://[^/]+/", _base.ToString()), answerHeaders[header]);
                }
            }

            if (status == 200 && operation == "Task_Get")
            {
                Assert.Equal(recordedHeaders["ETag"], answerHeaders["ETag"]);
                Assert.Equal(recordedHeaders["Last-Modified"], answerHeaders["Last-Modified"]);
            }

            JsonNode? answerBody = answerText.Length > 0 ? JsonNode.Parse(answerText) : null;
            Assert.Equal(recordedBody == null, answerBody == null);
            if (recordedBody == null)
            {
                return;
            }

            if (recordedBody["code"] != null)
            {
                // An error: the same code, values and first line of the message (the rest is the request id and time).
                Assert.Equal((string?)recordedBody["code"], (string?)answerBody!["code"]);
                Assert.Equal(FirstLine(recordedBody), FirstLine(answerBody));
                Assert.True(JsonNode.DeepEquals(recordedBody["values"], answerBody["values"]), answerText);
                Assert.EndsWith("$metadata#Microsoft.Azure.Batch.Protocol.Entities.Container.errors/@Element", (string)answerBody["odata.metadata"]!, StringComparison.Ordinal);
            }
            else if (operation == "Task_AddCollection")
            {
                // Per task (in any order): status, error code and values; a success has an ETag made from its lastModified, and its location.
                var mine = answerBody!["value"]!.AsArray().ToDictionary(r => (string)r!["taskId"]!);
                Assert.Equal(recordedBody["value"]!.AsArray().Count, mine.Count);
                foreach (JsonNode? r in recordedBody["value"]!.AsArray())
                {
                    JsonNode m = mine[(string)r!["taskId"]!]!;
                    Assert.Equal((string?)r["status"], (string?)m["status"]);
                    Assert.Equal((string?)r["error"]?["code"], (string?)m["error"]?["code"]);
                    Assert.True(JsonNode.DeepEquals(r["error"]?["values"], m["error"]?["values"]), m.ToJsonString());
                    Assert.Equal((string?)r["location"], (string?)m["location"]);
                    if ((string?)r["status"] == "Success")
                    {
                        foreach (JsonNode side in new[] { r, m })
                        {
                            DateTime at = DateTime.Parse((string)side["lastModified"]!, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
                            Assert.Equal("0x" + at.Ticks.ToString("X", System.Globalization.CultureInfo.InvariantCulture), (string?)side["eTag"]);
                        }
                    }
                }
            }
            else if (operation == "Task_ListSubtasks" && recordedBody["value"]!.AsArray().Count > 0)
            {
                // The stand-in runs no multi-instance task, so it has no subtasks to list: the shape only.
                Assert.Equal((string?)recordedBody["odata.metadata"], (string?)answerBody!["odata.metadata"]);
                Assert.Empty(answerBody["value"]!.AsArray());
            }
            else
            {
                Assert.True(JsonNode.DeepEquals(recordedBody, answerBody), "recorded: " + recordedBody.ToJsonString() + "\nstand-in: " + answerText);
            }
        }

        [Fact]
        public void Client_AddsEveryTaskExactlyOnce_ThroughEveryFault()
        {
            _standIn.Faults = new StandInFaults
            {
                ServerErrorEveryNthTask = 7,
                Status503EveryNthRequest = 5,
                Status429EveryNthRequest = 11,
                TooLargeAboveTasks = 40,
                DropEveryNthAddRequest = 6,
                DropAfterApplying = true,
            };
            BatchServiceClient client = Client(maxRetries: 3);
            var results = new List<TaskAddResult>();
            using (TaskAdder adder = client.CreateTaskAdder("bulk", new TaskAdderOptions { MaxRequestsInFlight = 4, RetryDelay = TimeSpan.Zero, MaxTaskRetries = 8 }))
            {
                for (int k = 0; k < 1000; k++)
                {
                    adder.Add(new CloudTask { Id = "task-" + k, CommandLine = "/bin/sh -c 'echo " + k + "'" });
                    while (adder.TryTake(out TaskAddResult r))
                    {
                        results.Add(r);
                    }
                }

                results.AddRange(adder.Complete());
                Assert.True(adder.Statistics.Splits > 0);
                Assert.True(adder.Statistics.TasksResent > 0);
            }

            StandInStats stats = _standIn.Stats;
            Assert.Equal(1000, stats.TasksAdded);
            Assert.Equal(1000, _standIn.TaskIds("bulk").Count);
            Assert.True(stats.FaultsInjected > 0);
            Assert.Equal(1000, results.Count);
            Assert.Equal(1000, results.Select(r => r.TaskId).Distinct().Count());
            // A task whose first answer was lost (the connection dropped after it was added) comes back TaskExists.
            Assert.All(results, r => Assert.True(r.Status == TaskAddStatus.Success || r.Error?.Code == "TaskExists", r.ToString()));
            // Every TaskExists result is one the stand-in counted (some it sent were lost with their connection).
            Assert.InRange(results.Count(r => r.Status != TaskAddStatus.Success), 0, stats.DuplicateAdds);
        }

        [Fact]
        public async Task Client_GetsListsAndUpdates_Losslessly_WithA412RaceBetweenTwoUpdaters()
        {
            BatchServiceClient client = Client();
            using (TaskAdder adder = client.CreateTaskAdder("j"))
            {
                for (int k = 0; k < 5; k++)
                {
                    adder.Add(new BatchTaskReader().ReadTask("{\"id\":\"t" + k + "\",\"commandLine\":\"x\",\"futureProperty\":{\"a\":[1,\"b\"]}}"));
                }

                Assert.All(adder.Complete(), r => Assert.Equal(TaskAddStatus.Success, r.Status));
            }

            List<BatchTaskPage> pages = client.ListTaskPages("j", new TaskListOptions { MaxResults = 2 }).ToList();
            Assert.Equal(new[] { 2, 2, 1 }, pages.Select(p => p.Tasks.Count));
            Assert.Equal(new[] { "t0", "t1", "t2", "t3", "t4" }, pages.SelectMany(p => p.Tasks).Select(t => t.Id));
            Assert.Null(pages[2].NextLink);

            // Lossless: what the client read writes back as what the stand-in sent.
            using var http = new HttpClient();
            using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(_base, "jobs/j/tasks/t1?api-version=2025-06-01"));
            get.Headers.TryAddWithoutValidation("Authorization", "SharedKey standin:x");
            using HttpResponseMessage sentAnswer = await http.SendAsync(get);
            string sent = await sentAnswer.Content.ReadAsStringAsync();
            BatchTaskResponse got = client.GetTask("j", "t1");
            // As data: times are instants (FIDELITY row 15: a trailing zero of the 7 digits is trimmed, 05.9135710Z -> 05.913571Z).
            static string SevenDigits(string json) => Regex.Replace(json, "(\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)\\.(\\d{1,7})Z\"", m => m.Groups[1].Value + "." + m.Groups[2].Value.PadRight(7, '0') + "Z\"");
            string mine = new BatchTaskWriter().Write(got.Task);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(SevenDigits(sent)), JsonNode.Parse(SevenDigits(mine))), sent + "\n" + mine);
            Assert.Equal(got.Task.ETag, got.ETag);

            // Two updaters read the same ETag; the first wins, the second gets 412 ConditionNotMet.
            CloudTask first = got.Task.Clone();
            first.Constraints!.MaxTaskRetryCount = 3;
            TaskUpdateResult won = client.UpdateTask("j", "t1", first, new TaskConditions { IfMatch = got.ETag });
            Assert.Equal(TaskUpdateStatus.Updated, won.Status);
            Assert.NotEqual(got.ETag, won.ETag);
            TaskUpdateResult lost = client.UpdateTask("j", "t1", first, new TaskConditions { IfMatch = got.ETag });
            Assert.Equal(TaskUpdateStatus.ConditionNotMet, lost.Status);
            Assert.Equal("ConditionNotMet", lost.Error!.Code);
            BatchTaskResponse after = client.GetTask("j", "t1", select: "id,eTag,constraints");
            Assert.Equal(won.ETag, after.ETag);
            Assert.Equal(3, after.Task.Constraints!.MaxTaskRetryCount);
            Assert.Equal(1, _standIn.Stats.ConditionNotMet);

            BatchServiceException missing = Assert.Throws<BatchServiceException>(() => client.GetTask("j", "nope"));
            Assert.Equal((404, "TaskNotFound"), (missing.Status, missing.Code));
        }

        [Fact]
        public void SlowAnswers_TimeOut_AndAreRetried_ThenReportedAsNoAnswer()
        {
            _standIn.Faults = new StandInFaults { DelayMilliseconds = 3000 };
            BatchServiceClient client = Client(maxRetries: 1, networkTimeout: TimeSpan.FromMilliseconds(100));
            BatchServiceException e = Assert.Throws<BatchServiceException>(() => client.GetTask("j", "t"));
            Assert.Equal(0, e.Status);
            Assert.Equal("ServiceUnreachable", e.Code);
            Assert.InRange(_standIn.Stats.Requests, 1, 2); // under load the timed-out second attempt may not reach the server
        }

        private static string FirstLine(JsonNode error) => ((string)error["message"]!["value"]!).Split('\n')[0];

        /// <summary>The recorded account URL becomes the stand-in's, in every string.</summary>
        private JsonNode? Normalize(JsonNode? node, string recordedBase)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (KeyValuePair<string, JsonNode?> p in o.ToList())
                    {
                        o[p.Key] = Normalize(p.Value?.DeepClone(), recordedBase);
                    }

                    return o;
                case JsonArray a:
                    for (int k = 0; k < a.Count; k++)
                    {
                        a[k] = Normalize(a[k]?.DeepClone(), recordedBase);
                    }

                    return a;
                case JsonValue v when v.TryGetValue(out string? s):
                    return JsonValue.Create(s.Replace(recordedBase, _base.ToString(), StringComparison.Ordinal));
                default:
                    return node;
            }
        }
    }
}
