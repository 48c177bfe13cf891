using System;
using System.Management.Automation;
using BatchTaskPS.Commands.Support;
using BatchTaskPS.Service;

namespace BatchTaskPS.Commands
{
    /// <summary>
    /// New-BatchContext: a connection to a Batch account for Add-, Get- and Update-BatchTask. Shared Key
    /// (a PSCredential: user name = account name, password = account key), an access token (SecureString),
    /// a managed identity, any TokenCredential object, or (with none of these) Azure.Identity's DefaultAzureCredential.
    /// Sends nothing: credentials are used on the first request.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "BatchContext", DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(BatchContext))]
    public sealed class NewBatchContextCommand : PSCmdlet
    {
        private const string DefaultSet = "DefaultAzureCredential";
        private const string SharedKeySet = "SharedKey";
        private const string AccessTokenSet = "AccessToken";
        private const string ManagedIdentitySet = "ManagedIdentity";
        private const string TokenCredentialSet = "TokenCredential";

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNull]
        public Uri Endpoint { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = SharedKeySet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential SharedKeyCredential { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
        [ValidateNotNull]
        public System.Security.SecureString AccessToken { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = ManagedIdentitySet)]
        public SwitchParameter ManagedIdentity { get; set; }

        [Parameter(ParameterSetName = ManagedIdentitySet)]
        [ValidateNotNullOrEmpty]
        public string ClientId { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = TokenCredentialSet)]
        [ValidateNotNull]
        public object TokenCredential { get; set; } = null!;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string ApiVersion { get; set; } = BatchServiceClientOptions.DefaultApiVersion;

        protected override void EndProcessing()
        {
            BatchCredential credential;
            try
            {
                credential = ParameterSetName switch
                {
                    SharedKeySet => BatchCredential.SharedKey(SharedKeyCredential.UserName, SharedKeyCredential.Password),
                    AccessTokenSet => BatchCredential.AccessToken(AccessToken),
                    ManagedIdentitySet => BatchCredential.ManagedIdentity(ClientId),
                    TokenCredentialSet => BatchCredential.FromAnyTokenCredential(TokenCredential is PSObject wrapped ? wrapped.BaseObject : TokenCredential),
                    _ => BatchCredential.DefaultAzure(),
                };
                var client = new BatchServiceClient(Endpoint, credential, new BatchServiceClientOptions { ApiVersion = ApiVersion });
                WriteVerbose("Batch context for " + client.Endpoint + " (" + credential.Description + ", api-version " + ApiVersion + ").");
                WriteObject(new BatchContext(client));
            }
            catch (ArgumentException e)
            {
                // The messages of BatchCredential and BatchServiceClient never repeat a key or token.
                ThrowTerminatingError(Errors.Create(ErrorIds.InvalidBatchContext, ErrorCategory.InvalidArgument, Endpoint, e.Message, e));
            }
        }
    }
}
