using System.Management.Automation;
using BatchTaskPS.Service;

namespace BatchTaskPS.Commands.Support
{
    /// <summary>ErrorRecords for the service's answers: the ErrorId is the service's error code.</summary>
    internal static class ServiceErrors
    {
        public static ErrorRecord From(BatchServiceException e, object? target) =>
            Errors.Create(e.Code, Category(e.Status, e.Code), target, e.Message, e);

        public static ErrorRecord From(TaskAddResult result)
        {
            string code = result.Error?.Code ?? (result.Status == TaskAddStatus.ServerError ? "ServerError" : "ClientError");
            string first = result.Error?.Message ?? string.Empty;
            int newline = first.IndexOf('\n');
            if (newline >= 0)
            {
                first = first.Substring(0, newline);
            }

            string verb = result.Status == TaskAddStatus.NotSent ? "was not sent" : "was not added";
            return Errors.Create(code, result.Status == TaskAddStatus.ServerError ? ErrorCategory.ResourceUnavailable : Category(400, code), result,
                "Task '" + result.TaskId + "' " + verb + ": " + code + (first.Length > 0 ? ": " + first : "."));
        }

        private static ErrorCategory Category(int status, string code)
        {
            if (code == "TaskExists")
            {
                return ErrorCategory.ResourceExists;
            }

            return status switch
            {
                0 => ErrorCategory.ConnectionError,
                401 or 403 => ErrorCategory.PermissionDenied,
                404 => ErrorCategory.ObjectNotFound,
                409 => ErrorCategory.ResourceExists,
                412 => ErrorCategory.InvalidOperation,
                413 => ErrorCategory.LimitsExceeded,
                429 or 500 or 502 or 503 or 504 => ErrorCategory.ResourceUnavailable,
                _ => ErrorCategory.InvalidArgument,
            };
        }
    }
}
