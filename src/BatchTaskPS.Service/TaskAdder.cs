using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BatchTaskPS.Comparison;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;

namespace BatchTaskPS.Service
{
    /// <summary>Options of a <see cref="TaskAdder"/>.</summary>
    public sealed class TaskAdderOptions
    {
        /// <summary>Add-collection requests in flight at once (1 to 64).</summary>
        public int MaxRequestsInFlight { get; set; } = 1;

        /// <summary>How often a task the service answered ServerError for (or a whole request that failed) is sent again.</summary>
        public int MaxTaskRetries { get; set; } = 4;

        /// <summary>First back-off before sending failed tasks again; it doubles each time, up to <see cref="MaxRetryDelay"/>.</summary>
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Tasks per request (1 to 100).</summary>
        public int MaxTasksPerRequest { get; set; } = AddCollectionBuilder.ServiceMaxTasks;

        /// <summary>A request body stays below this many bytes (at most 1,000,000).</summary>
        public int MaxBytesPerRequest { get; set; } = AddCollectionBuilder.ServiceMaxBytes;

        /// <summary>
        /// When the service answers TaskExists, read the task back (one GET) and compare it with the task sent (the core's
        /// <see cref="BatchTaskPS.Comparison.TaskComparer"/>, server-owned properties left out, an absent value equal to
        /// the service's default). The same task: a Success with <see cref="TaskAddResult.AddedEarlier"/> (an earlier
        /// request whose answer was lost added it); a different one, or none: the ClientError TaskExists stands.
        /// Off by default (a TaskExists is then always a ClientError).
        /// </summary>
        public bool ConfirmExistingTasks { get; set; }
    }

    /// <summary>Counts of the work a <see cref="TaskAdder"/> did.</summary>
    public sealed class TaskAdderStatistics
    {
        private long _requests;
        private long _resent;
        private long _splits;
        private long _confirmed;

        /// <summary>Add-collection requests answered or failed (each counted once, however often the pipeline retried it).</summary>
        public long Requests => Interlocked.Read(ref _requests);

        /// <summary>Tasks sent again after a ServerError result or a failed request.</summary>
        public long TasksResent => Interlocked.Read(ref _resent);

        /// <summary>Requests split in two after 413 RequestBodyTooLarge.</summary>
        public long Splits => Interlocked.Read(ref _splits);

        /// <summary>TaskExists answers whose task was read back and found to be the one sent (<see cref="TaskAddResult.AddedEarlier"/>).</summary>
        public long TasksAddedEarlier => Interlocked.Read(ref _confirmed);

        internal void Confirmed() => Interlocked.Increment(ref _confirmed);

        internal void Request() => Interlocked.Increment(ref _requests);

        internal void Resent(int count) => Interlocked.Add(ref _resent, count);

        internal void Split() => Interlocked.Increment(ref _splits);
    }

    /// <summary>
    /// Adds any number of tasks to one job through add-collection requests: tasks are packed as they come by the core's
    /// <see cref="AddCollectionBuilder"/> (at most 100 tasks and under 1 MB a request), up to
    /// <see cref="TaskAdderOptions.MaxRequestsInFlight"/> requests run at once, and <see cref="Add"/> waits when they all
    /// are busy, so memory holds only the requests in flight. The service's results come back in any order and are handed
    /// out through <see cref="TryTake"/> and <see cref="Complete"/>, one per task:
    /// tasks answered ServerError, and requests that failed (429 and 5xx after the pipeline's own retries, dropped
    /// connections), are sent again with back-off; a 413 RequestBodyTooLarge splits the request in two.
    /// A task that was added by a request whose answer was lost comes back TaskExists when it is sent again.
    /// </summary>
    public sealed class TaskAdder : IDisposable
    {
        private static readonly TaskComparerOptions s_ignoreServer = new TaskComparerOptions { IgnoreServerProperties = true };
        private readonly BatchServiceClient _client;
        private readonly string _jobId;
        private readonly TaskAdderOptions _options;
        private readonly AddCollectionBuilder _builder;
        private readonly SemaphoreSlim _slots;
        private readonly BlockingCollection<TaskAddResult> _results = new BlockingCollection<TaskAddResult>();
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private readonly object _gate = new object();
        private List<CloudTask> _pending = new List<CloudTask>();
        private int _running;
        private bool _completing;
        private bool _disposed;

        internal TaskAdder(BatchServiceClient client, string jobId, TaskAdderOptions options)
        {
            if (string.IsNullOrEmpty(jobId))
            {
                throw new ArgumentException("The job id is empty.", nameof(jobId));
            }

            if (options.MaxRequestsInFlight < 1 || options.MaxRequestsInFlight > 64)
            {
                throw new ArgumentOutOfRangeException(nameof(options), "MaxRequestsInFlight is 1 to 64.");
            }

            if (options.MaxTaskRetries < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(options), "MaxTaskRetries is 0 or more.");
            }

