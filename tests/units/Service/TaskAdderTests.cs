using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Azure;
using BatchTaskPS.Model;
using BatchTaskPS.Service;
using Xunit;

namespace BatchTaskPS.Tests.Service
{
    /// <summary>The bulk adder over an in-memory service: packing, per-task retries, 413 splits, bounded concurrency. Work is counted, never timed.</summary>
    public class TaskAdderTests
    {
        private static readonly TaskAdderOptions s_fast = new TaskAdderOptions { RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero };

        private static List<string> Ids(SeenRequest seen)
        {
            using JsonDocument body = JsonDocument.Parse(seen.Body);
            return body.RootElement.GetProperty("value").EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToList();
        }

        private static FakeAnswer Results(IEnumerable<(string Id, string Status, string? Code)> results)
        {
            string items = string.Join(",", results.Reverse().Select(r => r.Status == "Success"
                ? "{\"status\":\"Success\",\"taskId\":\"" + r.Id + "\",\"eTag\":\"0x8D3D62350711C55\",\"lastModified\":\"2026-11-25T10:00:00.1234567Z\",\"location\":\"https://x/jobs/j/tasks/" + r.Id + "\"}"
                : "{\"error\":{\"code\":\"" + r.Code + "\",\"message\":{\"lang\":\"en-US\",\"value\":\"m\"}},\"status\":\"" + r.Status + "\",\"taskId\":\"" + r.Id + "\"}"));
            return new FakeAnswer { Body = "{\"odata.metadata\":\"m\",\"value\":[" + items + "]}" };
        }

        private static List<TaskAddResult> AddAll(BatchServiceClient client, int count, TaskAdderOptions options)
        {
            var results = new List<TaskAddResult>();
            using TaskAdder adder = client.CreateTaskAdder("j", options);
            for (int k = 0; k < count; k++)
            {
                adder.Add(new CloudTask { Id = "t" + k, CommandLine = "echo " + k });
                while (adder.TryTake(out TaskAddResult r))
                {
                    results.Add(r);
                }
            }

            results.AddRange(adder.Complete());
            return results;
        }

        [Fact]
        public void ServerErrorResults_AreSentAgain_UntilTheyAreAdded()
        {
            var seenOnce = new HashSet<string>();
            (BatchServiceClient client, FakeTransport transport) = ServiceClientTests.Client(seen =>
                Results(Ids(seen).Select(id => id.EndsWith('7') && seenOnce.Add(id) ? (id, "ServerError", (string?)"OperationTimedOut") : (id, "Success", null))));
            List<TaskAddResult> results = AddAll(client, 250, new TaskAdderOptions { MaxRequestsInFlight = 4, RetryDelay = TimeSpan.Zero });

            Assert.Equal(250, results.Count);
            Assert.Equal(250, results.Select(r => r.TaskId).Distinct().Count());
            Assert.All(results, r => Assert.Equal(TaskAddStatus.Success, r.Status));
            Assert.All(results, r => Assert.Equal(r.TaskId.EndsWith('7') ? 2 : 1, r.Attempts));
            Assert.Equal(3 + 3, transport.Seen.Count);              // bodies of 100, 100, 50, and one resend of each body's failures
            Assert.Equal(25, transport.Seen.Skip(0).Sum(s => Ids(s).Count) - 250);
            Assert.All(transport.Seen, s => Assert.True(Ids(s).Count <= 100));
        }

        [Fact]
        public void RequestBodyTooLarge_SplitsTheRequestInHalves()
        {
            const string tooLarge = "{\"odata.metadata\":\"m\",\"code\":\"RequestBodyTooLarge\",\"message\":{\"lang\":\"en-US\",\"value\":\"too large\"},\"values\":[{\"key\":\"MaxLimit\",\"value\":\"1048576\"}]}";
            (BatchServiceClient client, FakeTransport transport) = ServiceClientTests.Client(seen => Ids(seen).Count > 25
                ? new FakeAnswer { Status = 413, Body = tooLarge }
                : Results(Ids(seen).Select(id => (id, "Success", (string?)null))));
            var options = new TaskAdderOptions { RetryDelay = TimeSpan.Zero };
            using TaskAdder adder = client.CreateTaskAdder("j", options);
            for (int k = 0; k < 100; k++)
            {
                adder.Add(new CloudTask { Id = "t" + k, CommandLine = "x" });
            }

            List<TaskAddResult> results = adder.Complete().ToList();
            Assert.Equal(100, results.Count(r => r.Status == TaskAddStatus.Success));
            Assert.Equal(new[] { 100, 50, 25, 25, 50, 25, 25 }, transport.Seen.Select(s => Ids(s).Count));
            Assert.Equal(3, adder.Statistics.Splits);
            Assert.Equal(7, adder.Statistics.Requests);
        }

