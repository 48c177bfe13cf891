using System;
using System.Management.Automation;
using BatchTaskPS.Commands.Support;
using BatchTaskPS.Factories;
using BatchTaskPS.Model;
using BatchTaskPS.Service;
using ErrorCategory = System.Management.Automation.ErrorCategory;
using BatchTaskPS.Updates;

namespace BatchTaskPS.Commands
{
    /// <summary>
    /// Update-BatchTask against the service (-BatchContext): the changed constraints are sent as the Update body
    /// (PUT), with If-Match = the task's ETag unless -IfMatch, -IfNoneMatch, -IfModifiedSince or -Force say otherwise;
    /// the conditions are real HTTP headers, decided by the service. 412 is the non-terminating error ConditionNotMet;
    /// the emitted copy carries the new ETag and Last-Modified (whole seconds) from the answer.
    /// </summary>
    public sealed partial class UpdateBatchTaskCommand
    {
        public const string ServiceObjectSet = "ServiceInputObject";
        public const string ServiceIdSet = "ServiceId";

        // -BatchContext, -JobId, -Id and -Force are declared in TaskFieldParameters' Update-BatchTask rule (generated into
        // UpdateBatchTaskCommand.Fields.g.cs).

        private bool IsServiceSet => ParameterSetName == ServiceObjectSet || ParameterSetName == ServiceIdSet;

        private void ProcessService()
        {
            if (_commandLineRequest.DefinitionChange)
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.DefinitionChangeNotAllowed, ErrorCategory.InvalidOperation, null,
                    "The service's update changes only the constraints; -AllowDefinitionChange is for task files and objects, not with -BatchContext."));
            }

            BatchServiceClient client = BatchContext.Client;
            if (ParameterSetName == ServiceIdSet)
            {
                foreach (string id in Id)
                {
                    CloudTask current;
                    try
                    {
                        current = client.GetTask(JobId, id).Task;
                    }
                    catch (BatchServiceException e)
                    {
                        WriteError(ServiceErrors.From(e, id));
                        continue;
                    }

                    UpdateOnService(client, JobId, current);
                }

                return;
            }

            string? job = JobId ?? JobOf(InputObject);
            if (job == null)
            {
                WriteError(Errors.Create(ErrorIds.JobIdNotKnown, ErrorCategory.InvalidArgument, InputObject,
                    "Task '" + InputObject.Id + "' has no url naming its job; give -JobId."));
                return;
            }

            UpdateOnService(client, job, InputObject);
        }

        private void UpdateOnService(BatchServiceClient client, string jobId, CloudTask task)
        {
            var conditions = new TaskConditions();
            bool given(string name) => MyInvocation.BoundParameters.ContainsKey(name);
            conditions.IfMatch = given(nameof(IfMatch)) ? IfMatch : null;
            conditions.IfNoneMatch = given(nameof(IfNoneMatch)) ? IfNoneMatch : null;
            conditions.IfModifiedSince = given(nameof(IfModifiedSince)) ? IfModifiedSince : null;
            conditions.IfUnmodifiedSince = given(nameof(IfUnmodifiedSince)) ? IfUnmodifiedSince : null;
            if (!Force.IsPresent && conditions.IfMatch == null && conditions.IfNoneMatch == null && conditions.IfModifiedSince == null)
            {
                if (string.IsNullOrEmpty(task.ETag))
                {
                    WriteError(Errors.Create(ErrorIds.ETagNotKnown, ErrorCategory.InvalidData, task,
                        "Task '" + task.Id + "' has no ETag to send as If-Match (was it read with a -Select without eTag?). Read it again, or give -IfMatch * or -Force."));
                    return;
                }

                conditions.IfMatch = task.ETag;
            }

            CloudTask copy = task.Clone();
            try
            {
                PSObjectAdapter.Input.Apply(copy, _commandLineRequest.Changes);
            }
            catch (TaskInputException e)
            {
                WriteError(Errors.Create(ErrorIds.InvalidTaskProperty, ErrorCategory.InvalidArgument, e.Value, e.Message, e.InnerException));
                return;
            }

            if (!ShouldProcess("task '" + task.Id + "' of job '" + jobId + "'" + (conditions.IfMatch != null ? " if its ETag is " + conditions.IfMatch : string.Empty), _commandLineRequest.Action))
            {
                return;
            }

            TaskUpdateResult result;
            try
            {
                result = client.UpdateTask(jobId, task.Id!, copy, conditions);
            }
            catch (BatchServiceException e)
            {
                WriteError(ServiceErrors.From(e, task));
                return;
            }

            if (result.Status == TaskUpdateStatus.ConditionNotMet)
            {
                WriteError(Errors.Create(ErrorIds.ConditionNotMet, ErrorCategory.InvalidOperation, task,
                    "The service refused the update of task '" + task.Id + "': its conditions do not hold (412 ConditionNotMet" +
                    (conditions.IfMatch != null ? "; the task changed after ETag " + conditions.IfMatch + " was read" : string.Empty) + "). Read it again and retry."));
                return;
            }

            copy.ETag = result.ETag;
            copy.LastModified = result.LastModified;
            WriteVerbose("Task '" + task.Id + "' updated on the service: ETag " + task.ETag + " -> " + result.ETag + ".");
            WriteObject(copy);
        }

        /// <summary>The job id in a task's url (".../jobs/{job}/tasks/{task}"), or null.</summary>
        internal static string? JobOf(CloudTask task)
        {
            if (task.Url == null || !Uri.TryCreate(task.Url, UriKind.Absolute, out Uri? url))
            {
                return null;
            }

            string[] segments = url.AbsolutePath.Trim('/').Split('/');
            return segments.Length >= 4 && segments[segments.Length - 4] == "jobs" && segments[segments.Length - 2] == "tasks"
                ? Uri.UnescapeDataString(segments[segments.Length - 3])
                : null;
        }
    }
}
