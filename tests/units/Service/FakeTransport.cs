using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace BatchTaskPS.Tests.Service
{
    /// <summary>What the fake transport saw of one request (after every pipeline policy ran).</summary>
    internal sealed class SeenRequest
    {
        public required string Method { get; init; }

        public required Uri Uri { get; init; }

        public required Dictionary<string, string> Headers { get; init; }

        public required byte[] Body { get; init; }

        public string BodyText => Encoding.UTF8.GetString(Body);
    }

    /// <summary>A canned answer.</summary>
    internal sealed class FakeAnswer
    {
        public int Status { get; init; } = 200;

        public Dictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public string Body { get; init; } = string.Empty;

        /// <summary>Throw this instead of answering (a dropped connection).</summary>
        public Exception? Throw { get; init; }
    }

    /// <summary>An in-memory Azure.Core transport: no socket, any scheme (https included), answers from a function.</summary>
    internal sealed class FakeTransport : HttpPipelineTransport
    {
        private readonly Func<SeenRequest, FakeAnswer> _answer;

        public FakeTransport(Func<SeenRequest, FakeAnswer> answer)
        {
            _answer = answer;
        }

        public List<SeenRequest> Seen { get; } = new List<SeenRequest>();

        public override Request CreateRequest() => new FakeRequest();

        public override void Process(HttpMessage message)
        {
            var request = (FakeRequest)message.Request;
            byte[] body = Array.Empty<byte>();
            if (request.Content != null)
            {
                using var buffer = new MemoryStream();
                request.Content.WriteTo(buffer, message.CancellationToken);
                body = buffer.ToArray();
            }

            var seen = new SeenRequest
            {
                Method = request.Method.Method,
                Uri = request.Uri.ToUri(),
                Headers = request.AllHeaders.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase),
                Body = body,
            };
            FakeAnswer answer;
            lock (Seen)
            {
                Seen.Add(seen);
                answer = _answer(seen);
            }

            if (answer.Throw != null)
            {
                throw answer.Throw;
            }

            message.Response = new FakeResponse(answer, request.ClientRequestId);
        }

        public override ValueTask ProcessAsync(HttpMessage message)
        {
            Process(message);
            return default;
        }

        private sealed class FakeRequest : Request
        {
            public readonly Dictionary<string, string> AllHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

            public override string ClientRequestId { get; set; } = Guid.NewGuid().ToString();

            public override void Dispose()
            {
            }

            protected override void AddHeader(string name, string value) =>
                AllHeaders[name] = AllHeaders.TryGetValue(name, out string? old) ? old + "," + value : value;

            protected override bool ContainsHeader(string name) => AllHeaders.ContainsKey(name);

            protected override IEnumerable<HttpHeader> EnumerateHeaders() => AllHeaders.Select(h => new HttpHeader(h.Key, h.Value)).ToList();

            protected override bool RemoveHeader(string name) => AllHeaders.Remove(name);

            protected override void SetHeader(string name, string value) => AllHeaders[name] = value;

            protected override bool TryGetHeader(string name, out string value) => AllHeaders.TryGetValue(name, out value!);

            protected override bool TryGetHeaderValues(string name, out IEnumerable<string> values)
            {
                bool found = AllHeaders.TryGetValue(name, out string? value);
                values = found ? new[] { value! } : Array.Empty<string>();
                return found;
            }
        }

        private sealed class FakeResponse : Response
        {
            private readonly FakeAnswer _answer;

            public FakeResponse(FakeAnswer answer, string clientRequestId)
            {
                _answer = answer;
                ClientRequestId = clientRequestId;
                ContentStream = new MemoryStream(Encoding.UTF8.GetBytes(answer.Body));
            }

            public override int Status => _answer.Status;

            public override string ReasonPhrase => string.Empty;

            public override Stream? ContentStream { get; set; }

            public override string ClientRequestId { get; set; }

            public override void Dispose()
            {
            }

            protected override bool ContainsHeader(string name) => _answer.Headers.ContainsKey(name);

            protected override IEnumerable<HttpHeader> EnumerateHeaders() => _answer.Headers.Select(h => new HttpHeader(h.Key, h.Value)).ToList();

            protected override bool TryGetHeader(string name, out string value) => _answer.Headers.TryGetValue(name, out value!);

            protected override bool TryGetHeaderValues(string name, out IEnumerable<string> values)
            {
                bool found = _answer.Headers.TryGetValue(name, out string? value);
                values = found ? new[] { value! } : Array.Empty<string>();
                return found;
            }
        }
    }
}
