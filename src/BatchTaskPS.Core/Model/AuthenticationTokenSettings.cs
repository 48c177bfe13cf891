using System;
using System.Collections.Generic;

namespace BatchTaskPS.Model
{
    /// <summary>Batch service token access given to the task (deprecated by the service). Reference type <c>AuthenticationTokenSettings</c>; newest REST API name <c>AuthenticationTokenSettings</c>.</summary>
    public sealed partial class AuthenticationTokenSettings : BatchModel<AuthenticationTokenSettings>
    {
        /// <summary>REST key <c>access</c> ([AccessScope]). Null means absent; an empty list is a different, kept state.</summary>
        public List<AccessScope?>? Access { get; set; }
    }
}