        [Fact]
        public void OneTaskTooLargeForTheService_IsAClientError_NotAnEndlessSplit()
        {
            (BatchServiceClient client, FakeTransport transport) = ServiceClientTests.Client(_ =>
                new FakeAnswer { Status = 413, Body = "{\"code\":\"RequestBodyTooLarge\",\"message\":{\"lang\":\"en-US\",\"value\":\"too large\"}}" });
            List<TaskAddResult> results = AddAll(client, 2, s_fast);
            Assert.Equal(3, transport.Seen.Count);
            Assert.All(results, r => Assert.Equal(TaskAddStatus.ClientError, r.Status));
            Assert.All(results, r => Assert.Equal("RequestBodyTooLarge", r.Error!.Code));
        }

        [Fact]
        public void FailedRequests_AreRetriedBoundedly_ThenEachTaskIsAServerError()
        {
            (BatchServiceClient client, FakeTransport transport) = ServiceClientTests.Client(_ => new FakeAnswer
            {
                Status = 503,
                Headers = new(StringComparer.OrdinalIgnoreCase) { ["Retry-After"] = "0" },
                Body = "{\"code\":\"ServerBusy\",\"message\":{\"lang\":\"en-US\",\"value\":\"busy\"}}",
            }, maxRetries: 1);
            List<TaskAddResult> results = AddAll(client, 3, new TaskAdderOptions { MaxTaskRetries = 2, RetryDelay = TimeSpan.Zero });
            Assert.Equal(3 * 2, transport.Seen.Count);   // 3 rounds of the adder, each attempted twice by the pipeline
            Assert.All(results, r => Assert.Equal((TaskAddStatus.ServerError, "ServerBusy", 3), (r.Status, r.Error!.Code, r.Attempts)));
        }

        [Fact]
        public void DroppedConnections_AreSentAgain_AndTasksAddedByTheLostRequestComeBackTaskExists()
        {
            var added = new HashSet<string>();
            int calls = 0;
            (BatchServiceClient client, FakeTransport transport) = ServiceClientTests.Client(seen =>
            {
                calls++;
                List<string> ids = Ids(seen);
                var answer = Results(ids.Select(id => added.Add(id) ? (id, "Success", (string?)null) : (id, "ClientError", "TaskExists")));
                // The first request is applied by the service, but its answer is lost.
                return calls == 1 ? new FakeAnswer { Throw = new RequestFailedException(0, "connection reset", new IOException("reset")) } : answer;
            }, maxRetries: 0);
            List<TaskAddResult> results = AddAll(client, 5, s_fast);
            Assert.Equal(2, transport.Seen.Count);
            Assert.Equal(5, added.Count);
            Assert.All(results, r => Assert.Equal((TaskAddStatus.ClientError, "TaskExists", 2), (r.Status, r.Error!.Code, r.Attempts)));
        }

