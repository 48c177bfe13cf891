using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using BatchTaskPS.Model;
using BatchTaskPS.Service;
using Xunit;
using BatchTaskPS.Updates;

namespace BatchTaskPS.Tests.Service
{
    /// <summary>The service client over an in-memory transport: signing, tokens, guards, headers, retries, paging.</summary>
    public class ServiceClientTests
    {
        internal const string Key = "QmF0Y2hUYXNrUFMgdGVzdCBrZXksIG5vdCBhIHJlYWwgb25lIQ=="; // "BatchTaskPS test key, not a real one!"
        private static readonly Uri s_endpoint = new Uri("https://contoso.westeurope.batch.azure.com");
        private static readonly DateTimeOffset s_fixedTime = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

        internal static (BatchServiceClient Client, FakeTransport Transport) Client(Func<SeenRequest, FakeAnswer> answer, BatchCredential? credential = null, Uri? endpoint = null, int maxRetries = 3)
        {
            var transport = new FakeTransport(answer);
            var options = new BatchServiceClientOptions { Transport = transport };
            options.Retry.MaxRetries = maxRetries;
            options.Retry.Delay = TimeSpan.Zero;
            options.Retry.MaxDelay = TimeSpan.Zero;
            if (credential == null)
            {
                var sharedKey = (SharedKeyCredential)BatchCredential.SharedKey("contoso", Key);
                sharedKey.Clock = () => s_fixedTime;
                credential = sharedKey;
            }

            return (new BatchServiceClient(endpoint ?? s_endpoint, credential, options), transport);
        }

        private static FakeAnswer Ok(string body = "", params (string Name, string Value)[] headers) =>
            new FakeAnswer { Status = 200, Body = body, Headers = headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase) };

        private static CloudTask Constraints(int retries) => new CloudTask { Constraints = new TaskConstraints { MaxTaskRetryCount = retries } };

        [Fact]
        public void TheClientSendsTheDefaultVersionTheValidatorChecks()
        {
            Assert.Equal(BatchServiceClientOptions.DefaultApiVersion, BatchApiVersions.Default);
            Assert.Equal("2025-06-01", BatchServiceClientOptions.DefaultApiVersion);
        }

        [Fact]
        public void SharedKey_SignsAPutAsTheDocumentedAlgorithmGives()
        {
            // The string to sign and its HMAC-SHA256 were worked out by hand from the documented algorithm
            // (openssl dgst -sha256 -mac HMAC over the text below), not by this code.
            (BatchServiceClient client, FakeTransport transport) = Client(_ => Ok(string.Empty, ("ETag", "0x8D3D6235072AAAA")));
            client.UpdateTask("render", "frame-042", Constraints(3), new TaskConditions { IfMatch = "0x8D3D62350711C55" });

            SeenRequest put = Assert.Single(transport.Seen);
            Assert.Equal("{\"constraints\":{\"maxTaskRetryCount\":3}}", put.BodyText);
            Assert.Equal("Tue, 01 Dec 2026 10:00:00 GMT", put.Headers["ocp-date"]);
            Assert.Equal("0x8D3D62350711C55", put.Headers["If-Match"]);
            Assert.Equal("SharedKey contoso:FNHUjKiDc7XMm08RLoNpX+wRRZet2EO5Gudh6kRzV58=", put.Headers["Authorization"]);

            var headers = new Dictionary<string, string>(put.Headers, StringComparer.OrdinalIgnoreCase);
            string expected = "PUT\n\n\n39\n\napplication/json; odata=minimalmetadata; charset=utf-8\n\n\n0x8D3D62350711C55\n\n\n\n" +
                "ocp-date:Tue, 01 Dec 2026 10:00:00 GMT\n/contoso/jobs/render/tasks/frame-042\napi-version:2025-06-01";
            Assert.Equal(expected, SignedText(put));
        }

