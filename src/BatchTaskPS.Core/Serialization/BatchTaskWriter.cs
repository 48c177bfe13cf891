using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.IO;
using System.Text;
using System.Text.Json;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization.Wire;

namespace BatchTaskPS.Serialization
{
    /// <summary>Which body a task is written as.</summary>
    public enum TaskShape
    {
        /// <summary>Every set property, as the reference's <c>serialize()</c> (a GET response).</summary>
        Full,

        /// <summary>Only what the add-task body takes (no url, eTag, state, times, executionInfo, nodeInfo, stats).</summary>
        Create,

        /// <summary>The update (PUT) body: <c>{"constraints": ...}</c> only.</summary>
        Update,
    }

    /// <summary>How a <see cref="BatchTaskWriter"/> writes.</summary>
    public sealed class BatchTaskWriterOptions
    {
        public TaskShape Shape { get; set; } = TaskShape.Full;

        public KeyStyle KeyStyle { get; set; } = KeyStyle.Rest;

        /// <summary>Two-space indentation instead of compact output.</summary>
        public bool Indented { get; set; }

        /// <summary>Write unknown properties back (default). False is the reference's behaviour.</summary>
        public bool IncludeAdditionalProperties { get; set; } = true;

        /// <summary>Mask registry passwords and SAS query values (for logs; the service needs the real JSON).</summary>
        public bool RedactSecrets { get; set; }
    }

    /// <summary>
    /// Writes tasks as the service's REST JSON (or with the reference's attribute names, or .NET names),
    /// compact or indented, in the Full, Create or Update shape; or as ordered dictionary trees.
    /// Instances hold only options and may be shared between threads.
    /// </summary>
    public sealed class BatchTaskWriter
    {
        private static readonly byte[] s_newline = { (byte)'\n' };
        private static readonly PropertyDescriptor<CloudTask>[] s_createOrder = CreateOrder();
        private static readonly PropertyDescriptor<CloudTask> s_constraints =
            (PropertyDescriptor<CloudTask>)CloudTask.Metadata.FindProperty("constraints")!;

        private readonly WriteContext _context;

        public BatchTaskWriter()
            : this(null)
        {
        }

        public BatchTaskWriter(BatchTaskWriterOptions? options)
        {
            Options = options ?? new BatchTaskWriterOptions();
            _context = new WriteContext
            {
                KeyStyle = Options.KeyStyle,
                IncludeAdditional = Options.IncludeAdditionalProperties,
                RedactSecrets = Options.RedactSecrets,
            };
        }

        public BatchTaskWriterOptions Options { get; }

        [ThreadStatic]
        private static JsonSink? t_sink;

        /// <summary>Writes one task as JSON text.</summary>
        public string Write(CloudTask task)
        {
            JsonSink sink = RentSink();
            WriteTo(sink, task);
            return sink.ToString();
        }

        /// <summary>Writes one task as UTF-8 bytes.</summary>
        public byte[] WriteUtf8(CloudTask task)
        {
            JsonSink sink = RentSink();
            WriteTo(sink, task);
            return sink.ToArray();
        }

        /// <summary>This thread's in-memory sink, emptied (one task at a time: nothing here is re-entrant).</summary>
        private JsonSink RentSink()
        {
            JsonSink sink = t_sink ??= new JsonSink(4096);
            sink.Reset();
            sink.Indented = Options.Indented;
            return sink;
        }

        /// <summary>Writes one task to a stream as UTF-8 (no byte order mark).</summary>
        public void Write(CloudTask task, Stream stream)
        {
            if (stream == null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            JsonSink sink = RentSink();
            WriteTo(sink, task);
            sink.CopyTo(stream);
        }

        /// <summary>Writes tasks as one JSON array, streaming as it goes.</summary>
        public void WriteArray(IEnumerable<CloudTask> tasks, Stream stream)
        {
            using var sink = NewSink(stream);
            sink.StartArray();
            foreach (CloudTask task in tasks)
            {
                WriteTo(sink, task);
                sink.FlushIfLarge();
            }

            sink.EndArray();
            sink.Flush();
        }

        /// <summary>Writes tasks as newline-delimited JSON (always compact, one task per line).</summary>
        public void WriteLines(IEnumerable<CloudTask> tasks, Stream stream)
        {
            using var sink = new JsonSink(1 << 16, stream);
            foreach (CloudTask task in tasks)
            {
                sink.NewDocument();
                WriteTo(sink, task);
                sink.RawBytes(s_newline);
                sink.FlushIfLarge();
            }

            sink.Flush();
        }

        /// <summary>The same output as an ordered dictionary tree in this writer's key style (the reference's <c>as_dict</c>).</summary>
        public OrderedDictionary ToDictionary(CloudTask task)
        {
            byte[] json = WriteUtf8(task);
            var r = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 1000 });
            r.Read();
            return (OrderedDictionary)DictionaryTree.ReadTree(ref r)!;
        }

        /// <summary>Writes any model object (a nested type) in this writer's key style.</summary>
        public string WriteModel(BatchModel model)
        {
            using var sink = NewSink(null);
            model.Info.WriteModel(sink, model, _context);
            return sink.ToString();
        }

        internal void WriteTo(JsonSink sink, CloudTask task)
        {
            if (task == null)
            {
                throw new ArgumentNullException(nameof(task));
            }

            switch (Options.Shape)
            {
                case TaskShape.Full:
                    CloudTask.Metadata.WriteObject(sink, task, _context);
                    break;
                case TaskShape.Create:
                    WriteCreate(sink, task);
                    break;
                case TaskShape.Update:
                    sink.StartObject();
                    if (task.Constraints != null)
                    {
                        sink.Name(s_constraints.EncodedNames[(int)_context.KeyStyle]);
                        s_constraints.Write(sink, task, _context);
                    }

                    sink.EndObject();
                    break;
            }
        }

        /// <summary>The add-task body, in the reference's TaskAddParameter order.</summary>
        private void WriteCreate(JsonSink sink, CloudTask task)
        {
            sink.StartObject();
            int style = (int)_context.KeyStyle;
            foreach (PropertyDescriptor<CloudTask> p in s_createOrder)
            {
                p.WriteIfSet(sink, task, _context, p.EncodedNames[style]);
            }

            CloudTask.Metadata.WriteAdditional(sink, task, _context, skipAnnotations: true);
            sink.EndObject();
        }

        private JsonSink NewSink(Stream? stream) => new JsonSink(stream == null ? 4096 : 1 << 16, stream) { Indented = Options.Indented };

        /// <summary>
        /// The properties a client sends (not server-owned), in the add-task body's order; equal orders keep the table's
        /// order (a stable insertion sort of about 30 items). Plain loops, not LINQ: this runs before a fresh process
        /// writes its first task, and LINQ's OrderBy cost that first task 3-5 ms of loading (issue 16).
        /// </summary>
        private static PropertyDescriptor<CloudTask>[] CreateOrder()
        {
            var sent = new List<PropertyDescriptor<CloudTask>>();
            foreach (PropertyDescriptor<CloudTask> p in CloudTask.Metadata.TypedProperties)
            {
                if (p.ServerOwned)
                {
                    continue;
                }

                int at = sent.Count;
                while (at > 0 && sent[at - 1].CreateOrder > p.CreateOrder)
                {
                    at--;
                }

                sent.Insert(at, p);
            }

            return sent.ToArray();
        }
    }
}