        /// <summary>
        /// A service that holds tasks by id: POST add-collection adds the new ones (TaskExists for ids it holds), GET
        /// /jobs/j/tasks/{id} answers the task as the service shows it (server-owned properties and defaults filled in) or
        /// 404. The first add-collection request is applied but its answer is lost when <paramref name="dropFirst"/>.
        /// </summary>
        private static (BatchServiceClient Client, FakeTransport Transport) HoldingService(Dictionary<string, string> held, bool dropFirst)
        {
            int posts = 0;
            return ServiceClientTests.Client(seen =>
            {
                if (seen.Method == "GET")
                {
                    string id = Uri.UnescapeDataString(seen.Uri.Segments[^1]);
                    if (!held.TryGetValue(id, out string? commandLine))
                    {
                        return new FakeAnswer { Status = 404, Body = "{\"odata.metadata\":\"m\",\"code\":\"TaskNotFound\",\"message\":{\"lang\":\"en-US\",\"value\":\"The specified task does not exist.\"}}" };
                    }

                    string body = "{\"odata.metadata\":\"m\",\"id\":\"" + id + "\",\"url\":\"https://x/jobs/j/tasks/" + id + "\",\"eTag\":\"0x8DHELD" + id
                        + "\",\"creationTime\":\"2026-11-25T10:00:00.1234567Z\",\"lastModified\":\"2026-11-25T10:00:00.1234567Z\",\"state\":\"active\","
                        + "\"stateTransitionTime\":\"2026-11-25T10:00:00.1234567Z\",\"commandLine\":\"" + commandLine + "\",\"requiredSlots\":1,"
                        + "\"constraints\":{\"maxWallClockTime\":\"P10675199DT2H48M5.4775807S\",\"retentionTime\":\"P7D\",\"maxTaskRetryCount\":0},"
                        + "\"executionInfo\":{\"retryCount\":0,\"requeueCount\":0}}";
                    return new FakeAnswer
                    {
                        Body = body,
                        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["ETag"] = "0x8DHELD" + id, ["Last-Modified"] = "Wed, 25 Nov 2026 10:00:00 GMT" },
                    };
                }

                posts++;
                using JsonDocument doc = JsonDocument.Parse(seen.Body);
                var answers = new List<(string, string, string?)>();
                foreach (JsonElement t in doc.RootElement.GetProperty("value").EnumerateArray())
                {
                    string id = t.GetProperty("id").GetString()!;
                    answers.Add(held.TryAdd(id, t.GetProperty("commandLine").GetString()!) ? (id, "Success", null) : (id, "ClientError", "TaskExists"));
                }

                return dropFirst && posts == 1 ? new FakeAnswer { Throw = new RequestFailedException(0, "connection reset", new IOException("reset")) } : Results(answers);
            }, maxRetries: 0);
        }

        [Fact]
        public void ConfirmExistingTasks_ATaskAddedByARequestWhoseAnswerWasLost_IsASuccessAddedEarlier_WithTheServicesETag()
        {
            var held = new Dictionary<string, string>();
            (BatchServiceClient client, FakeTransport transport) = HoldingService(held, dropFirst: true);
            var options = new TaskAdderOptions { RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero, ConfirmExistingTasks = true };
            using TaskAdder adder = client.CreateTaskAdder("j", options);
            for (int k = 0; k < 5; k++)
            {
                adder.Add(new CloudTask { Id = "t" + k, CommandLine = "echo " + k });
            }

            List<TaskAddResult> results = adder.Complete().OrderBy(r => r.TaskId, StringComparer.Ordinal).ToList();
            Assert.Equal(5, held.Count);
            Assert.Equal(new[] { "t0", "t1", "t2", "t3", "t4" }, results.Select(r => r.TaskId));
            Assert.All(results, r =>
            {
                Assert.Equal((TaskAddStatus.Success, true, 2), (r.Status, r.AddedEarlier, r.Attempts));
                Assert.Null(r.Error);
                Assert.Equal("0x8DHELD" + r.TaskId, r.ETag);
            });
            Assert.Equal(5, adder.Statistics.TasksAddedEarlier);
            // Two add-collection requests (the lost one and its resend), then one GET per TaskExists answer.
            Assert.Equal(new[] { "POST", "POST", "GET", "GET", "GET", "GET", "GET" }, transport.Seen.Select(r => r.Method));
        }

        [Fact]
        public void ConfirmExistingTasks_AnotherTaskWithTheSameId_StaysTaskExists()
        {
            // The service already holds t1 with another command line (someone else's task): not ours, not a success.
            var held = new Dictionary<string, string> { ["t1"] = "echo somebody else" };
            (BatchServiceClient client, FakeTransport transport) = HoldingService(held, dropFirst: false);
            var options = new TaskAdderOptions { RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero, ConfirmExistingTasks = true };
            List<TaskAddResult> results = AddAll(client, 3, options);
            TaskAddResult t1 = Assert.Single(results, r => r.TaskId == "t1");
            Assert.Equal((TaskAddStatus.ClientError, "TaskExists", false), (t1.Status, t1.Error!.Code, t1.AddedEarlier));
            Assert.All(results.Where(r => r.TaskId != "t1"), r => Assert.Equal((TaskAddStatus.Success, false), (r.Status, r.AddedEarlier)));
            Assert.Equal(1, transport.Seen.Count(r => r.Method == "GET"));
            Assert.Equal("echo somebody else", held["t1"]);
        }

