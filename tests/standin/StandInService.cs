using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BatchTaskPS.StandIn
{
    /// <summary>Faults the stand-in injects, and how it stores tasks. Every count is of API requests or tasks (control requests excluded).</summary>
    public sealed class StandInFaults
    {
        /// <summary>Every Nth task of an add-collection (counted across requests) gets a ServerError result and is not added, the first time its id is seen (0: off).</summary>
        public int ServerErrorEveryNthTask { get; set; }

        /// <summary>Every Nth API request is answered 429 TooManyRequests with Retry-After (0: off).</summary>
        public int Status429EveryNthRequest { get; set; }

        /// <summary>Every Nth API request is answered 503 ServerBusy with Retry-After (0: off).</summary>
        public int Status503EveryNthRequest { get; set; }

        /// <summary>The Retry-After seconds of 429 and 503 answers.</summary>
        public int RetryAfterSeconds { get; set; }

        /// <summary>An add-collection with more tasks than this is answered 413 RequestBodyTooLarge (0: off; the byte limit always applies).</summary>
        public int TooLargeAboveTasks { get; set; }

        /// <summary>The request-body limit in bytes; 1,048,576 is the MaxLimit the recorded 413 reports.</summary>
        public int MaxBodyBytes { get; set; } = 1_048_576;

        /// <summary>Every Nth add-collection request loses its connection (0: off).</summary>
        public int DropEveryNthAddRequest { get; set; }

        /// <summary>When a connection is dropped: after the tasks were added (the answer is lost) or before.</summary>
        public bool DropAfterApplying { get; set; } = true;

        /// <summary>Each API answer waits this long first (a slow service).</summary>
        public int DelayMilliseconds { get; set; }

        /// <summary>Keep each task's JSON (false: ids only, for very large runs; Get and List then return id and server fields only).</summary>
        public bool StoreBodies { get; set; } = true;

        /// <summary>
        /// A test control, not a behaviour of the service: every add-collection request after the first N (0: off) is
        /// held: its tasks are added (or not, <see cref="HoldBeforeApplying"/>) and its answer waits until
        /// <c>POST /_standin/release</c>, new faults, or the client closing the connection (a killed client). The held
        /// requests are counted (<see cref="StandInStats.HeldRequests"/>), so a test knows when to kill its client
        /// without watching a clock.
        /// </summary>
        public int HoldAddRequestsAfter { get; set; }

        /// <summary>Held requests add nothing (the client is killed before the service saw the tasks).</summary>
        public bool HoldBeforeApplying { get; set; }
    }

    /// <summary>What the stand-in counted.</summary>
    public sealed class StandInStats
    {
        public long Requests { get; set; }

        public long AddCollectionRequests { get; set; }

        /// <summary>Distinct tasks created (add and add-collection): for exactly-once checks.</summary>
        public long TasksAdded { get; set; }

        /// <summary>Adds refused because the task existed (TaskExists).</summary>
        public long DuplicateAdds { get; set; }

        public long FaultsInjected { get; set; }

        public long Updates { get; set; }

        public long ConditionNotMet { get; set; }

        /// <summary>Add-collection requests held by <see cref="StandInFaults.HoldAddRequestsAfter"/> (a test control).</summary>
        public long HeldRequests { get; set; }

        /// <summary>Task GETs answered (one task, not lists).</summary>
        public long Gets { get; set; }

        /// <summary>Authorization schemes seen (SharedKey, Bearer, none).</summary>
        public Dictionary<string, long> AuthorizationSchemes { get; set; } = new Dictionary<string, long>();
    }

    /// <summary>
    /// A stand-in for the Azure Batch task endpoints (Kestrel on 127.0.0.1, a free port): add, add-collection, get, list
    /// (paged), update (conditional), delete, terminate, reactivate, list subtasks, job task counts. Answers carry the
    /// service's headers and error bodies as documented in rest-spec.md and seen in tests/data/recorded (README.md here
    /// says which comes from where). Faults are injected as <see cref="Faults"/> says; <see cref="Stats"/> counts.
    /// </summary>
    public sealed class StandInService : IAsyncDisposable
    {
        private const string ErrorMetadata = "$metadata#Microsoft.Azure.Batch.Protocol.Entities.Container.errors/@Element";
        private static readonly string[] s_knownMessages =
        {
            "TaskNotFound", "The specified task does not exist.",
            "TaskExists", "The specified task already exists.",
            "ConditionNotMet", "The condition specified using HTTP conditional header(s) is not met.",
            "RequestBodyTooLarge", "The request body is too large and exceeds the maximum permissible limit.",
            "InvalidPropertyValue", "The value provided for one of the properties in the request body is invalid.",
            "ServerBusy", "The server is busy.",
            "OperationTimedOut", "Operation could not be completed within the specified time.",
        };

        private readonly ConcurrentDictionary<string, Job> _jobs = new ConcurrentDictionary<string, Job>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, byte> _failedOnce = new ConcurrentDictionary<string, byte>(StringComparer.OrdinalIgnoreCase);
        private readonly TaskCompletionSource _stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly object _clockGate = new object();
        private readonly object _statsGate = new object();
        private readonly StandInStats _stats = new StandInStats();
        private WebApplication? _app;
        private long _lastTicks;
        private long _requests;
        private long _addRequests;
        private long _taskCounter;
        private long _held;
        private long _gets;
        private TaskCompletionSource _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public StandInFaults Faults { get; set; } = new StandInFaults();

        /// <summary>
        /// A benchmark control, not a behaviour of the service: add-collection requests are answered Success for every
        /// task and only counted (<see cref="StandInStats.TasksAdded"/>); nothing is stored, so a run of millions of tasks
        /// keeps the stand-in's memory flat. Ids are not checked for duplicates, faults are not injected, and Get and
        /// List find nothing. Set it before <see cref="StartAsync"/> (<c>--count-only</c>).
        /// </summary>
        public bool CountOnly { get; set; }

        /// <summary>The base URL, ending with '/', once started.</summary>
        public Uri? BaseUrl { get; private set; }

        /// <summary>Completes when a stop was asked for through <c>POST /_standin/stop</c>.</summary>
        public Task Stopped => _stopped.Task;

        /// <summary>The clock of lastModified and ETags (a test fixes it to compare with a recording); always strictly increasing.</summary>
        public Func<DateTime> Clock { get; set; } = () => DateTime.UtcNow;

        public StandInStats Stats
        {
            get
            {
                lock (_statsGate)
                {
                    return new StandInStats
                    {
                        Requests = Interlocked.Read(ref _requests),
                        AddCollectionRequests = Interlocked.Read(ref _addRequests),
                        TasksAdded = _stats.TasksAdded,
                        DuplicateAdds = _stats.DuplicateAdds,
                        FaultsInjected = _stats.FaultsInjected,
                        Updates = _stats.Updates,
                        ConditionNotMet = _stats.ConditionNotMet,
                        HeldRequests = Interlocked.Read(ref _held),
                        Gets = Interlocked.Read(ref _gets),
                        AuthorizationSchemes = new Dictionary<string, long>(_stats.AuthorizationSchemes),
                    };
                }
            }
        }

        public async Task<Uri> StartAsync(int port = 0)
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.Listen(IPAddress.Loopback, port);
                k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            });
            _app = builder.Build();
            _app.Run(HandleAsync);
            await _app.StartAsync().ConfigureAwait(false);
            string address = _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            BaseUrl = new Uri(address.TrimEnd('/') + "/");
            return BaseUrl;
        }

        public async ValueTask DisposeAsync()
        {
            if (_app != null)
            {
                await _app.StopAsync().ConfigureAwait(false);
                await _app.DisposeAsync().ConfigureAwait(false);
                _app = null;
            }
        }

        /// <summary>Forgets every job, task and count (faults stay).</summary>
        public void Reset()
        {
            _jobs.Clear();
            _failedOnce.Clear();
            Interlocked.Exchange(ref _requests, 0);
            Interlocked.Exchange(ref _addRequests, 0);
            Interlocked.Exchange(ref _taskCounter, 0);
            Interlocked.Exchange(ref _held, 0);
            Interlocked.Exchange(ref _gets, 0);
            Release();
            lock (_statsGate)
            {
                _stats.TasksAdded = _stats.DuplicateAdds = _stats.FaultsInjected = _stats.Updates = _stats.ConditionNotMet = 0;
                _stats.AuthorizationSchemes.Clear();
            }
        }

        /// <summary>Puts a task as the service would return it (its eTag and lastModified as given) into a job.</summary>
        public void Seed(string jobId, JsonObject task, string eTag, DateTime lastModified)
        {
            string id = (string?)task["id"] ?? throw new ArgumentException("The task has no id.", nameof(task));
            Job job = _jobs.GetOrAdd(jobId, j => new Job(j));
            lock (job)
            {
                if (!job.Tasks.ContainsKey(id))
                {
                    job.Order.Add(id);
                }

                job.Tasks[id] = new StoredTask(id, Encoding.UTF8.GetBytes(task.ToJsonString()), eTag, lastModified, (string?)task["state"] ?? "active");
            }
        }

        /// <summary>Tasks of a job now (ids, in creation order).</summary>
        public IReadOnlyList<string> TaskIds(string jobId)
        {
            if (!_jobs.TryGetValue(jobId, out Job? job))
            {
                return Array.Empty<string>();
            }

            lock (job)
            {
                return job.Order.ToList();
            }
        }

        private async Task HandleAsync(HttpContext ctx)
        {
            string path = ctx.Request.Path.Value ?? "/";
            if (path.StartsWith("/_standin/", StringComparison.Ordinal))
            {
                await ControlAsync(ctx, path.Substring("/_standin/".Length)).ConfigureAwait(false);
                return;
            }

            long n = Interlocked.Increment(ref _requests);
            string requestId = Guid.NewGuid().ToString();
            HttpResponse response = ctx.Response;
            response.Headers["request-id"] = requestId;
            response.Headers["DataServiceVersion"] = "3.0";
            response.Headers["X-Content-Type-Options"] = "nosniff";
            if (string.Equals(ctx.Request.Headers["return-client-request-id"], "true", StringComparison.OrdinalIgnoreCase) &&
                ctx.Request.Headers.TryGetValue("client-request-id", out Microsoft.Extensions.Primitives.StringValues clientRequestId))
            {
                response.Headers["client-request-id"] = clientRequestId.ToString();
            }

            string auth = ctx.Request.Headers.Authorization.ToString();
            string scheme = auth.Length == 0 ? "none" : auth.Split(' ')[0];
            lock (_statsGate)
            {
                _stats.AuthorizationSchemes[scheme] = _stats.AuthorizationSchemes.GetValueOrDefault(scheme) + 1;
            }

            StandInFaults faults = Faults;
            if (faults.DelayMilliseconds > 0)
            {
                await Task.Delay(faults.DelayMilliseconds).ConfigureAwait(false);
            }

            var call = new Call(ctx, requestId);
            if (auth.Length == 0)
            {
                await ErrorAsync(call, 403, "AuthenticationFailed", "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.").ConfigureAwait(false);
                return;
            }

            if (string.IsNullOrEmpty(ctx.Request.Query["api-version"]))
            {
                await ErrorAsync(call, 400, "MissingRequiredQueryParameter", "A query parameter that's mandatory for this request is not specified.").ConfigureAwait(false);
                return;
            }

            if (faults.Status429EveryNthRequest > 0 && n % faults.Status429EveryNthRequest == 0)
            {
                Fault();
                response.Headers["Retry-After"] = faults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await ErrorAsync(call, 429, "TooManyRequests", "The server is throttling the requests.").ConfigureAwait(false);
                return;
            }

            if (faults.Status503EveryNthRequest > 0 && n % faults.Status503EveryNthRequest == 0)
            {
                Fault();
                response.Headers["Retry-After"] = faults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await ErrorAsync(call, 503, "ServerBusy", null).ConfigureAwait(false);
                return;
            }

            string[] parts = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
            string method = ctx.Request.Method;
            if (parts.Length >= 2 && parts[0] == "jobs")
            {
                string jobId = parts[1];
                if (parts.Length == 3 && parts[2] == "addtaskcollection" && method == "POST")
                {
                    await AddCollectionAsync(call, jobId).ConfigureAwait(false);
                    return;
                }

                if (parts.Length == 3 && parts[2] == "tasks" && method == "POST")
                {
                    await AddOneAsync(call, jobId).ConfigureAwait(false);
                    return;
                }

                if (parts.Length == 3 && parts[2] == "tasks" && method == "GET")
                {
                    await ListAsync(call, jobId).ConfigureAwait(false);
                    return;
                }

                if (parts.Length == 3 && parts[2] == "taskcounts" && method == "GET")
                {
                    await TaskCountsAsync(call, jobId).ConfigureAwait(false);
                    return;
                }

                if (parts.Length >= 4 && parts[2] == "tasks")
                {
                    await TaskAsync(call, jobId, parts[3], parts.Length == 5 ? parts[4] : null).ConfigureAwait(false);
                    return;
                }
            }

            await ErrorAsync(call, 404, "ResourceNotFound", "The specified resource does not exist.").ConfigureAwait(false);
        }

        private async Task ControlAsync(HttpContext ctx, string what)
        {
            switch (what)
            {
                case "stats":
                    await WriteJsonAsync(ctx.Response, 200, JsonSerializer.SerializeToUtf8Bytes(Stats)).ConfigureAwait(false);
                    return;
                case "faults" when ctx.Request.Method == "POST":
                    Faults = await JsonSerializer.DeserializeAsync<StandInFaults>(ctx.Request.Body).ConfigureAwait(false) ?? new StandInFaults();
                    Release();
                    ctx.Response.StatusCode = 204;
                    return;
                case "release" when ctx.Request.Method == "POST":
                    Release();
                    ctx.Response.StatusCode = 204;
                    return;
                case "reset" when ctx.Request.Method == "POST":
                    Reset();
                    ctx.Response.StatusCode = 204;
                    return;
                case "tasks":
                    string job = ctx.Request.Query["job"].ToString();
                    await WriteJsonAsync(ctx.Response, 200, JsonSerializer.SerializeToUtf8Bytes(TaskIds(job))).ConfigureAwait(false);
                    return;
                case "stop" when ctx.Request.Method == "POST":
                    ctx.Response.StatusCode = 204;
                    _stopped.TrySetResult();
                    return;
                default:
                    ctx.Response.StatusCode = 404;
                    return;
            }
        }

        private async Task AddCollectionAsync(Call call, string jobId)
        {
            long n = Interlocked.Increment(ref _addRequests);
            StandInFaults faults = Faults;
            byte[] body = await ReadBodyAsync(call.Context, faults.MaxBodyBytes).ConfigureAwait(false);
            if (body.Length > faults.MaxBodyBytes)
            {
                await TooLargeAsync(call, faults).ConfigureAwait(false);
                return;
            }

            if (CountOnly)
            {
                await CountOnlyAsync(call, jobId, body).ConfigureAwait(false);
                return;
            }

            JsonArray? value;
            try
            {
                value = JsonNode.Parse(body)?["value"] as JsonArray;
            }
            catch (JsonException)
            {
                value = null;
            }

            if (value == null)
            {
                await ErrorAsync(call, 400, "InvalidRequestBody", "The specified Request Body is not syntactically valid.").ConfigureAwait(false);
                return;
            }

            if (faults.TooLargeAboveTasks > 0 && value.Count > faults.TooLargeAboveTasks)
            {
                Fault();
                await TooLargeAsync(call, faults).ConfigureAwait(false);
                return;
            }

            if (value.Count > 100)
            {
                await ErrorAsync(call, 400, "InvalidPropertyValue", null, ("PropertyName", "value"), ("PropertyValue", value.Count.ToString(CultureInfo.InvariantCulture)), ("Reason", "The number of tasks exceeds the limit of 100.")).ConfigureAwait(false);
                return;
            }

            bool drop = faults.DropEveryNthAddRequest > 0 && n % faults.DropEveryNthAddRequest == 0;
            if (drop && !faults.DropAfterApplying)
            {
                Fault();
                call.Context.Abort();
                return;
            }

            bool hold = faults.HoldAddRequestsAfter > 0 && n > faults.HoldAddRequestsAfter;
            if (hold && faults.HoldBeforeApplying && await HoldAsync(call).ConfigureAwait(false))
            {
                return;
            }

            Job job = _jobs.GetOrAdd(jobId, j => new Job(j));
            var results = new List<JsonObject>();
            foreach (JsonNode? node in value)
            {
                long k = Interlocked.Increment(ref _taskCounter);
                JsonObject task = node as JsonObject ?? new JsonObject();
                string id = (string?)(task["id"] as JsonValue) ?? string.Empty;
                if (faults.ServerErrorEveryNthTask > 0 && k % faults.ServerErrorEveryNthTask == 0 && _failedOnce.TryAdd(id, 0))
                {
                    Fault();
                    results.Add(ResultError(call, jobId, id, "ServerError", "OperationTimedOut"));
                    continue;
                }

                (string? code, (string, string)[] values) = Check(task);
                if (code != null)
                {
                    results.Add(ResultError(call, jobId, id, "ClientError", code, values));
                    continue;
                }

                StoredTask? added = TryAdd(call, job, task);
                if (added == null)
                {
                    results.Add(ResultError(call, jobId, id, "ClientError", "TaskExists"));
                    continue;
                }

                results.Add(new JsonObject
                {
                    ["status"] = "Success",
                    ["taskId"] = id,
                    ["eTag"] = added.ETag,
                    ["lastModified"] = Wire(added.LastModified),
                    ["location"] = TaskUrl(call, jobId, id),
                });
            }

            if (drop)
            {
                Fault();
                call.Context.Abort();
                return;
            }

            if (hold && !faults.HoldBeforeApplying && await HoldAsync(call).ConfigureAwait(false))
            {
                return;
            }

            // The service answers in neither request order nor lastModified order (recordings): here, reversed.
            results.Reverse();
            var answer = new JsonObject
            {
                ["odata.metadata"] = Base(call) + "$metadata#taskaddresult",
                ["value"] = new JsonArray(results.Cast<JsonNode>().ToArray()),
            };
            await WriteJsonAsync(call.Context.Response, 200, Encoding.UTF8.GetBytes(answer.ToJsonString())).ConfigureAwait(false);
        }

        /// <summary>
        /// <see cref="CountOnly"/> (a benchmark control): every task of the body is answered Success, with an ETag,
        /// lastModified and location as the service sends them, and counted; nothing is kept.
        /// </summary>
        private async Task CountOnlyAsync(Call call, string jobId, byte[] body)
        {
            var ids = new List<string>(100);
            try
            {
                using JsonDocument document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("value", out JsonElement value) && value.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement task in value.EnumerateArray())
                    {
                        ids.Add(task.ValueKind == JsonValueKind.Object && task.TryGetProperty("id", out JsonElement id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : string.Empty);
                    }
                }
                else
                {
                    ids = null!;
                }
            }
            catch (JsonException)
            {
                ids = null!;
            }

            if (ids == null)
            {
                await ErrorAsync(call, 400, "InvalidRequestBody", "The specified Request Body is not syntactically valid.").ConfigureAwait(false);
                return;
            }

            if (ids.Count > 100)
            {
                await ErrorAsync(call, 400, "InvalidPropertyValue", null, ("PropertyName", "value"), ("PropertyValue", ids.Count.ToString(CultureInfo.InvariantCulture)), ("Reason", "The number of tasks exceeds the limit of 100.")).ConfigureAwait(false);
                return;
            }

            using var buffer = new MemoryStream(ids.Count * 256 + 128);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("odata.metadata", Base(call) + "$metadata#taskaddresult");
                json.WriteStartArray("value");
                for (int k = ids.Count - 1; k >= 0; k--)
                {
                    DateTime now = Now();
                    json.WriteStartObject();
                    json.WriteString("status", "Success");
                    json.WriteString("taskId", ids[k]);
                    json.WriteString("eTag", ETagOf(now));
                    json.WriteString("lastModified", Wire(now));
                    json.WriteString("location", TaskUrl(call, jobId, ids[k]));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            lock (_statsGate)
            {
                _stats.TasksAdded += ids.Count;
            }

            await WriteJsonAsync(call.Context.Response, 200, buffer.ToArray()).ConfigureAwait(false);
        }

        /// <summary>
        /// A test control (<see cref="StandInFaults.HoldAddRequestsAfter"/>): waits until released (false: answer as usual)
        /// or until the client goes away (true: nothing more to send).
        /// </summary>
        private async Task<bool> HoldAsync(Call call)
        {
            Task released = Volatile.Read(ref _release).Task;
            Interlocked.Increment(ref _held);
            var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (call.Context.RequestAborted.Register(() => gone.TrySetResult()))
            {
                await Task.WhenAny(released, gone.Task, Stopped).ConfigureAwait(false);
            }

            return !released.IsCompleted;
        }

        /// <summary>Lets every held request answer; requests held later wait for the next release.</summary>
        private void Release() =>
            Interlocked.Exchange(ref _release, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

        private async Task AddOneAsync(Call call, string jobId)
        {
            StandInFaults faults = Faults;
            byte[] body = await ReadBodyAsync(call.Context, faults.MaxBodyBytes).ConfigureAwait(false);
            if (body.Length > faults.MaxBodyBytes)
            {
                await TooLargeAsync(call, faults).ConfigureAwait(false);
                return;
            }

            JsonObject? task;
            try
            {
                task = JsonNode.Parse(body) as JsonObject;
            }
            catch (JsonException)
            {
                task = null;
            }

            if (task == null)
            {
                await ErrorAsync(call, 400, "InvalidRequestBody", "The specified Request Body is not syntactically valid.").ConfigureAwait(false);
                return;
            }

            (string? code, (string, string)[] values) = Check(task);
            if (code != null)
            {
                await ErrorAsync(call, 400, code, null, values).ConfigureAwait(false);
                return;
            }

            Job job = _jobs.GetOrAdd(jobId, j => new Job(j));
            StoredTask? added = TryAdd(call, job, task);
            if (added == null)
            {
                await ErrorAsync(call, 409, "TaskExists", null).ConfigureAwait(false);
                return;
            }

            string url = TaskUrl(call, jobId, added.Id);
            HttpResponse response = call.Context.Response;
            SetEntityHeaders(response, added);
            response.Headers.Location = url;
            response.Headers["DataServiceId"] = url;
            response.StatusCode = 201;
        }

        private async Task TaskAsync(Call call, string jobId, string taskId, string? action)
        {
            string method = call.Context.Request.Method;
            Job? job = _jobs.GetValueOrDefault(jobId);
            StoredTask? task = null;
            if (job != null)
            {
                lock (job)
                {
                    task = job.Tasks.GetValueOrDefault(taskId);
                }
            }

            if (task == null)
            {
                await ErrorAsync(call, 404, "TaskNotFound", null).ConfigureAwait(false);
                return;
            }

            if (action == "subtasksinfo" && method == "GET")
            {
                await WriteJsonAsync(call.Context.Response, 200, Encoding.UTF8.GetBytes(new JsonObject { ["odata.metadata"] = Base(call) + "$metadata#subtaskinfo", ["value"] = new JsonArray() }.ToJsonString())).ConfigureAwait(false);
                return;
            }

            if ((action == "terminate" || action == "reactivate") && method == "POST")
            {
                StoredTask changed = Change(job!, task, t => t["state"] = action == "terminate" ? "completed" : "active", action == "terminate" ? "completed" : "active");
                HttpResponse r = call.Context.Response;
                SetEntityHeaders(r, changed);
                if (action == "terminate")
                {
                    r.Headers["DataServiceId"] = TaskUrl(call, jobId, task.Id) + "/terminate";
                }

                r.ContentLength = 0;
                r.StatusCode = 204;
                return;
            }

            if (action != null)
            {
                await ErrorAsync(call, 404, "ResourceNotFound", "The specified resource does not exist.").ConfigureAwait(false);
                return;
            }

            string? failed = Conditions(call.Context.Request, task, method == "GET", out int status);
            if (failed != null)
            {
                if (status == 304)
                {
                    call.Context.Response.StatusCode = 304;
                    return;
                }

                if (failed == "ConditionNotMet")
                {
                    lock (_statsGate)
                    {
                        _stats.ConditionNotMet++;
                    }
                }

                await ErrorAsync(call, status, failed, null).ConfigureAwait(false);
                return;
            }

            switch (method)
            {
                case "GET":
                    Interlocked.Increment(ref _gets);
                    JsonObject body = Entity(call, jobId, task, "$metadata#tasks/@Element");
                    string? select = call.Context.Request.Query["$select"];
                    if (!string.IsNullOrEmpty(select))
                    {
                        body = Select(body, select);
                    }

                    // rest-spec lists DataServiceId for get; no recorded get answer has one, so none is sent.
                    SetEntityHeaders(call.Context.Response, task);
                    await WriteJsonAsync(call.Context.Response, 200, Encoding.UTF8.GetBytes(body.ToJsonString())).ConfigureAwait(false);
                    return;
                case "PUT":
                    byte[] put = await ReadBodyAsync(call.Context, Faults.MaxBodyBytes).ConfigureAwait(false);
                    JsonObject? update;
                    try
                    {
                        update = JsonNode.Parse(put) as JsonObject;
                    }
                    catch (JsonException)
                    {
                        update = null;
                    }

                    if (update == null)
                    {
                        await ErrorAsync(call, 400, "InvalidRequestBody", "The specified Request Body is not syntactically valid.").ConfigureAwait(false);
                        return;
                    }

                    // The update replaces the whole constraints object; what it leaves out goes back to the default.
                    var constraints = DefaultConstraints();
                    if (update["constraints"] is JsonObject given)
                    {
                        foreach (KeyValuePair<string, JsonNode?> p in given)
                        {
                            constraints[p.Key] = p.Value?.DeepClone();
                        }
                    }

                    StandInFaults faults = Faults;
                    StoredTask? updated = TryChange(job!, task, t => t["constraints"] = constraints);
                    if (updated == null)
                    {
                        // Another update won between the check and the write: the service's answer is the same 412.
                        lock (_statsGate)
                        {
                            _stats.ConditionNotMet++;
                        }

                        await ErrorAsync(call, 412, "ConditionNotMet", null).ConfigureAwait(false);
                        return;
                    }

                    lock (_statsGate)
                    {
                        _stats.Updates++;
                    }

                    SetEntityHeaders(call.Context.Response, updated);
                    call.Context.Response.Headers["DataServiceId"] = TaskUrl(call, jobId, task.Id);
                    call.Context.Response.StatusCode = 200;
                    return;
                case "DELETE":
                    lock (job!)
                    {
                        job.Tasks.Remove(task.Id);
                        job.Order.Remove(task.Id);
                    }

                    call.Context.Response.StatusCode = 200;
                    return;
                default:
                    await ErrorAsync(call, 405, "UnsupportedHttpVerb", "The resource doesn't support the specified HTTP verb.").ConfigureAwait(false);
                    return;
            }
        }

        private async Task ListAsync(Call call, string jobId)
        {
            IQueryCollection query = call.Context.Request.Query;
            int max = int.TryParse(query["maxresults"], NumberStyles.None, CultureInfo.InvariantCulture, out int m) && m > 0 ? Math.Min(m, 1000) : 1000;
            int skip = 0;
            string? token = query["$skiptoken"];
            if (!string.IsNullOrEmpty(token) && token.StartsWith("WATV2:", StringComparison.Ordinal))
            {
                int.TryParse(token.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out skip);
            }

            (string Name, string Value)? filter = null;
            string? filterText = query["$filter"];
            if (!string.IsNullOrEmpty(filterText))
            {
                // Only "<property> eq '<value>'" on id or state: the rest of OData is not implemented (README.md).
                string[] words = filterText.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
                if (words.Length != 3 || words[1] != "eq" || (words[0] != "id" && words[0] != "state") || words[2].Length < 2 || words[2][0] != '\'' || words[2][^1] != '\'')
                {
                    await ErrorAsync(call, 400, "InvalidQueryParameterValue", "Value for one of the query parameters specified in the request URI is invalid.", ("QueryParameterName", "$filter"), ("QueryParameterValue", filterText)).ConfigureAwait(false);
                    return;
                }

                filter = (words[0], words[2][1..^1]);
            }

            var page = new List<JsonObject>();
            int next = -1;
            if (_jobs.TryGetValue(jobId, out Job? job))
            {
                lock (job)
                {
                    int k = skip;
                    for (; k < job.Order.Count && page.Count < max; k++)
                    {
                        StoredTask t = job.Tasks[job.Order[k]];
                        if (filter is { } f && !(f.Name == "id" ? string.Equals(t.Id, f.Value, StringComparison.OrdinalIgnoreCase) : t.State == f.Value))
                        {
                            continue;
                        }

                        page.Add(Entity(call, jobId, t, null));
                    }

                    if (k < job.Order.Count)
                    {
                        next = k;
                    }
                }
            }

            string? select = query["$select"];
            var value = new JsonArray();
            foreach (JsonObject t in page)
            {
                value.Add(string.IsNullOrEmpty(select) ? t : Select(t, select));
            }

            var answer = new JsonObject { ["odata.metadata"] = Base(call) + "$metadata#tasks", ["value"] = value };
            if (next >= 0)
            {
                var link = new StringBuilder(Base(call) + "jobs/" + Uri.EscapeDataString(jobId) + "/tasks?api-version=" + Uri.EscapeDataString(query["api-version"].ToString()));
                foreach (string name in new[] { "$filter", "$select", "$expand" })
                {
                    if (!string.IsNullOrEmpty(query[name]))
                    {
                        link.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(query[name].ToString()));
                    }
                }

                link.Append("&maxresults=").Append(max.ToString(CultureInfo.InvariantCulture)).Append("&$skiptoken=WATV2:").Append(next.ToString(CultureInfo.InvariantCulture));
                answer["odata.nextLink"] = link.ToString();
            }

            await WriteJsonAsync(call.Context.Response, 200, Encoding.UTF8.GetBytes(answer.ToJsonString())).ConfigureAwait(false);
        }

        private async Task TaskCountsAsync(Call call, string jobId)
        {
            int active = 0, completed = 0;
            if (_jobs.TryGetValue(jobId, out Job? job))
            {
                lock (job)
                {
                    foreach (StoredTask t in job.Tasks.Values)
                    {
                        if (t.State == "completed")
                        {
                            completed++;
                        }
                        else
                        {
                            active++;
                        }
                    }
                }
            }

            var counts = new JsonObject { ["active"] = active, ["running"] = 0, ["completed"] = completed, ["succeeded"] = 0, ["failed"] = 0 };
            var answer = new JsonObject { ["odata.metadata"] = Base(call) + "$metadata#taskcountsresult/@Element", ["taskCounts"] = counts };
            await WriteJsonAsync(call.Context.Response, 200, Encoding.UTF8.GetBytes(answer.ToJsonString())).ConfigureAwait(false);
        }

        /// <summary>The per-task checks the stand-in makes (the service makes more): the id, and http URLs that must be absolute (the recorded ClientError).</summary>
        private static (string? Code, (string, string)[] Values) Check(JsonObject task)
        {
            string? id = (task["id"] as JsonValue)?.TryGetValue(out string? s) == true ? s : null;
            if (string.IsNullOrEmpty(id))
            {
                return ("MissingRequiredProperty", new[] { ("PropertyName", "id") });
            }

            if (id.Length > 64 || id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_')))
            {
                return ("InvalidPropertyValue", new[] { ("PropertyName", "id"), ("PropertyValue", id), ("Reason", "The specified id is invalid.") });
            }

            if (task["commandLine"] is null)
            {
                return ("MissingRequiredProperty", new[] { ("PropertyName", "commandLine") });
            }

            if (task["resourceFiles"] is JsonArray files)
            {
                foreach (JsonNode? f in files)
                {
                    if (f?["httpUrl"] is JsonValue url && url.TryGetValue(out string? text) && !Uri.TryCreate(text, UriKind.Absolute, out _))
                    {
                        return ("InvalidPropertyValue", new[] { ("PropertyName", "httpUrl"), ("PropertyValue", text), ("Reason", "The specified HttpUrl is not a valid URI") });
                    }
                }
            }

            return (null, Array.Empty<(string, string)>());
        }

        private StoredTask? TryAdd(Call call, Job job, JsonObject given)
        {
            string id = (string)given["id"]!;
            lock (job)
            {
                if (job.Tasks.ContainsKey(id))
                {
                    lock (_statsGate)
                    {
                        _stats.DuplicateAdds++;
                    }

                    return null;
                }

                DateTime now = Now();
                string eTag = ETagOf(now);
                byte[]? json = null;
                if (Faults.StoreBodies)
                {
                    var task = new JsonObject
                    {
                        ["id"] = id,
                        ["url"] = TaskUrl(call, job.Id, id),
                        ["eTag"] = eTag,
                        ["creationTime"] = Wire(now),
                        ["lastModified"] = Wire(now),
                        ["state"] = "active",
                        ["stateTransitionTime"] = Wire(now),
                    };
                    foreach (KeyValuePair<string, JsonNode?> p in given)
                    {
                        if (!task.ContainsKey(p.Key))
                        {
                            task[p.Key] = p.Value?.DeepClone();
                        }
                    }

                    if (!task.ContainsKey("constraints"))
                    {
                        task["constraints"] = DefaultConstraints();
                    }

                    task["executionInfo"] = new JsonObject { ["retryCount"] = 0, ["requeueCount"] = 0 };
                    json = Encoding.UTF8.GetBytes(task.ToJsonString());
                }

                var stored = new StoredTask(id, json, eTag, now, "active");
                job.Tasks[id] = stored;
                job.Order.Add(id);
                lock (_statsGate)
                {
                    _stats.TasksAdded++;
                }

                return stored;
            }
        }

        private StoredTask Change(Job job, StoredTask task, Action<JsonObject> change, string? state = null) =>
            TryChange(job, task, change, state) ?? job.Tasks[task.Id];

        /// <summary>Changes the task if it is still the version given (null when another change came first).</summary>
        private StoredTask? TryChange(Job job, StoredTask task, Action<JsonObject> change, string? state = null)
        {
            lock (job)
            {
                if (!job.Tasks.TryGetValue(task.Id, out StoredTask? current) || !ReferenceEquals(current, task))
                {
                    return null;
                }

                DateTime now = Now();
                string eTag = ETagOf(now);
                byte[]? json = null;
                if (task.Json != null)
                {
                    var body = (JsonObject)JsonNode.Parse(task.Json)!;
                    change(body);
                    body["eTag"] = eTag;
                    body["lastModified"] = Wire(now);
                    if (state != null && (string?)body["state"] != state)
                    {
                        body["previousState"] = body["state"]?.DeepClone();
                        body["state"] = state;
                        body["stateTransitionTime"] = Wire(now);
                    }

                    json = Encoding.UTF8.GetBytes(body.ToJsonString());
                }

                var changed = new StoredTask(task.Id, json, eTag, now, state ?? task.State);
                job.Tasks[task.Id] = changed;
                return changed;
            }
        }

        /// <summary>
        /// rest-spec 4: If-None-Match + If-Modified-Since and If-Match + If-Unmodified-Since are decided by the ETag header;
        /// other pairs are 400 MultipleConditionHeadersNotSupported; a failed condition is 412 (304 for If-None-Match and
        /// If-Modified-Since on GET). ETags compare exactly; '*' matches any task. Dates compare at whole seconds.
        /// </summary>
        private static string? Conditions(HttpRequest request, StoredTask task, bool read, out int status)
        {
            string? ifMatch = request.Headers.IfMatch.Count > 0 ? request.Headers.IfMatch.ToString() : null;
            string? ifNoneMatch = request.Headers.IfNoneMatch.Count > 0 ? request.Headers.IfNoneMatch.ToString() : null;
            DateTime? ifModifiedSince = HttpDate(request.Headers.IfModifiedSince.ToString());
            DateTime? ifUnmodifiedSince = HttpDate(request.Headers.IfUnmodifiedSince.ToString());
            int given = (ifMatch != null ? 1 : 0) + (ifNoneMatch != null ? 1 : 0) + (ifModifiedSince != null ? 1 : 0) + (ifUnmodifiedSince != null ? 1 : 0);
            bool pair = given == 2 && ((ifMatch != null && ifUnmodifiedSince != null) || (ifNoneMatch != null && ifModifiedSince != null));
            status = 0;
            if (given > 1 && !pair)
            {
                status = 400;
                return "MultipleConditionHeadersNotSupported";
            }

            DateTime modified = new DateTime(task.LastModified.Ticks - (task.LastModified.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
            bool ok = ifMatch != null ? ifMatch == "*" || ifMatch == task.ETag
                : ifNoneMatch != null ? ifNoneMatch != "*" && ifNoneMatch != task.ETag
                : ifModifiedSince != null ? modified > ifModifiedSince
                : ifUnmodifiedSince == null || modified <= ifUnmodifiedSince;
            if (ok)
            {
                return null;
            }

            status = read && (ifNoneMatch != null || ifModifiedSince != null) ? 304 : 412;
            return "ConditionNotMet";
        }

        private static DateTime? HttpDate(string text) =>
            DateTime.TryParseExact(text, "R", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime at) ? at : null;

        private static JsonObject DefaultConstraints() => new JsonObject
        {
            ["maxWallClockTime"] = "P10675199DT2H48M5.4775807S",
            ["retentionTime"] = "P7D",
            ["maxTaskRetryCount"] = 0,
        };

        private static JsonObject Entity(Call call, string jobId, StoredTask task, string? metadata)
        {
            JsonObject body = task.Json != null
                ? (JsonObject)JsonNode.Parse(task.Json)!
                : new JsonObject { ["id"] = task.Id, ["url"] = TaskUrl(call, jobId, task.Id), ["eTag"] = task.ETag, ["lastModified"] = Wire(task.LastModified), ["state"] = task.State };
            if (metadata == null)
            {
                return body;
            }

            var withMetadata = new JsonObject { ["odata.metadata"] = Base(call) + metadata };
            foreach (KeyValuePair<string, JsonNode?> p in body.ToList())
            {
                body.Remove(p.Key);
                withMetadata[p.Key] = p.Value;
            }

            return withMetadata;
        }

        private static JsonObject Select(JsonObject body, string select)
        {
            var names = new HashSet<string>(select.Split(',').Select(s => s.Trim()), StringComparer.OrdinalIgnoreCase);
            var selected = new JsonObject();
            foreach (KeyValuePair<string, JsonNode?> p in body.ToList())
            {
                if (p.Key == "odata.metadata" || names.Contains(p.Key))
                {
                    body.Remove(p.Key);
                    selected[p.Key] = p.Value;
                }
            }

            return selected;
        }

        private static JsonObject ResultError(Call call, string jobId, string id, string status, string code, params (string Key, string Value)[] values) => new JsonObject
        {
            ["error@odata.navigationLinkUrl"] = TaskUrl(call, jobId, id) + "/error",
            ["error"] = ErrorBody(call, null, code, null, values),
            ["status"] = status,
            ["taskId"] = id,
        };

        private static Task TooLargeAsync(Call call, StandInFaults faults) =>
            ErrorAsync(call, 413, "RequestBodyTooLarge", null, ("MaxLimit", faults.MaxBodyBytes.ToString(CultureInfo.InvariantCulture)));

        private static JsonObject ErrorBody(Call call, string? metadata, string code, string? message, (string Key, string Value)[] values)
        {
            message ??= KnownMessage(code) ?? code;
            var error = new JsonObject();
            if (metadata != null)
            {
                error["odata.metadata"] = metadata;
            }

            error["code"] = code;
            error["message"] = new JsonObject
            {
                ["lang"] = "en-US",
                ["value"] = message + "\nRequestId:" + call.RequestId + "\nTime:" + Wire(DateTime.UtcNow),
            };
            if (values.Length > 0)
            {
                error["values"] = new JsonArray(values.Select(v => (JsonNode)new JsonObject { ["key"] = v.Key, ["value"] = v.Value }).ToArray());
            }

            return error;
        }

        private static async Task ErrorAsync(Call call, int status, string code, string? message, params (string Key, string Value)[] values)
        {
            JsonObject error = ErrorBody(call, Base(call) + ErrorMetadata, code, message, values);
            await WriteJsonAsync(call.Context.Response, status, Encoding.UTF8.GetBytes(error.ToJsonString())).ConfigureAwait(false);
        }

        private static string? KnownMessage(string code)
        {
            for (int k = 0; k < s_knownMessages.Length; k += 2)
            {
                if (s_knownMessages[k] == code)
                {
                    return s_knownMessages[k + 1];
                }
            }

            return null;
        }

        private static async Task WriteJsonAsync(HttpResponse response, int status, byte[] body)
        {
            response.StatusCode = status;
            response.ContentType = "application/json;odata=minimalmetadata";
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body).ConfigureAwait(false);
        }

        private static async Task<byte[]> ReadBodyAsync(HttpContext ctx, int limit)
        {
            using var buffer = new MemoryStream();
            byte[] chunk = new byte[81920];
            int read;
            while ((read = await ctx.Request.Body.ReadAsync(chunk).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limit + 1L)
                {
                    break;
                }
            }

            return buffer.ToArray();
        }

        private static void SetEntityHeaders(HttpResponse response, StoredTask task)
        {
            response.Headers.ETag = task.ETag;
            response.Headers.LastModified = new DateTime(task.LastModified.Ticks - (task.LastModified.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc).ToString("R", CultureInfo.InvariantCulture);
        }

        private void Fault()
        {
            lock (_statsGate)
            {
                _stats.FaultsInjected++;
            }
        }

        /// <summary>A strictly increasing instant (so every change has its own ETag).</summary>
        private DateTime Now()
        {
            lock (_clockGate)
            {
                long ticks = Math.Max(Clock().ToUniversalTime().Ticks, _lastTicks + 1);
                _lastTicks = ticks;
                return new DateTime(ticks, DateTimeKind.Utc);
            }
        }

        /// <summary>The service's ETag: 0x + the upper-case hex of the lastModified ticks (recordings: 1,847 of 1,847).</summary>
        private static string ETagOf(DateTime at) => "0x" + at.Ticks.ToString("X", CultureInfo.InvariantCulture);

        private static string Wire(DateTime at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        private static string Base(Call call) => call.Context.Request.Scheme + "://" + call.Context.Request.Host + "/";

        private static string TaskUrl(Call call, string jobId, string taskId) => Base(call) + "jobs/" + Uri.EscapeDataString(jobId) + "/tasks/" + Uri.EscapeDataString(taskId);

        private sealed class Call
        {
            public Call(HttpContext context, string requestId)
            {
                Context = context;
                RequestId = requestId;
            }

            public HttpContext Context { get; }

            public string RequestId { get; }
        }

        private sealed class Job
        {
            public Job(string id)
            {
                Id = id;
            }

            public string Id { get; }

            public Dictionary<string, StoredTask> Tasks { get; } = new Dictionary<string, StoredTask>(StringComparer.OrdinalIgnoreCase);

            public List<string> Order { get; } = new List<string>();
        }

        private sealed class StoredTask
        {
            public StoredTask(string id, byte[]? json, string eTag, DateTime lastModified, string state)
            {
                Id = id;
                Json = json;
                ETag = eTag;
                LastModified = lastModified;
                State = state;
            }

            public string Id { get; }

            public byte[]? Json { get; }

            public string ETag { get; }

            public DateTime LastModified { get; }

            public string State { get; }
        }
    }
}
