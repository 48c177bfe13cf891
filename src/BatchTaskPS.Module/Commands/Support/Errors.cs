using System;
using System.Management.Automation;

namespace BatchTaskPS.Commands.Support
{
    /// <summary>The module's ErrorIds, one per problem (FullyQualifiedErrorId = "&lt;Id&gt;,BatchTaskPS.Commands.&lt;Class&gt;").</summary>
    internal static class ErrorIds
    {
        public const string InvalidTaskProperty = nameof(InvalidTaskProperty);
        public const string ConflictingUserIdentity = nameof(ConflictingUserIdentity);
        public const string InvalidTaskInput = nameof(InvalidTaskInput);
        public const string TaskFileWriteFailed = nameof(TaskFileWriteFailed);
        public const string InvalidTaskJson = nameof(InvalidTaskJson);
        public const string TaskFileNotFound = nameof(TaskFileNotFound);
        public const string TaskFileReadFailed = nameof(TaskFileReadFailed);
        public const string TaskFileLockTimeout = nameof(TaskFileLockTimeout);
        public const string TaskFileReadOnly = nameof(TaskFileReadOnly);
        public const string ConditionNotMet = nameof(ConditionNotMet);
        public const string NothingToUpdate = nameof(NothingToUpdate);
        public const string EmptyCondition = nameof(EmptyCondition);
        public const string MultipleConditionHeadersNotSupported = nameof(MultipleConditionHeadersNotSupported);
        public const string DefinitionChangeNotAllowed = nameof(DefinitionChangeNotAllowed);
        public const string TaskTooLargeForCollection = nameof(TaskTooLargeForCollection);
        public const string DuplicateTaskIdInCollection = nameof(DuplicateTaskIdInCollection);
        public const string MissingTaskId = nameof(MissingTaskId);
        public const string AddCollectionNeedsRestKeys = nameof(AddCollectionNeedsRestKeys);
        public const string AddCollectionNotWithAsArray = nameof(AddCollectionNotWithAsArray);
        public const string OutDirectoryNeedsAddCollection = nameof(OutDirectoryNeedsAddCollection);
        public const string PathAndOutDirectoryConflict = nameof(PathAndOutDirectoryConflict);
        public const string SeverityNeedsDetailed = nameof(SeverityNeedsDetailed);
        public const string OutputFileExists = nameof(OutputFileExists);
        public const string OutDirectoryNotEmpty = nameof(OutDirectoryNotEmpty);

        // The service cmdlets. Errors of the service itself take the service's code as ErrorId (TaskExists, TaskNotFound...).
        public const string InvalidBatchContext = nameof(InvalidBatchContext);
        public const string TaskValidationFailed = nameof(TaskValidationFailed);
        public const string ResultPathFailed = nameof(ResultPathFailed);
        public const string JobIdNotKnown = nameof(JobIdNotKnown);
        public const string ETagNotKnown = nameof(ETagNotKnown);
        public const string InvalidSweepId = nameof(InvalidSweepId);
        public const string InvalidSweepAxis = nameof(InvalidSweepAxis);
        public const string InvalidSweepValue = nameof(InvalidSweepValue);
    }

    /// <summary>Builds ErrorRecords: stable id, fitting category, the offending input as target, a plain message.</summary>
    internal static class Errors
    {
        public static ErrorRecord Create(string errorId, ErrorCategory category, object? target, string message, Exception? inner = null)
        {
            // The exception keeps the core's exception as InnerException (never flattened into a new bare message).
            // Every message goes through TaskDisplay.Text: a URL in it never shows its SAS signature.
            var exception = new BatchTaskCommandException(TaskDisplay.Text(message), inner);
            return new ErrorRecord(exception, errorId, category, target);
        }
    }

    /// <summary>The exception of every ErrorRecord the cmdlets write; the core's fault, if any, is the inner exception.</summary>
    [Serializable]
    public sealed class BatchTaskCommandException : Exception
    {
        public BatchTaskCommandException(string message, Exception? inner)
            : base(message, inner)
        {
        }
    }
}