            _client = client;
            _jobId = jobId;
            _options = options;
            _builder = new AddCollectionBuilder(options.MaxTasksPerRequest, options.MaxBytesPerRequest);
            _slots = new SemaphoreSlim(options.MaxRequestsInFlight, options.MaxRequestsInFlight);
        }

        public TaskAdderStatistics Statistics { get; } = new TaskAdderStatistics();

        /// <summary>Requests in flight now.</summary>
        public int RequestsInFlight => Volatile.Read(ref _running);

        /// <summary>
        /// Queues a task. When it completes a request body, the request is sent, after waiting for a free slot
        /// (so this call can block while <see cref="TaskAdderOptions.MaxRequestsInFlight"/> requests run).
        /// A task that cannot be sent (no id, too large, its id already in the same body) gets a NotSent result.
        /// </summary>
        public void Add(CloudTask task, CancellationToken cancellationToken = default)
        {
            if (task == null)
            {
                throw new ArgumentNullException(nameof(task));
            }

            if (_completing)
            {
                throw new InvalidOperationException("Complete was called: no more tasks can be added.");
            }

            AddCollectionBody? body = _builder.Add(task, out AddCollectionRejectedTask? rejected);
            if (body != null)
            {
                List<CloudTask> tasks = _pending;
                _pending = new List<CloudTask>();
                Start(tasks, body.Utf8, cancellationToken);
            }

            if (rejected != null)
            {
                string code = rejected.Reason switch
                {
                    AddCollectionRejection.TaskTooLarge => "TaskTooLargeForCollection",
                    AddCollectionRejection.DuplicateTaskId => "DuplicateTaskIdInCollection",
                    _ => "MissingTaskId",
                };
                Emit(new TaskAddResult(task.Id ?? string.Empty, TaskAddStatus.NotSent, null, null, null, new BatchError(code, rejected.Message), 0));
            }
            else
            {
                _pending.Add(task);
            }
        }

        /// <summary>A result that has arrived, if any (never waits).</summary>
        public bool TryTake(out TaskAddResult result) => _results.TryTake(out result!);

        /// <summary>
        /// Sends what is still queued and hands out every remaining result as it arrives; the enumeration ends when
        /// all requests are done.
        /// </summary>
        public IEnumerable<TaskAddResult> Complete(CancellationToken cancellationToken = default)
        {
            if (!_completing)
            {
                AddCollectionBody? body = _builder.Complete();
                if (body != null)
                {
                    List<CloudTask> tasks = _pending;
                    _pending = new List<CloudTask>();
                    Start(tasks, body.Utf8, cancellationToken);
                }

                lock (_gate)
                {
                    _completing = true;
                    if (_running == 0)
                    {
                        _results.CompleteAdding();
                    }
                }
            }

            return _results.GetConsumingEnumerable(cancellationToken);
        }

