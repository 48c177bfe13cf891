using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Updates;

namespace BatchTaskPS.Service
{
    /// <summary>Options of <see cref="BatchServiceClient"/>: the api-version, and Azure.Core's retry, transport and diagnostics options.</summary>
    public sealed class BatchServiceClientOptions : ClientOptions
    {
        /// <summary>
        /// The api-version sent when none is given: <c>2025-06-01</c>, the first TypeSpec version, and the oldest not on the
        /// service's retirement list (rest-spec 2.1). rest-spec also lists <c>2026-10-01</c>, which removes
        /// <c>authenticationTokenSettings</c> from tasks; the model keeps that property, so 2025-06-01 stays the default.
        /// </summary>
        public const string DefaultApiVersion = BatchApiVersions.V20250601; // BatchApiVersions.Default

        public BatchServiceClientOptions()
        {
            // Bounded retries of 408, 429, 500, 502, 503, 504 and failed connections, honouring Retry-After
            // (Azure.Core's RetryPolicy); exponential back-off otherwise.
            Retry.MaxRetries = 5;
            Retry.Mode = RetryMode.Exponential;
            Retry.Delay = TimeSpan.FromSeconds(0.8);
            Retry.MaxDelay = TimeSpan.FromSeconds(60);
            Diagnostics.ApplicationId = "BatchTaskPS";
            Diagnostics.IsDistributedTracingEnabled = false;
        }

        /// <summary>The api-version query parameter of every request.</summary>
        public string ApiVersion { get; set; } = DefaultApiVersion;
    }

    /// <summary>Options of a task list: the service's OData query parameters.</summary>
    public sealed class TaskListOptions
    {
        /// <summary>$filter, such as <c>state eq 'active'</c>.</summary>
        public string? Filter { get; set; }

        /// <summary>$select: the properties to return, such as <c>id,state,eTag</c>.</summary>
        public string? Select { get; set; }

        /// <summary>$expand, such as <c>stats</c>.</summary>
        public string? Expand { get; set; }

        /// <summary>maxresults: tasks per page (the service's default and maximum is 1000).</summary>
        public int? MaxResults { get; set; }
    }

    /// <summary>One page of a task list.</summary>
    public sealed class BatchTaskPage
    {
        public BatchTaskPage(IReadOnlyList<CloudTask> tasks, string? nextLink, string? requestId)
        {
            Tasks = tasks;
            NextLink = nextLink;
            RequestId = requestId;
        }

        public IReadOnlyList<CloudTask> Tasks { get; }

        /// <summary>The page's <c>odata.nextLink</c> (null on the last page).</summary>
        public string? NextLink { get; }

        public string? RequestId { get; }
    }

    /// <summary>
    /// The Azure Batch task operations: add-collection (and the bulk <see cref="TaskAdder"/>), get, list and update.
    /// Every request goes through one Azure.Core <see cref="HttpPipeline"/>: client-request-id, bounded retries that
    /// honour Retry-After, then (on every attempt) the transport guard and the credential. Task bodies are read by the
    /// core's reader, so unknown properties and 7-digit times survive; ETag and Last-Modified come from the headers.
    /// Thread-safe.
    /// </summary>
    public sealed class BatchServiceClient
    {
        internal const string JsonContentType = "application/json; odata=minimalmetadata; charset=utf-8";

        private readonly HttpPipeline _pipeline;
        private readonly BatchTaskReader _reader = new BatchTaskReader();
        private readonly BatchTaskWriter _updateWriter = new BatchTaskWriter(new BatchTaskWriterOptions { Shape = TaskShape.Update });

        public BatchServiceClient(Uri endpoint, BatchCredential credential, BatchServiceClientOptions? options = null)
        {
            if (endpoint == null)
            {
                throw new ArgumentNullException(nameof(endpoint));
            }

            if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException("The endpoint must be an absolute https URL, such as https://contoso.westeurope.batch.azure.com.", nameof(endpoint));
            }

