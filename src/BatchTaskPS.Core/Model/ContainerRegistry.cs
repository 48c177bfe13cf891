using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>A private container registry and its credentials. Reference type <c>ContainerRegistry</c>; newest REST API name <c>ContainerRegistryReference</c>.</summary>
    public sealed partial class ContainerRegistry : BatchModel<ContainerRegistry>
    {
        /// <summary>REST key <c>username</c> (str).</summary>
        public string? UserName { get; set; }

        /// <summary>REST key <c>password</c> (str). A secret: never shown by views, ToString or messages.</summary>
        public string? Password { get; set; }

        /// <summary>REST key <c>registryServer</c> (str).</summary>
        public string? RegistryServer { get; set; }

        /// <summary>REST key <c>identityReference</c> (ComputeNodeIdentityReference).</summary>
        public ComputeNodeIdentityReference? IdentityReference { get; set; }

        /// <summary>Shows the server and user, never the password.</summary>
        public override string ToString() => (RegistryServer ?? "docker.io") + (UserName != null ? " (" + UserName + ")" : string.Empty);
    }
}
