using System.Management.Automation;
using System.Threading;
using BatchTaskPS.Commands.Support;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Service;

using ErrorCategory = System.Management.Automation.ErrorCategory;

namespace BatchTaskPS.Commands
{
    /// <summary>
    /// Get-BatchTask: reads tasks from the service, losslessly (the core reader keeps unknown properties and 7-digit
    /// times), page by page: without -Id the job's tasks (following odata.nextLink, one page in memory), with -Id those tasks.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "BatchTask", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(CloudTask))]
    public sealed class GetBatchTaskCommand : PSCmdlet, System.IDisposable
    {
        private const string ListSet = "List";
        private const string IdSet = "Id";
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        [Parameter(Mandatory = true)]
        [ValidateNotNull]
        public BatchContext BatchContext { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string JobId { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = null!;

        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        public string Filter { get; set; } = null!;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Select { get; set; } = null!;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Expand { get; set; } = null!;

        protected override void ProcessRecord()
        {
            BatchServiceClient client = BatchContext.Client;
            try
            {
                if (ParameterSetName == IdSet)
                {
                    foreach (string id in Id)
                    {
                        try
                        {
                            WriteObject(client.GetTask(JobId, id, Select, Expand, _stop.Token).Task);
                        }
                        catch (BatchServiceException e) when (e.Status != 0)
                        {
                            WriteError(ServiceErrors.From(e, id));
                        }
                    }

                    return;
                }

                long pages = 0;
                foreach (BatchTaskPage page in client.ListTaskPages(JobId, new TaskListOptions { Filter = Filter, Select = Select, Expand = Expand }, _stop.Token))
                {
                    pages++;
                    WriteVerbose("Page " + pages + ": " + page.Tasks.Count + " tasks.");
                    foreach (CloudTask task in page.Tasks)
                    {
                        WriteObject(task);
                    }
                }
            }
            catch (BatchServiceException e)
            {
                ThrowTerminatingError(ServiceErrors.From(e, JobId));
            }
            catch (BatchTaskReadException e)
            {
                ThrowTerminatingError(Errors.Create(ErrorIds.InvalidTaskJson, ErrorCategory.InvalidData, JobId, "The service sent a task that cannot be read: " + e.Message, e));
            }
        }

        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose() => _stop.Dispose();
    }
}