        /// <summary>Stops waiting: requests in flight are cancelled. Results not yet handed out are lost.</summary>
        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _cancel.Cancel();
            _builder.Dispose();
        }

        private void Start(List<CloudTask> tasks, byte[] body, CancellationToken cancellationToken)
        {
            _slots.Wait(cancellationToken);
            lock (_gate)
            {
                _running++;
            }

            CancellationToken token = _cancel.Token;
            _ = Task.Run(async () =>
            {
                try
                {
                    await SendWithRetriesAsync(tasks, body, token).ConfigureAwait(false);
                }
                catch (Exception e) when (!(e is OutOfMemoryException))
                {
                    foreach (CloudTask t in tasks)
                    {
                        Emit(new TaskAddResult(t.Id ?? string.Empty, TaskAddStatus.ServerError, null, null, null, new BatchError("ClientFailure", e.Message), 0));
                    }
                }
                finally
                {
                    _slots.Release();
                    lock (_gate)
                    {
                        _running--;
                        if (_running == 0 && _completing)
                        {
                            _results.CompleteAdding();
                        }
                    }
                }
            }, CancellationToken.None);
        }

        private void Emit(TaskAddResult result) => _results.Add(result, CancellationToken.None);

        private async Task SendWithRetriesAsync(List<CloudTask> tasks, byte[]? body, CancellationToken token)
        {
            var attempts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            List<CloudTask> toSend = tasks;
            for (int round = 0; ; round++)
            {
                foreach (CloudTask t in toSend)
                {
                    attempts[t.Id!] = round + 1;
                }

                var outcome = new List<(CloudTask Task, TaskAddResult Result)>();
                await SendSplittingAsync(toSend, body, outcome, token).ConfigureAwait(false);
                body = null;
                var failed = new List<CloudTask>();
                foreach ((CloudTask task, TaskAddResult result) in outcome)
                {
                    if (result.Status == TaskAddStatus.ServerError && round < _options.MaxTaskRetries)
                    {
                        failed.Add(task);
                    }
                    else if (_options.ConfirmExistingTasks && result.Status == TaskAddStatus.ClientError && result.Error?.Code == "TaskExists")
                    {
                        Emit(await ConfirmAsync(task, result, attempts[task.Id!], token).ConfigureAwait(false));
                    }
                    else
                    {
                        Emit(new TaskAddResult(result.TaskId, result.Status, result.ETag, result.LastModified, result.Location, result.Error, attempts[task.Id!]));
                    }
                }

                if (failed.Count == 0)
                {
                    return;
                }

                Statistics.Resent(failed.Count);
                double ms = Math.Min(_options.MaxRetryDelay.TotalMilliseconds, _options.RetryDelay.TotalMilliseconds * Math.Pow(2, round));
                if (ms > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(ms), token).ConfigureAwait(false);
                }

                toSend = failed;
            }
        }

        /// <summary>
        /// A TaskExists answer: the task the service holds is read back; when it is the task sent (server-owned properties
        /// left out, absent values equal to the service's defaults), an earlier request of ours added it and its answer was
        /// lost: Success, AddedEarlier. Otherwise (another definition, gone again, or not readable) the TaskExists stands.
        /// </summary>
        private async Task<TaskAddResult> ConfirmAsync(CloudTask sent, TaskAddResult result, int attempts, CancellationToken token)
        {
            var refused = new TaskAddResult(result.TaskId, result.Status, result.ETag, result.LastModified, result.Location, result.Error, attempts);
            BatchTaskResponse? existing;
            try
            {
                existing = await _client.GetTaskOrNullAsync(_jobId, sent.Id!, token).ConfigureAwait(false);
            }
            catch (BatchServiceException)
            {
                return refused;
            }

            if (existing == null || !TaskComparer.AreEquivalent(sent, existing.Task, s_ignoreServer))
            {
                return refused;
            }

            Statistics.Confirmed();
            return new TaskAddResult(result.TaskId, TaskAddStatus.Success, existing.ETag ?? existing.Task.ETag, existing.Task.LastModified ?? existing.LastModified,
                existing.Task.Url, null, attempts, addedEarlier: true);
        }

        /// <summary>Sends the tasks (in one request, or more after 413) and collects one result per task.</summary>
        private async Task SendSplittingAsync(List<CloudTask> tasks, byte[]? body, List<(CloudTask, TaskAddResult)> outcome, CancellationToken token)
        {
            body ??= Pack(tasks);
            AddCollectionAnswer answer = await _client.SendAddCollectionAsync(_jobId, body, token).ConfigureAwait(false);
            Statistics.Request();
            if (answer.Results != null)
            {
                var byId = new Dictionary<string, TaskAddResult>(StringComparer.OrdinalIgnoreCase);
                foreach (TaskAddResult r in answer.Results)
                {
                    byId[r.TaskId] = r;
                }

                foreach (CloudTask t in tasks)
                {
                    outcome.Add((t, byId.TryGetValue(t.Id!, out TaskAddResult? r)
                        ? r
                        : new TaskAddResult(t.Id!, TaskAddStatus.ServerError, null, null, null, new BatchError("MissingResult", "The service's answer has no result for this task."))));
                }

                return;
            }

            if (answer.Status == 413 && tasks.Count > 1)
            {
                Statistics.Split();
                int half = tasks.Count / 2;
                await SendSplittingAsync(tasks.GetRange(0, half), null, outcome, token).ConfigureAwait(false);
                await SendSplittingAsync(tasks.GetRange(half, tasks.Count - half), null, outcome, token).ConfigureAwait(false);
                return;
            }

            // 0 (no answer), 408, 429 and 5xx: the service may try again later; any other status refuses the request as it is.
            bool retriable = answer.Status == 0 || answer.Status == 408 || answer.Status == 429 || answer.Status >= 500;
            foreach (CloudTask t in tasks)
            {
                outcome.Add((t, new TaskAddResult(t.Id!, retriable ? TaskAddStatus.ServerError : TaskAddStatus.ClientError, null, null, null, answer.Error)));
            }
        }

        private byte[] Pack(List<CloudTask> tasks)
        {
            // The tasks came out of one body, so they fit in one again (each alone fits, fewer of them fit together).
            using var builder = new AddCollectionBuilder(Math.Max(1, tasks.Count), _options.MaxBytesPerRequest);
            foreach (CloudTask t in tasks)
            {
                if (builder.Add(t, out _) != null)
                {
                    throw new InvalidOperationException("Tasks of one request no longer fit in one request body.");
                }
            }

            return builder.Complete()!.Utf8;
        }
    }
}
