using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>The user the task runs as: a named pool user or an auto-user. Reference type <c>UserIdentity</c>; newest REST API name <c>UserIdentity</c>.</summary>
    public sealed partial class UserIdentity : BatchModel<UserIdentity>
    {
        /// <summary>REST key <c>username</c> (str).</summary>
        public string? UserName { get; set; }

        /// <summary>REST key <c>autoUser</c> (AutoUserSpecification).</summary>
        public AutoUserSpecification? AutoUser { get; set; }
    }
}
