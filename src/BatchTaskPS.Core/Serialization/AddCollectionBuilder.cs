using System;
using System.Collections.Generic;
using System.Text;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization.Wire;

namespace BatchTaskPS.Serialization
{
    /// <summary>One add-collection request body: <c>{"value":[...]}</c> with the Create shape of its tasks.</summary>
    public sealed class AddCollectionBody
    {
        internal AddCollectionBody(int number, byte[] utf8, IReadOnlyList<string> taskIds)
        {
            Number = number;
            Utf8 = utf8;
            TaskIds = taskIds;
        }

        /// <summary>1-based number of the body in the order bodies were completed.</summary>
        public int Number { get; }

        /// <summary>The body as UTF-8 bytes, ready to send.</summary>
        public byte[] Utf8 { get; }

        /// <summary>Size of the body in UTF-8 bytes.</summary>
        public int ByteCount => Utf8.Length;

        /// <summary>Ids of the tasks in the body, in order.</summary>
        public IReadOnlyList<string> TaskIds { get; }

        public int TaskCount => TaskIds.Count;

        /// <summary>The body as JSON text.</summary>
        public string Json => Encoding.UTF8.GetString(Utf8);

        public override string ToString() => "add-collection body " + Number + ": " + TaskCount + " tasks, " + ByteCount + " bytes";
    }

    /// <summary>Why a task was not put in a body.</summary>
    public enum AddCollectionRejection
    {
        /// <summary>The task alone is too large for any body (rest-spec B2).</summary>
        TaskTooLarge,

        /// <summary>Another task of the same body has the same id, ignoring case (B3, T4).</summary>
        DuplicateTaskId,

        /// <summary>The task has no id.</summary>
        MissingTaskId,
    }

    /// <summary>A task left out of the bodies, and why.</summary>
    public sealed class AddCollectionRejectedTask
    {
        internal AddCollectionRejectedTask(CloudTask task, AddCollectionRejection reason, string message)
        {
            Task = task;
            Reason = reason;
            Message = message;
        }

        public CloudTask Task { get; }

        public AddCollectionRejection Reason { get; }

        public string Message { get; }
    }

    /// <summary>
    /// Groups tasks into add-collection bodies as they arrive: at most 100 tasks and fewer than
    /// 1,000,000 UTF-8 bytes each (rest-spec B1, B2), task ids unique within a body ignoring case (B3).
    /// A body is handed out as soon as the next task would not fit, so memory holds one body at most.
    /// Dispose it when done: that returns its pooled write buffer.
    /// </summary>
    public sealed class AddCollectionBuilder : IDisposable
    {
        /// <summary>The service's limit on tasks per request.</summary>
        public const int ServiceMaxTasks = 100;

        /// <summary>The service's limit on a request body, read as bytes strictly below 1,000,000.</summary>
        public const int ServiceMaxBytes = 1_000_000;

        private static readonly byte[] s_open = Encoding.ASCII.GetBytes("{\"value\":[");
        private static readonly byte[] s_close = Encoding.ASCII.GetBytes("]}");

        private readonly BatchTaskWriter _writer;
        private readonly JsonSink _task = new JsonSink(4096);
        private readonly List<byte[]> _pending = new List<byte[]>();
        private readonly List<string> _ids = new List<string>();
        private readonly HashSet<string> _idSet = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        private int _pendingBytes;
        private int _bodies;

        /// <param name="maxTasks">Tasks per body (1 to 100).</param>
        /// <param name="maxBytes">A body's size stays strictly below this (at most 1,000,000).</param>
        /// <param name="includeAdditionalProperties">Write unknown nested properties (OData annotations are never written).</param>
        public AddCollectionBuilder(int maxTasks = ServiceMaxTasks, int maxBytes = ServiceMaxBytes, bool includeAdditionalProperties = true)
        {
            if (maxTasks < 1 || maxTasks > ServiceMaxTasks)
            {
                throw new ArgumentOutOfRangeException(nameof(maxTasks), "An add-collection body holds 1 to " + ServiceMaxTasks + " tasks.");
            }

            if (maxBytes < 64 || maxBytes > ServiceMaxBytes)
            {
                throw new ArgumentOutOfRangeException(nameof(maxBytes), "An add-collection body must stay below " + ServiceMaxBytes + " bytes.");
            }

            MaxTasks = maxTasks;
            MaxBytes = maxBytes;
            _writer = new BatchTaskWriter(new BatchTaskWriterOptions { Shape = TaskShape.Create, IncludeAdditionalProperties = includeAdditionalProperties });
        }

        public int MaxTasks { get; }

        public int MaxBytes { get; }

        /// <summary>Tasks waiting in the body being filled.</summary>
        public int PendingCount => _pending.Count;

        /// <summary>
        /// Adds a task. Returns a completed body when this task did not fit in the one being filled
        /// (the task then starts the next one), else null. A task that cannot go in any body is
        /// reported through <paramref name="rejected"/> and changes nothing.
        /// </summary>
        public AddCollectionBody? Add(CloudTask task, out AddCollectionRejectedTask? rejected)
        {
            if (task == null)
            {
                throw new ArgumentNullException(nameof(task));
            }

            rejected = null;
            if (string.IsNullOrEmpty(task.Id))
            {
                rejected = new AddCollectionRejectedTask(task, AddCollectionRejection.MissingTaskId, "The task has no id, which an add-collection body requires.");
                return null;
            }

            _task.Reset();
            _writer.WriteTo(_task, task);
            int size = _task.Length;
            if (s_open.Length + size + s_close.Length >= MaxBytes)
            {
                rejected = new AddCollectionRejectedTask(task, AddCollectionRejection.TaskTooLarge,
                    "Task '" + task.Id + "' is " + size + " bytes as JSON; with the body's wrapping it does not fit below " + MaxBytes + " bytes.");
                return null;
            }

            AddCollectionBody? completed = null;
            if (_pending.Count == MaxTasks || s_open.Length + _pendingBytes + _pending.Count + size + s_close.Length >= MaxBytes)
            {
                completed = Flush();
            }

            if (!_idSet.Add(task.Id!))
            {
                rejected = new AddCollectionRejectedTask(task, AddCollectionRejection.DuplicateTaskId,
                    "Task id '" + task.Id + "' is already in this add-collection body (ids are compared ignoring case).");
                return completed;
            }

            _pending.Add(_task.ToArray());
            _ids.Add(task.Id!);
            _pendingBytes += size;
            return completed;
        }

        /// <summary>Completes the body being filled (null when it is empty).</summary>
        public AddCollectionBody? Complete() => _pending.Count == 0 ? null : Flush();

        /// <summary>Returns the pooled buffer a task is written into; bodies already handed out stay valid.</summary>
        public void Dispose() => _task.Dispose();

        private AddCollectionBody Flush()
        {
            byte[] body = new byte[s_open.Length + _pendingBytes + (_pending.Count - 1) + s_close.Length];
            int at = 0;
            Buffer.BlockCopy(s_open, 0, body, at, s_open.Length);
            at += s_open.Length;
            for (int k = 0; k < _pending.Count; k++)
            {
                if (k > 0)
                {
                    body[at++] = (byte)',';
                }

                Buffer.BlockCopy(_pending[k], 0, body, at, _pending[k].Length);
                at += _pending[k].Length;
            }

            Buffer.BlockCopy(s_close, 0, body, at, s_close.Length);
            var result = new AddCollectionBody(++_bodies, body, _ids.ToArray());
            _pending.Clear();
            _ids.Clear();
            _idSet.Clear();
            _pendingBytes = 0;
            return result;
        }
    }
}