            try
            {
                SecretGuardPolicy.CheckTransport(endpoint);
            }
            catch (InvalidOperationException e)
            {
                throw new ArgumentException(e.Message, nameof(endpoint), e);
            }

            Credential = credential ?? throw new ArgumentNullException(nameof(credential));
            options ??= new BatchServiceClientOptions();
            if (string.IsNullOrWhiteSpace(options.ApiVersion))
            {
                throw new ArgumentException("The api-version is empty.", nameof(options));
            }

            Endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Authority) + endpoint.AbsolutePath.TrimEnd('/') + "/");
            ApiVersion = options.ApiVersion;
            _pipeline = HttpPipelineBuilder.Build(
                options,
                new HttpPipelinePolicy[] { new ClientRequestIdPolicy() },
                new HttpPipelinePolicy[] { new SecretGuardPolicy(Endpoint), credential.CreatePolicy(Endpoint) },
                new ResponseClassifier());
        }

        /// <summary>The account endpoint (ending with '/').</summary>
        public Uri Endpoint { get; }

        public string ApiVersion { get; }

        public BatchCredential Credential { get; }

        public override string ToString() => Endpoint + " (api-version " + ApiVersion + ", " + Credential.Description + ")";

        /// <summary>A bulk adder of tasks to <paramref name="jobId"/>: see <see cref="TaskAdder"/>. Dispose it when done.</summary>
        public TaskAdder CreateTaskAdder(string jobId, TaskAdderOptions? options = null) => new TaskAdder(this, jobId, options ?? new TaskAdderOptions());

        /// <summary>
        /// One add-collection request (<c>POST /jobs/{job}/addtaskcollection</c>) with a body made by the core's
        /// <see cref="AddCollectionBuilder"/>. Returns the service's per-task results; any other answer throws
        /// <see cref="BatchServiceException"/>. Use <see cref="TaskAdder"/> to retry failed tasks and split large bodies.
        /// </summary>
        public async Task<IReadOnlyList<TaskAddResult>> AddTaskCollectionAsync(string jobId, AddCollectionBody body, CancellationToken cancellationToken = default)
        {
            if (body == null)
            {
                throw new ArgumentNullException(nameof(body));
            }

            AddCollectionAnswer answer = await SendAddCollectionAsync(jobId, body.Utf8, cancellationToken).ConfigureAwait(false);
            return answer.Results ?? throw new BatchServiceException(answer.Status, answer.Error!, answer.RequestId, answer.Failure);
        }

        /// <summary><c>GET /jobs/{job}/tasks/{task}</c>. A missing task throws <see cref="BatchServiceException"/> (404, TaskNotFound).</summary>
        public BatchTaskResponse GetTask(string jobId, string taskId, string? select = null, string? expand = null, CancellationToken cancellationToken = default)
        {
            using HttpMessage message = NewMessage(RequestMethod.Get, TaskPath(jobId, taskId), Query(("$select", select), ("$expand", expand)));
            Send(message, cancellationToken);
            Response response = message.Response;
            if (response.Status != 200)
            {
                throw Failure(response);
            }

            CloudTask task = _reader.ReadTask(response.Content.ToArray());
            return new BatchTaskResponse(task, Header(response, "ETag"), HeaderDate(response, "Last-Modified"), Header(response, "request-id"));
        }

        /// <summary>
        /// <c>GET /jobs/{job}/tasks/{task}</c>, asynchronously: as <see cref="GetTask"/>, but a missing task (404) is null
        /// rather than an exception.
        /// </summary>
        public async Task<BatchTaskResponse?> GetTaskOrNullAsync(string jobId, string taskId, CancellationToken cancellationToken = default)
        {
            using HttpMessage message = NewMessage(RequestMethod.Get, TaskPath(jobId, taskId), string.Empty);
            try
            {
                await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
            {
                throw new BatchServiceException(0, new BatchError("ServiceUnreachable", Unreachable(e)), null, e);
            }

            Response response = message.Response;
            if (response.Status == 404)
            {
                return null;
            }

            if (response.Status != 200)
            {
                throw Failure(response);
            }

            CloudTask task = _reader.ReadTask(response.Content.ToArray());
            return new BatchTaskResponse(task, Header(response, "ETag"), HeaderDate(response, "Last-Modified"), Header(response, "request-id"));
        }

        /// <summary>The tasks of a job, page by page (following odata.nextLink), each read by the core's reader.</summary>
        public IEnumerable<CloudTask> ListTasks(string jobId, TaskListOptions? options = null, CancellationToken cancellationToken = default)
        {
            foreach (BatchTaskPage page in ListTaskPages(jobId, options, cancellationToken))
            {
                foreach (CloudTask task in page.Tasks)
                {
                    yield return task;
                }
            }
        }

        /// <summary>The pages of a task list; one page is held in memory at a time.</summary>
        public IEnumerable<BatchTaskPage> ListTaskPages(string jobId, TaskListOptions? options = null, CancellationToken cancellationToken = default)
        {
            options ??= new TaskListOptions();
            string? next = null;
            bool first = true;
            while (first || next != null)
            {
                HttpMessage message = first
                    ? NewMessage(RequestMethod.Get, JobPath(jobId) + "/tasks", Query(
                        ("$filter", options.Filter), ("$select", options.Select), ("$expand", options.Expand),
                        ("maxresults", options.MaxResults?.ToString(CultureInfo.InvariantCulture))))
                    : NewMessage(RequestMethod.Get, new Uri(next!, UriKind.Absolute));
                first = false;
                BatchTaskPage page;
                using (message)
                {
                    Send(message, cancellationToken);
                    Response response = message.Response;
                    if (response.Status != 200)
                    {
                        throw Failure(response);
                    }

                    page = ReadPage(response.Content.ToArray(), Header(response, "request-id"));
                }

                next = page.NextLink;
                yield return page;
            }
        }

        /// <summary>
        /// <c>PUT /jobs/{job}/tasks/{task}</c> with the Update body of <paramref name="task"/> (<c>{"constraints":{...}}</c>) and the
        /// conditions as real headers. A failed condition (412) is a <see cref="TaskUpdateStatus.ConditionNotMet"/> result;
        /// other errors throw <see cref="BatchServiceException"/>. On success, the new ETag and Last-Modified from the headers.
        /// </summary>
        public TaskUpdateResult UpdateTask(string jobId, string taskId, CloudTask task, TaskConditions? conditions = null, CancellationToken cancellationToken = default)
        {
            if (task == null)
            {
                throw new ArgumentNullException(nameof(task));
            }

            using HttpMessage message = NewMessage(RequestMethod.Put, TaskPath(jobId, taskId), string.Empty);
            message.Request.Headers.SetValue("Content-Type", JsonContentType);
            message.Request.Content = RequestContent.Create(_updateWriter.WriteUtf8(task));
            if (conditions != null)
            {
                SetIf(message, "If-Match", conditions.IfMatch);
                SetIf(message, "If-None-Match", conditions.IfNoneMatch);
                SetIf(message, "If-Modified-Since", conditions.IfModifiedSince?.ToUniversalTime().ToString("R", CultureInfo.InvariantCulture));
                SetIf(message, "If-Unmodified-Since", conditions.IfUnmodifiedSince?.ToUniversalTime().ToString("R", CultureInfo.InvariantCulture));
            }

            Send(message, cancellationToken);
            Response response = message.Response;
            string? requestId = Header(response, "request-id");
            if (response.Status == 200)
            {
                return new TaskUpdateResult(jobId, taskId, TaskUpdateStatus.Updated, Header(response, "ETag"), HeaderDate(response, "Last-Modified"), null, requestId);
            }

            if (response.Status == 412)
            {
                return new TaskUpdateResult(jobId, taskId, TaskUpdateStatus.ConditionNotMet, null, null, ReadError(response), requestId);
            }

            throw Failure(response);
        }

        /// <summary>One add-collection request; never throws for an HTTP or connection failure (they are in the answer).</summary>
        internal async Task<AddCollectionAnswer> SendAddCollectionAsync(string jobId, byte[] body, CancellationToken cancellationToken)
        {
            using HttpMessage message = NewMessage(RequestMethod.Post, JobPath(jobId) + "/addtaskcollection", string.Empty);
            message.Request.Headers.SetValue("Content-Type", JsonContentType);
            message.Request.Content = RequestContent.Create(body);
            try
            {
                await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
            {
                return new AddCollectionAnswer(0, null, new BatchError("ServiceUnreachable", Unreachable(e)), null, e);
            }

            Response response = message.Response;
            string? requestId = Header(response, "request-id");
            if (response.Status == 200)
            {
                return new AddCollectionAnswer(200, ReadAddResults(response.Content.ToArray()), null, requestId, null);
            }

            return new AddCollectionAnswer(response.Status, null, ReadError(response), requestId, null);
        }

        internal BatchTaskPage ReadPage(byte[] body, string? requestId)
        {
            var tasks = new List<CloudTask>();
            using var sequence = new TaskSequenceReader(body, 0, body.Length, _reader.Options);
            foreach (TaskReadResult result in sequence)
            {
                if (result.Error != null)
                {
                    throw result.Error;
                }

                tasks.Add(result.Task!);
            }

            return new BatchTaskPage(tasks, sequence.NextLink, requestId);
        }

        internal static IReadOnlyList<TaskAddResult> ReadAddResults(byte[] body)
        {
            var results = new List<TaskAddResult>();
            using JsonDocument document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("value", out JsonElement value) || value.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException("The add-collection answer has no \"value\" array.");
            }

            foreach (JsonElement item in value.EnumerateArray())
            {
                string taskId = String(item, "taskId") ?? string.Empty;
                string status = String(item, "status") ?? string.Empty;
                TaskAddStatus parsed = status.Equals("success", StringComparison.OrdinalIgnoreCase) ? TaskAddStatus.Success
                    : status.Equals("clienterror", StringComparison.OrdinalIgnoreCase) ? TaskAddStatus.ClientError
                    : TaskAddStatus.ServerError;
                BatchError? error = item.TryGetProperty("error", out JsonElement e) && e.ValueKind == JsonValueKind.Object ? ReadError(e) : null;
                results.Add(new TaskAddResult(taskId, parsed, String(item, "eTag"), WireDate(String(item, "lastModified")), String(item, "location"), error));
            }

            return results;
        }

        internal static BatchError ReadError(JsonElement e)
        {
            if (e.TryGetProperty("odata.error", out JsonElement inner) && inner.ValueKind == JsonValueKind.Object)
            {
                e = inner;
            }

            string? message = null;
            if (e.TryGetProperty("message", out JsonElement m))
            {
                message = m.ValueKind == JsonValueKind.Object ? String(m, "value") : m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            }

            var values = new List<BatchErrorDetail>();
            if (e.TryGetProperty("values", out JsonElement v) && v.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement pair in v.EnumerateArray())
                {
                    if (pair.ValueKind == JsonValueKind.Object)
                    {
                        values.Add(new BatchErrorDetail(String(pair, "key"), String(pair, "value")));
                    }
                }
            }

            return new BatchError(String(e, "code"), message, values);
        }

        internal static BatchError ReadError(Response response)
        {
            ReadOnlyMemory<byte> body = response.Content.ToMemory();
            if (body.Length > 0)
            {
                try
                {
                    using JsonDocument document = JsonDocument.Parse(body);
                    if (document.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        return ReadError(document.RootElement);
                    }
                }
                catch (JsonException)
                {
                    // not JSON: described below
                }
            }

            return new BatchError(null, "HTTP " + response.Status + (string.IsNullOrEmpty(response.ReasonPhrase) ? string.Empty : " " + response.ReasonPhrase));
        }

        internal static DateTime? WireDate(string? text)
        {
            if (text == null)
            {
                return null;
            }

            return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime at) ? at : null;
        }

        private static string? String(JsonElement e, string name) =>
            e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static string? Header(Response response, string name) => response.Headers.TryGetValue(name, out string? value) ? value : null;

        private static DateTime? HeaderDate(Response response, string name)
        {
            string? text = Header(response, name);
            return text != null && DateTime.TryParseExact(text, "R", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime at)
                ? DateTime.SpecifyKind(at, DateTimeKind.Utc)
                : null;
        }

        private static void SetIf(HttpMessage message, string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                message.Request.Headers.SetValue(name, value!);
            }
        }

        private static BatchServiceException Failure(Response response) =>
            new BatchServiceException(response.Status, ReadError(response), Header(response, "request-id"));

        private static string JobPath(string jobId)
        {
            if (string.IsNullOrEmpty(jobId))
            {
                throw new ArgumentException("The job id is empty.", nameof(jobId));
            }

            return "jobs/" + Uri.EscapeDataString(jobId);
        }

        private static string TaskPath(string jobId, string taskId)
        {
            if (string.IsNullOrEmpty(taskId))
            {
                throw new ArgumentException("The task id is empty.", nameof(taskId));
            }

            return JobPath(jobId) + "/tasks/" + Uri.EscapeDataString(taskId);
        }

        private static string Query(params (string Name, string? Value)[] parameters)
        {
            var text = new StringBuilder();
            foreach ((string name, string? value) in parameters)
            {
                if (!string.IsNullOrEmpty(value))
                {
                    text.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value!));
                }
            }

            return text.ToString();
        }

        private HttpMessage NewMessage(RequestMethod method, string path, string query) =>
            NewMessage(method, new Uri(Endpoint, path + "?api-version=" + Uri.EscapeDataString(ApiVersion) + query));

        private HttpMessage NewMessage(RequestMethod method, Uri uri)
        {
            HttpMessage message = _pipeline.CreateMessage();
            message.Request.Method = method;
            message.Request.Uri.Reset(uri);
            message.Request.Headers.SetValue("Accept", "application/json");
            return message;
        }

        private void Send(HttpMessage message, CancellationToken cancellationToken)
        {
            try
            {
                _pipeline.Send(message, cancellationToken);
            }
            catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
            {
                throw new BatchServiceException(0, new BatchError("ServiceUnreachable", Unreachable(e)), null, e);
            }
        }

        /// <summary>
        /// A request that got no answer: the transport's RequestFailedException (status 0) or IOException, or the
        /// AggregateException Azure.Core's RetryPolicy throws when every attempt failed so.
        /// </summary>
        private static bool IsConnectionFailure(Exception e, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            if (e is AggregateException all)
            {
                foreach (Exception inner in all.InnerExceptions)
                {
                    if (!IsConnectionFailure(inner, cancellationToken))
                    {
                        return false;
                    }
                }

                return true;
            }

            return (e is RequestFailedException failed && failed.Status == 0) || e is IOException || e is System.Net.Http.HttpRequestException ||
                e is OperationCanceledException; // the caller's token is not cancelled: Azure.Core's network timeout
        }

        private static string Unreachable(Exception e)
        {
            Exception last = e is AggregateException all && all.InnerExceptions.Count > 0 ? all.InnerExceptions[all.InnerExceptions.Count - 1] : e;
            return "No answer from the Batch service: " + last.Message;
        }
    }

    /// <summary>The answer to one add-collection request: results (200), or the status and error.</summary>
    internal sealed class AddCollectionAnswer
    {
        public AddCollectionAnswer(int status, IReadOnlyList<TaskAddResult>? results, BatchError? error, string? requestId, Exception? failure)
        {
            Status = status;
            Results = results;
            Error = error;
            RequestId = requestId;
            Failure = failure;
        }

        public int Status { get; }

        public IReadOnlyList<TaskAddResult>? Results { get; }

        public BatchError? Error { get; }

        public string? RequestId { get; }

        public Exception? Failure { get; }
    }
}
