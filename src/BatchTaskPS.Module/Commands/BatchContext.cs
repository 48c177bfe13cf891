using System;
using BatchTaskPS.Service;

namespace BatchTaskPS.Commands
{
    /// <summary>
    /// A connection to one Batch account (New-BatchContext): the endpoint, the api-version and how requests are
    /// authenticated. It never shows a key or token: its properties, ToString and the views name the kind only.
    /// </summary>
    public sealed class BatchContext
    {
        internal BatchContext(BatchServiceClient client)
        {
            Client = client;
            Endpoint = client.Endpoint;
            ApiVersion = client.ApiVersion;
            Authentication = client.Credential.Description;
        }

        public Uri Endpoint { get; }

        public string ApiVersion { get; }

        /// <summary>The kind of credential, such as <c>SharedKey (account contoso)</c>; never the secret.</summary>
        public string Authentication { get; }

        internal BatchServiceClient Client { get; }

        public override string ToString() => Endpoint + " (" + Authentication + ", api-version " + ApiVersion + ")";
    }
}
