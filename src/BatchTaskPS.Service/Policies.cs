using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace BatchTaskPS.Service
{
    /// <summary>
    /// Signs each attempt of a request with the account's Shared Key, as the Batch service documents it
    /// ("Authenticate requests to the Azure Batch service"): <c>Authorization: SharedKey &lt;account&gt;:&lt;signature&gt;</c>,
    /// the signature being Base64(HMAC-SHA256(key, UTF-8(string to sign))) with
    /// <code>
    /// VERB \n Content-Encoding \n Content-Language \n Content-Length \n Content-MD5 \n Content-Type \n Date \n
    /// If-Modified-Since \n If-Match \n If-None-Match \n If-Unmodified-Since \n Range \n
    /// CanonicalizedHeaders CanonicalizedResource
    /// </code>
    /// An <c>ocp-date</c> header carries the time, so Date is signed as empty. Content-Length is the body's length
    /// (empty when there is no body). CanonicalizedHeaders: every <c>ocp-</c> header, name in lower case, sorted,
    /// as <c>name:value\n</c>. CanonicalizedResource: <c>/account/path</c> (the path as sent), then for each query
    /// parameter sorted by its lower-case name <c>\nname:decoded value</c>.
    /// </summary>
    internal sealed class BatchSharedKeyPolicy : HttpPipelineSynchronousPolicy
    {
        private readonly string _account;
        private readonly byte[] _key;

        public BatchSharedKeyPolicy(string account, byte[] key)
        {
            _account = account;
            _key = key;
        }

        /// <summary>The clock for ocp-date (a test sets it to sign a known request).</summary>
        internal Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

        public override void OnSendingRequest(HttpMessage message)
        {
            Request request = message.Request;
            request.Headers.SetValue("ocp-date", Now().UtcDateTime.ToString("R", CultureInfo.InvariantCulture));
            long? length = null;
            if (request.Content != null && request.Content.TryComputeLength(out long computed))
            {
                length = computed;
            }

            string toSign = StringToSign(request.Method.Method, request.Uri.ToUri(), request.Headers, length, _account);
            request.Headers.SetValue("Authorization", "SharedKey " + _account + ":" + Sign(_key, toSign));
        }

        internal static string Sign(byte[] key, string stringToSign)
        {
            using var hmac = new HMACSHA256(key);
            return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
        }

        internal static string StringToSign(string method, Uri uri, RequestHeaders headers, long? contentLength, string account)
        {
            var text = new StringBuilder(256);
            text.Append(method.ToUpperInvariant()).Append('\n');
            AppendHeader(text, headers, "Content-Encoding");
            AppendHeader(text, headers, "Content-Language");
            text.Append(contentLength.HasValue ? contentLength.Value.ToString(CultureInfo.InvariantCulture) : string.Empty).Append('\n');
            AppendHeader(text, headers, "Content-MD5");
            AppendHeader(text, headers, "Content-Type");
            text.Append('\n'); // Date: empty, the time is in ocp-date
            AppendHeader(text, headers, "If-Modified-Since");
            AppendHeader(text, headers, "If-Match");
            AppendHeader(text, headers, "If-None-Match");
            AppendHeader(text, headers, "If-Unmodified-Since");
            AppendHeader(text, headers, "Range");

            var ocp = new List<KeyValuePair<string, string>>();
            foreach (HttpHeader header in headers)
            {
                if (header.Name.StartsWith("ocp-", StringComparison.OrdinalIgnoreCase))
                {
                    ocp.Add(new KeyValuePair<string, string>(header.Name.ToLowerInvariant(), header.Value.Replace('\r', ' ').Replace('\n', ' ').TrimStart(' ')));
                }
            }

            ocp.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            foreach (KeyValuePair<string, string> h in ocp)
            {
                text.Append(h.Key).Append(':').Append(h.Value).Append('\n');
            }

            text.Append('/').Append(account.ToLowerInvariant()).Append(uri.AbsolutePath);
            var query = new List<KeyValuePair<string, string>>();
            string q = uri.Query;
            if (q.Length > 1)
            {
                foreach (string pair in q.Substring(1).Split('&'))
                {
                    if (pair.Length == 0)
                    {
                        continue;
                    }

                    int eq = pair.IndexOf('=');
                    string name = Uri.UnescapeDataString(eq < 0 ? pair : pair.Substring(0, eq)).ToLowerInvariant();
                    string value = eq < 0 ? string.Empty : Uri.UnescapeDataString(pair.Substring(eq + 1).Replace('+', ' '));
                    query.Add(new KeyValuePair<string, string>(name, value));
                }
            }

            query.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            foreach (KeyValuePair<string, string> p in query)
            {
                text.Append('\n').Append(p.Key).Append(':').Append(p.Value);
            }

            return text.ToString();
        }

        private static void AppendHeader(StringBuilder text, RequestHeaders headers, string name) =>
            text.Append(headers.TryGetValue(name, out string? value) ? value : string.Empty).Append('\n');
    }

    /// <summary>
    /// Runs before authentication on every attempt: a credential is sent only to the endpoint's own host, and only over
    /// https, or over http to a loopback address (a local stand-in). An odata.nextLink or redirect pointing elsewhere is refused.
    /// </summary>
    internal sealed class SecretGuardPolicy : HttpPipelineSynchronousPolicy
    {
        private readonly Uri _endpoint;

        public SecretGuardPolicy(Uri endpoint)
        {
            _endpoint = endpoint;
        }

        public override void OnSendingRequest(HttpMessage message)
        {
            Uri uri = message.Request.Uri.ToUri();
            if (!string.Equals(uri.Host, _endpoint.Host, StringComparison.OrdinalIgnoreCase) || uri.Port != _endpoint.Port)
            {
                throw new InvalidOperationException("Refusing to send the Batch credential to " + uri.Scheme + "://" + uri.Authority + ": it belongs to " + _endpoint.Authority + ".");
            }

            CheckTransport(uri);
        }

        /// <summary>Throws unless <paramref name="uri"/> is https, or http to a loopback address.</summary>
        internal static void CheckTransport(Uri uri)
        {
            if (string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            if (string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase) && IsLoopback(uri))
            {
                return;
            }

            throw new InvalidOperationException("Refusing to send a Batch key or token to " + uri.Scheme + "://" + uri.Authority +
                ": use https (plain http is allowed only to a loopback address, such as a local stand-in).");
        }

        internal static bool IsLoopback(Uri uri)
        {
            if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            string host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
            return IPAddress.TryParse(host, out IPAddress? address) && IPAddress.IsLoopback(address);
        }
    }

    /// <summary>
    /// The Batch service's request id headers: <c>client-request-id</c> (the same on every attempt of one request, so the
    /// service's logs tie the retries together) and <c>return-client-request-id: true</c>.
    /// </summary>
    internal sealed class ClientRequestIdPolicy : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            message.Request.Headers.SetValue("client-request-id", message.Request.ClientRequestId);
            message.Request.Headers.SetValue("return-client-request-id", "true");
        }
    }
}
