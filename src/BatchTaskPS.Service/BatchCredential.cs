using System;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace BatchTaskPS.Service
{
    /// <summary>
    /// How requests to the Batch service are authenticated: a Shared Key (the account's key signs each request),
    /// or a Microsoft Entra bearer token for the scope <see cref="BatchScope"/>, from a token given as text,
    /// a managed identity, <see cref="DefaultAzureCredential"/>, or any <see cref="TokenCredential"/>.
    /// No credential ever shows its secret: <see cref="ToString"/> and <see cref="Description"/> name the kind only.
    /// </summary>
    public abstract class BatchCredential
    {
        /// <summary>The Microsoft Entra scope of the Batch data plane.</summary>
        public const string BatchScope = "https://batch.core.windows.net/.default";

        private protected BatchCredential()
        {
        }

        /// <summary>The kind of credential, without any secret (such as <c>SharedKey (account contoso)</c>).</summary>
        public abstract string Description { get; }

        /// <summary>A credential that signs each request with the account's Shared Key (HMAC-SHA256).</summary>
        public static BatchCredential SharedKey(string accountName, string base64Key) => new SharedKeyCredential(accountName, DecodeKey(base64Key));

        /// <summary>A credential that signs each request with the account's Shared Key, given as a SecureString.</summary>
        public static BatchCredential SharedKey(string accountName, SecureString base64Key) => new SharedKeyCredential(accountName, DecodeKey(Reveal(base64Key)));

        /// <summary>A bearer token obtained elsewhere (such as <c>Get-AzAccessToken</c>); it is sent as it is until it expires.</summary>
        public static BatchCredential AccessToken(SecureString token, DateTimeOffset? expiresOn = null) =>
            new TokenCredentialCredential(new SecureStringTokenCredential(token, expiresOn ?? DateTimeOffset.MaxValue), "AccessToken");

        /// <summary>Tokens from any Azure.Core <see cref="Azure.Core.TokenCredential"/>.</summary>
        public static BatchCredential FromTokenCredential(TokenCredential credential) =>
            new TokenCredentialCredential(credential ?? throw new ArgumentNullException(nameof(credential)), "TokenCredential (" + credential.GetType().Name + ")");

        /// <summary>
        /// Tokens from an object that is a TokenCredential of another copy of Azure.Core (such as the one Az.Accounts loaded):
        /// its <c>GetToken(TokenRequestContext, CancellationToken)</c> is called by reflection. An object that is a
        /// TokenCredential of this library's Azure.Core is used directly.
        /// </summary>
        public static BatchCredential FromAnyTokenCredential(object credential)
        {
            if (credential == null)
            {
                throw new ArgumentNullException(nameof(credential));
            }

            if (credential is TokenCredential own)
            {
                return FromTokenCredential(own);
            }

            return new TokenCredentialCredential(new ReflectedTokenCredential(credential), "TokenCredential (" + credential.GetType().Name + ")");
        }

        /// <summary>A managed identity: the system-assigned one, or the user-assigned one with this client id.</summary>
        public static BatchCredential ManagedIdentity(string? clientId = null) =>
            new TokenCredentialCredential(
                string.IsNullOrEmpty(clientId) ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned) : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId)),
                string.IsNullOrEmpty(clientId) ? "ManagedIdentity (system-assigned)" : "ManagedIdentity (client id " + clientId + ")");

        /// <summary>Azure.Identity's DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI, ...).</summary>
        public static BatchCredential DefaultAzure() => new TokenCredentialCredential(new DefaultAzureCredential(), "DefaultAzureCredential");

        public override string ToString() => Description;

        /// <summary>The pipeline policy that authenticates each attempt of a request to <paramref name="endpoint"/>.</summary>
        internal abstract HttpPipelinePolicy CreatePolicy(Uri endpoint);

        internal static string Reveal(SecureString secure)
        {
            if (secure == null)
            {
                throw new ArgumentNullException(nameof(secure));
            }

            IntPtr pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
            try
            {
                return Marshal.PtrToStringUni(pointer) ?? string.Empty;
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }

        private static byte[] DecodeKey(string base64Key)
        {
            if (string.IsNullOrEmpty(base64Key))
            {
                throw new ArgumentException("The account key is empty.", nameof(base64Key));
            }

            try
            {
                return Convert.FromBase64String(base64Key.Trim());
            }
            catch (FormatException e)
            {
                // The message never repeats the key.
                throw new ArgumentException("The account key is not Base64 text (an account key from the Azure portal is).", nameof(base64Key), e);
            }
        }
    }

    internal sealed class SharedKeyCredential : BatchCredential
    {
        private readonly byte[] _key;

        public SharedKeyCredential(string accountName, byte[] key)
        {
            if (string.IsNullOrWhiteSpace(accountName))
            {
                throw new ArgumentException("The account name is empty.", nameof(accountName));
            }

            AccountName = accountName;
            _key = key;
        }

        public string AccountName { get; }

        public override string Description => "SharedKey (account " + AccountName + ")";

        /// <summary>The clock of the ocp-date header (a test fixes it to sign a known request).</summary>
        internal Func<DateTimeOffset>? Clock { get; set; }

        internal override HttpPipelinePolicy CreatePolicy(Uri endpoint)
        {
            var policy = new BatchSharedKeyPolicy(AccountName, _key);
            if (Clock != null)
            {
                policy.Now = Clock;
            }

            return policy;
        }
    }

    internal sealed class TokenCredentialCredential : BatchCredential
    {
        private readonly TokenCredential _credential;
        private readonly string _description;

        public TokenCredentialCredential(TokenCredential credential, string description)
        {
            _credential = credential;
            _description = description;
        }

        public override string Description => _description;

        internal TokenCredential TokenCredential => _credential;

        internal override HttpPipelinePolicy CreatePolicy(Uri endpoint) =>
            // Azure.Core's BearerTokenAuthenticationPolicy refuses plain http; a loopback stand-in (http://127.0.0.1) gets
            // the same header from LoopbackBearerPolicy. SecretGuardPolicy, before either, refuses http to any other host.
            string.Equals(endpoint.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase)
                ? new BearerTokenAuthenticationPolicy(_credential, BatchScope)
                : new LoopbackBearerPolicy(_credential, BatchScope);
    }

    /// <summary>A token given as a SecureString, returned as it is.</summary>
    internal sealed class SecureStringTokenCredential : TokenCredential
    {
        private readonly SecureString _token;
        private readonly DateTimeOffset _expiresOn;

        public SecureStringTokenCredential(SecureString token, DateTimeOffset expiresOn)
        {
            _token = (token ?? throw new ArgumentNullException(nameof(token))).Copy();
            _token.MakeReadOnly();
            _expiresOn = expiresOn;
        }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new AccessToken(BatchCredential.Reveal(_token), _expiresOn);

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new ValueTask<AccessToken>(GetToken(requestContext, cancellationToken));
    }

    /// <summary>
    /// A TokenCredential of another Azure.Core (another AssemblyLoadContext or version): its GetToken is found and called
    /// by reflection, and the AccessToken it returns is read by its Token and ExpiresOn properties.
    /// </summary>
    internal sealed class ReflectedTokenCredential : TokenCredential
    {
        private readonly object _credential;
        private readonly MethodInfo _getToken;
        private readonly ConstructorInfo _contextConstructor;

        public ReflectedTokenCredential(object credential)
        {
            _credential = credential;
            MethodInfo? found = null;
            foreach (MethodInfo m in credential.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance))
            {
                ParameterInfo[] p = m.GetParameters();
                if (m.Name == "GetToken" && p.Length == 2 && p[0].ParameterType.Name == "TokenRequestContext" && p[1].ParameterType == typeof(CancellationToken))
                {
                    found = m;
                    break;
                }
            }

            _getToken = found ?? throw new ArgumentException(
                "The object of type " + credential.GetType().FullName + " is not a TokenCredential: it has no GetToken(TokenRequestContext, CancellationToken).", nameof(credential));
            Type contextType = _getToken.GetParameters()[0].ParameterType;
            ConstructorInfo? constructor = null;
            foreach (ConstructorInfo c in contextType.GetConstructors())
            {
                ParameterInfo[] p = c.GetParameters();
                if (p.Length > 0 && p[0].ParameterType == typeof(string[]) && (constructor == null || p.Length < constructor.GetParameters().Length))
                {
                    constructor = c;
                }
            }

            _contextConstructor = constructor ?? throw new ArgumentException("The TokenRequestContext of " + credential.GetType().FullName + " has no constructor taking scopes.", nameof(credential));
        }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            ParameterInfo[] parameters = _contextConstructor.GetParameters();
            object?[] arguments = new object?[parameters.Length];
            arguments[0] = requestContext.Scopes;
            for (int k = 1; k < parameters.Length; k++)
            {
                Type type = parameters[k].ParameterType;
                if (type == typeof(string) && parameters[k].Name == "parentRequestId")
                {
                    arguments[k] = requestContext.ParentRequestId;
                }
                else if (parameters[k].HasDefaultValue && parameters[k].DefaultValue != DBNull.Value)
                {
                    arguments[k] = parameters[k].DefaultValue;
                }
                else
                {
                    arguments[k] = type.IsValueType ? Activator.CreateInstance(type) : null;
                }
            }

            object context = _contextConstructor.Invoke(arguments);
            object? token;
            try
            {
                token = _getToken.Invoke(_credential, new[] { context, cancellationToken });
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                throw e.InnerException;
            }

            if (token == null)
            {
                throw new InvalidOperationException("The token credential returned no token.");
            }

            Type tokenType = token.GetType();
            string text = tokenType.GetProperty("Token")?.GetValue(token) as string ?? throw new InvalidOperationException("The token credential's AccessToken has no Token.");
            object? expires = tokenType.GetProperty("ExpiresOn")?.GetValue(token);
            return new AccessToken(text, expires is DateTimeOffset at ? at : DateTimeOffset.UtcNow.AddMinutes(5));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new ValueTask<AccessToken>(GetToken(requestContext, cancellationToken));
    }

    /// <summary>
    /// The bearer header for a loopback http endpoint (a local stand-in), where BearerTokenAuthenticationPolicy refuses
    /// to run. The token is cached until five minutes before it expires.
    /// </summary>
    internal sealed class LoopbackBearerPolicy : HttpPipelinePolicy
    {
        private readonly TokenCredential _credential;
        private readonly string[] _scopes;
        private readonly object _gate = new object();
        private AccessToken _token;

        public LoopbackBearerPolicy(TokenCredential credential, string scope)
        {
            _credential = credential;
            _scopes = new[] { scope };
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            message.Request.Headers.SetValue("Authorization", "Bearer " + Token(message));
            ProcessNext(message, pipeline);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            message.Request.Headers.SetValue("Authorization", "Bearer " + Token(message));
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }

        private string Token(HttpMessage message)
        {
            lock (_gate)
            {
                if (_token.Token == null || _token.ExpiresOn - TimeSpan.FromMinutes(5) <= DateTimeOffset.UtcNow)
                {
                    _token = _credential.GetToken(new TokenRequestContext(_scopes, message.Request.ClientRequestId), message.CancellationToken);
                }

                return _token.Token;
            }
        }
    }
}