        [Fact]
        public void SharedKey_SignsTheDecodedSortedQuery()
        {
            (BatchServiceClient client, FakeTransport transport) = Client(_ => Ok("{\"value\":[]}"));
            Assert.Empty(client.ListTasks("render", new TaskListOptions { Filter = "state eq 'active'", MaxResults = 2 }).ToList());

            SeenRequest get = Assert.Single(transport.Seen);
            Assert.Contains("%24filter=state%20eq%20%27active%27", get.Uri.AbsoluteUri.Replace("$filter", "%24filter", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Equal("GET\n\n\n\n\n\n\n\n\n\n\n\nocp-date:Tue, 01 Dec 2026 10:00:00 GMT\n/contoso/jobs/render/tasks\n$filter:state eq 'active'\napi-version:2025-06-01\nmaxresults:2", SignedText(get));
            Assert.Equal("SharedKey contoso:hKBTLTVCbSBBCVvv2p+NQgAFQivSSnXS1OxK1z2wAUQ=", get.Headers["Authorization"]);
        }

        [Fact]
        public void SharedKey_IsSignedAgainForEveryAttempt_WithTheSameClientRequestId()
        {
            int n = 0;
            (BatchServiceClient client, FakeTransport transport) = Client(_ => ++n < 3
                ? new FakeAnswer { Status = 503, Headers = new(StringComparer.OrdinalIgnoreCase) { ["Retry-After"] = "0" }, Body = "{\"code\":\"ServerBusy\",\"message\":{\"lang\":\"en-US\",\"value\":\"busy\"}}" }
                : Ok("{\"id\":\"t1\",\"eTag\":\"0x1\"}", ("ETag", "0x1")));
            client.GetTask("j", "t1");
            Assert.Equal(3, transport.Seen.Count);
            Assert.Single(transport.Seen.Select(s => s.Headers["client-request-id"]).Distinct());
            Assert.All(transport.Seen, s => Assert.Equal("true", s.Headers["return-client-request-id"]));
            Assert.All(transport.Seen, s => Assert.StartsWith("SharedKey contoso:", s.Headers["Authorization"], StringComparison.Ordinal));
        }

        [Fact]
        public void A429_IsRetried_NoSoonerThanItsRetryAfterSays()
        {
            // The client's own back-off is zero here: the wait can only come from the service's Retry-After. A lower bound
            // of real time (a delay never ends early), not a limit: nothing here can be slow enough to fail it.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var at = new List<TimeSpan>();
            (BatchServiceClient client, FakeTransport transport) = Client(_ =>
            {
                at.Add(clock.Elapsed);
                return at.Count == 1
                    ? new FakeAnswer { Status = 429, Headers = new(StringComparer.OrdinalIgnoreCase) { ["Retry-After"] = "1" }, Body = "{\"code\":\"TooManyRequests\",\"message\":{\"lang\":\"en-US\",\"value\":\"slow down\"}}" }
                    : Ok("{\"id\":\"t1\",\"eTag\":\"0x1\"}", ("ETag", "0x1"));
            });
            Assert.Equal("0x1", client.GetTask("j", "t1").ETag);
            Assert.Equal(2, transport.Seen.Count);
            Assert.True(at[1] - at[0] >= TimeSpan.FromSeconds(1), "the retry came " + (at[1] - at[0]).TotalMilliseconds + " ms after the 429 that said Retry-After: 1");
        }

        [Fact]
        public void Retries_AreBounded_AndTheLastErrorIsReported()
        {
            (BatchServiceClient client, FakeTransport transport) = Client(_ => new FakeAnswer
            {
                Status = 503,
                Headers = new(StringComparer.OrdinalIgnoreCase) { ["Retry-After"] = "0", ["request-id"] = "r-1" },
                Body = "{\"odata.metadata\":\"x\",\"code\":\"ServerBusy\",\"message\":{\"lang\":\"en-US\",\"value\":\"The server is busy.\\nRequestId:r-1\"}}",
            }, maxRetries: 2);
            BatchServiceException e = Assert.Throws<BatchServiceException>(() => client.GetTask("j", "t1"));
            Assert.Equal(3, transport.Seen.Count);
            Assert.Equal(503, e.Status);
            Assert.Equal("ServerBusy", e.Code);
            Assert.Equal("r-1", e.RequestId);
            Assert.Equal("The Batch service answered 503 ServerBusy: The server is busy.", e.Message);
        }

        [Fact]
        public void BearerToken_FromATokenCredential_AsksForTheBatchScope_OverHttps()
        {
            var credential = new RecordingCredential("tok-123");
            (BatchServiceClient client, FakeTransport transport) = Client(_ => Ok("{\"id\":\"t1\"}"), BatchCredential.FromTokenCredential(credential));
            client.GetTask("j", "t1");
            Assert.Equal("Bearer tok-123", Assert.Single(transport.Seen).Headers["Authorization"]);
            Assert.Equal(new[] { "https://batch.core.windows.net/.default" }, credential.Scopes);
        }

        [Fact]
        public void BearerToken_FromASecureString_OverHttpsAndLoopbackHttp()
        {
            using var token = new SecureString();
            foreach (char c in "secret-token-value")
            {
                token.AppendChar(c);
            }

            BatchCredential credential = BatchCredential.AccessToken(token);
            Assert.DoesNotContain("secret", credential.ToString(), StringComparison.Ordinal);
            foreach (Uri endpoint in new[] { s_endpoint, new Uri("http://127.0.0.1:5999"), new Uri("http://[::1]:5999"), new Uri("http://localhost:5999") })
            {
                (BatchServiceClient client, FakeTransport transport) = Client(_ => Ok("{\"id\":\"t1\"}"), credential, endpoint);
                client.GetTask("j", "t1");
                Assert.Equal("Bearer secret-token-value", Assert.Single(transport.Seen).Headers["Authorization"]);
            }
        }

        [Fact]
        public void TokenCredentialOfAnotherAzureCore_IsCalledByReflection()
        {
            var foreign = new ForeignCredential();
            (BatchServiceClient client, FakeTransport transport) = Client(_ => Ok("{\"id\":\"t1\"}"), BatchCredential.FromAnyTokenCredential(foreign));
            client.GetTask("j", "t1");
            Assert.Equal("Bearer foreign-token", Assert.Single(transport.Seen).Headers["Authorization"]);
            Assert.Equal("https://batch.core.windows.net/.default", Assert.Single(foreign.Scopes));
            Assert.Throws<ArgumentException>(() => BatchCredential.FromAnyTokenCredential("not a credential"));
        }

        [Theory]
        [InlineData("http://contoso.westeurope.batch.azure.com")]
        [InlineData("http://10.0.0.5:8080")]
        [InlineData("ftp://contoso.westeurope.batch.azure.com")]
        public void Credentials_AreNeverSentOverPlainHttp_ExceptToLoopback(string endpoint)
        {
            var transport = new FakeTransport(_ => Ok());
            ArgumentException e = Assert.Throws<ArgumentException>(() =>
                new BatchServiceClient(new Uri(endpoint), BatchCredential.SharedKey("contoso", Key), new BatchServiceClientOptions { Transport = transport }));
            Assert.DoesNotContain(Key, e.Message, StringComparison.Ordinal);
            Assert.Empty(transport.Seen);
        }

        [Fact]
        public void NextLink_ToAnotherHost_IsRefused_BeforeTheCredentialIsSent()
        {
            (BatchServiceClient client, FakeTransport transport) = Client(_ =>
                Ok("{\"value\":[{\"id\":\"a\"}],\"odata.nextLink\":\"https://elsewhere.example.com/jobs/j/tasks?api-version=2025-06-01&$skiptoken=x\"}"));
            using IEnumerator<CloudTask> tasks = client.ListTasks("j").GetEnumerator();
            Assert.True(tasks.MoveNext());
            Assert.Equal("a", tasks.Current.Id);
            Assert.Throws<InvalidOperationException>(() => tasks.MoveNext());
            Assert.Single(transport.Seen);
        }

        [Fact]
        public void Credentials_NeverShowTheirSecret()
        {
            Assert.Equal("SharedKey (account contoso)", BatchCredential.SharedKey("contoso", Key).ToString());
            ArgumentException bad = Assert.Throws<ArgumentException>(() => BatchCredential.SharedKey("contoso", "not base64 !!"));
            Assert.DoesNotContain("not base64", bad.Message, StringComparison.Ordinal);
            (BatchServiceClient client, _) = Client(_ => Ok());
            Assert.DoesNotContain(Key, client.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void ListTasks_FollowsNextLinkVerbatim_AndKeepsUnknownPropertiesAndSevenDigitTimes()
        {
            (BatchServiceClient client, FakeTransport transport) = Client(seen => seen.Uri.Query.Contains("skiptoken", StringComparison.Ordinal)
                ? Ok("{\"odata.metadata\":\"m\",\"value\":[{\"id\":\"b\",\"lastModified\":\"2026-11-25T10:00:00.1234567Z\",\"future\":{\"x\":[1,2]}}]}")
                : Ok("{\"odata.metadata\":\"m\",\"value\":[{\"id\":\"a\"}],\"odata.nextLink\":\"https://contoso.westeurope.batch.azure.com/jobs/j/tasks?api-version=2025-06-01&maxresults=1&$skiptoken=WATV2%3a1%241\"}"));
            List<CloudTask> tasks = client.ListTasks("j", new TaskListOptions { MaxResults = 1, Select = "id,lastModified", Expand = "stats" }).ToList();
            Assert.Equal(new[] { "a", "b" }, tasks.Select(t => t.Id));
            Assert.Equal(2, transport.Seen.Count);
            Assert.Contains("$select=id%2ClastModified", transport.Seen[0].Uri.OriginalString, StringComparison.Ordinal);
            Assert.Contains("$expand=stats", transport.Seen[0].Uri.OriginalString, StringComparison.Ordinal);
            Assert.EndsWith("$skiptoken=WATV2%3a1%241", transport.Seen[1].Uri.OriginalString, StringComparison.Ordinal);
            string json = new BatchTaskPS.Serialization.BatchTaskWriter().Write(tasks[1]);
            Assert.Equal("{\"id\":\"b\",\"lastModified\":\"2026-11-25T10:00:00.1234567Z\",\"future\":{\"x\":[1,2]}}", json);
        }

        [Fact]
        public void GetTask_GivesTheHeadersETagAndLastModified()
        {
            (BatchServiceClient client, _) = Client(_ => Ok("{\"id\":\"t1\",\"eTag\":\"0x8D3D62350711C55\"}",
                ("ETag", "0x8D3D62350711C55"), ("Last-Modified", "Wed, 25 Nov 2026 10:00:00 GMT"), ("request-id", "r-9")));
            BatchTaskResponse response = client.GetTask("j", "t1", select: "id,eTag");
            Assert.Equal("0x8D3D62350711C55", response.ETag);
            Assert.Equal(new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc), response.LastModified);
            Assert.Equal(DateTimeKind.Utc, response.LastModified!.Value.Kind);
            Assert.Equal("r-9", response.RequestId);
            Assert.Equal("t1", response.Task.Id);
        }

        [Fact]
        public void UpdateTask_412_IsConditionNotMet_AndAllFourConditionsAreRealHeaders()
        {
            (BatchServiceClient client, FakeTransport transport) = Client(_ => new FakeAnswer
            {
                Status = 412,
                Body = "{\"odata.metadata\":\"x\",\"code\":\"ConditionNotMet\",\"message\":{\"lang\":\"en-US\",\"value\":\"The condition specified using HTTP conditional header(s) is not met.\"}}",
            });
            var at = new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);
            TaskUpdateResult result = client.UpdateTask("j", "t1", Constraints(1), new TaskConditions { IfMatch = "0x1", IfNoneMatch = "0x2", IfModifiedSince = at, IfUnmodifiedSince = at });
            Assert.Equal(TaskUpdateStatus.ConditionNotMet, result.Status);
            Assert.Equal("ConditionNotMet", result.Error!.Code);
            SeenRequest put = Assert.Single(transport.Seen);
            Assert.Equal("0x1", put.Headers["If-Match"]);
            Assert.Equal("0x2", put.Headers["If-None-Match"]);
            Assert.Equal("Wed, 25 Nov 2026 10:00:00 GMT", put.Headers["If-Modified-Since"]);
            Assert.Equal("Wed, 25 Nov 2026 10:00:00 GMT", put.Headers["If-Unmodified-Since"]);
        }

        [Fact]
        public async Task AddTaskCollection_ReadsPerTaskResults_InAnyOrder_WithErrorValues()
        {
            string answer = "{\"odata.metadata\":\"m\",\"value\":[" +
                "{\"error@odata.navigationLinkUrl\":\"https://x/jobs/j/tasks/b/error\",\"error\":{\"code\":\"InvalidPropertyValue\",\"message\":{\"lang\":\"en-US\",\"value\":\"bad\"},\"values\":[{\"key\":\"PropertyName\",\"value\":\"id\"}]},\"status\":\"ClientError\",\"taskId\":\"b\"}," +
                "{\"status\":\"Success\",\"taskId\":\"a\",\"eTag\":\"0x8D3D62350711C55\",\"lastModified\":\"2026-11-25T10:00:00.1234567Z\",\"location\":\"https://x/jobs/j/tasks/a\"}]}";
            (BatchServiceClient client, FakeTransport transport) = Client(_ => Ok(answer));
            using var builder = new BatchTaskPS.Serialization.AddCollectionBuilder();
            builder.Add(new CloudTask { Id = "a", CommandLine = "x" }, out _);
            builder.Add(new CloudTask { Id = "b", CommandLine = "x" }, out _);
            IReadOnlyList<TaskAddResult> results = await client.AddTaskCollectionAsync("j", builder.Complete()!);
            Assert.Equal(2, results.Count);
            TaskAddResult a = results.Single(r => r.TaskId == "a");
            Assert.Equal(TaskAddStatus.Success, a.Status);
            Assert.Equal(new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc).AddTicks(1234567), a.LastModified);
            TaskAddResult b = results.Single(r => r.TaskId == "b");
            Assert.Equal(TaskAddStatus.ClientError, b.Status);
            Assert.Equal("InvalidPropertyValue", b.Error!.Code);
            Assert.Equal("PropertyName=id", Assert.Single(b.Error.Values).ToString());
            SeenRequest post = Assert.Single(transport.Seen);
            Assert.Equal("/jobs/j/addtaskcollection", post.Uri.AbsolutePath);
            Assert.Equal("application/json; odata=minimalmetadata; charset=utf-8", post.Headers["Content-Type"]);
        }

        /// <summary>The text the policy signs for a request the transport saw.</summary>
        internal static string SignedText(SeenRequest seen)
        {
            var message = new Azure.Core.HttpMessage(new FakeTransport(_ => new FakeAnswer()).CreateRequest(), new Azure.Core.ResponseClassifier());
            foreach (KeyValuePair<string, string> h in seen.Headers)
            {
                message.Request.Headers.SetValue(h.Key, h.Value);
            }

            return BatchSharedKeyPolicy.StringToSign(seen.Method, seen.Uri, message.Request.Headers, seen.Body.Length == 0 ? null : seen.Body.Length, "contoso");
        }

        private sealed class RecordingCredential : TokenCredential
        {
            private readonly string _token;

            public RecordingCredential(string token)
            {
                _token = token;
            }

            public string[] Scopes { get; private set; } = Array.Empty<string>();

            public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
            {
                Scopes = requestContext.Scopes;
                return new AccessToken(_token, DateTimeOffset.UtcNow.AddHours(1));
            }

            public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
                new ValueTask<AccessToken>(GetToken(requestContext, cancellationToken));
        }
    }

    /// <summary>Shaped like a TokenCredential of another Azure.Core: same member names, different types.</summary>
    public sealed class ForeignCredential
    {
        public List<string> Scopes { get; } = new List<string>();

        public ForeignToken GetToken(TokenRequestContext context, CancellationToken cancellationToken)
        {
            Scopes.AddRange(context.Scopes);
            return new ForeignToken("foreign-token", DateTimeOffset.UtcNow.AddHours(1));
        }

        public readonly struct TokenRequestContext
        {
            public TokenRequestContext(string[] scopes, string? parentRequestId = null, string? claims = null)
            {
                Scopes = scopes;
                ParentRequestId = parentRequestId;
                Claims = claims;
            }

            public string[] Scopes { get; }

            public string? ParentRequestId { get; }

            public string? Claims { get; }
        }

        public readonly struct ForeignToken
        {
            public ForeignToken(string token, DateTimeOffset expiresOn)
            {
                Token = token;
                ExpiresOn = expiresOn;
            }

            public string Token { get; }

            public DateTimeOffset ExpiresOn { get; }
        }
    }
}