        [Fact]
        public void ConfirmExistingTasks_ATaskGoneWhenReadBack_StaysTaskExists()
        {
            // TaskExists, but the task is deleted before the GET (404): the TaskExists answer stands.
            (BatchServiceClient client, FakeTransport transport) = ServiceClientTests.Client(seen => seen.Method == "GET"
                ? new FakeAnswer { Status = 404, Body = "{\"odata.metadata\":\"m\",\"code\":\"TaskNotFound\",\"message\":{\"lang\":\"en-US\",\"value\":\"gone\"}}" }
                : Results(Ids(seen).Select(id => (id, "ClientError", (string?)"TaskExists"))), maxRetries: 0);
            var options = new TaskAdderOptions { RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero, ConfirmExistingTasks = true };
            TaskAddResult only = Assert.Single(AddAll(client, 1, options));
            Assert.Equal((TaskAddStatus.ClientError, "TaskExists", false), (only.Status, only.Error!.Code, only.AddedEarlier));
            Assert.Equal(new[] { "POST", "GET" }, transport.Seen.Select(r => r.Method));
        }

        [Fact]
        public void WithoutConfirmExistingTasks_TaskExistsIsAClientError_AndNothingIsReadBack()
        {
            var held = new Dictionary<string, string>();
            (BatchServiceClient client, FakeTransport transport) = HoldingService(held, dropFirst: true);
            List<TaskAddResult> results = AddAll(client, 3, s_fast);
            Assert.All(results, r => Assert.Equal((TaskAddStatus.ClientError, "TaskExists", false), (r.Status, r.Error!.Code, r.AddedEarlier)));
            Assert.DoesNotContain(transport.Seen, r => r.Method == "GET");
        }

        [Fact]
        public void RequestsInFlight_NeverExceedTheLimit_AndAddWaitsForAFreeSlot()
        {
            int now = 0, peak = 0;
            using var release = new SemaphoreSlim(0);
            (BatchServiceClient client, FakeTransport transport) = ServiceClientTests.Client(seen =>
            {
                int n = Interlocked.Increment(ref now);
                InterlockedMax(ref peak, n);
                Interlocked.Decrement(ref now);
                return Results(Ids(seen).Select(id => (id, "Success", (string?)null)));
            });
            List<TaskAddResult> results = AddAll(client, 1000, new TaskAdderOptions { MaxRequestsInFlight = 3, MaxTasksPerRequest = 10, RetryDelay = TimeSpan.Zero });
            Assert.Equal(1000, results.Count);
            Assert.Equal(100, transport.Seen.Count);
            Assert.InRange(peak, 1, 3);
        }

        [Fact]
        public void TasksThatCannotBeSent_AreNotSent_WithTheCoresReason()
        {
            (BatchServiceClient client, FakeTransport transport) = ServiceClientTests.Client(seen => Results(Ids(seen).Select(id => (id, "Success", (string?)null))));
            using TaskAdder adder = client.CreateTaskAdder("j", s_fast);
            adder.Add(new CloudTask { CommandLine = "no id" });
            adder.Add(new CloudTask { Id = "a", CommandLine = "x" });
            adder.Add(new CloudTask { Id = "A", CommandLine = "same id, other case" });
            adder.Add(new CloudTask { Id = "big", CommandLine = new string('x', 1_000_000) });
            List<TaskAddResult> results = adder.Complete().ToList();
            Assert.Equal(new[] { "MissingTaskId", "DuplicateTaskIdInCollection", "TaskTooLargeForCollection" },
                results.Where(r => r.Status == TaskAddStatus.NotSent).Select(r => r.Error!.Code));
            Assert.Equal("a", Assert.Single(results, r => r.Status == TaskAddStatus.Success).TaskId);
            Assert.Single(transport.Seen);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
