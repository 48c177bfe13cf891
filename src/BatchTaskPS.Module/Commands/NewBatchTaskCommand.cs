using System;
using System.Collections.Generic;
using System.Management.Automation;
using BatchTaskPS.Commands.Support;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using ErrorCategory = System.Management.Automation.ErrorCategory;

namespace BatchTaskPS.Commands
{
    /// <summary>
    /// New-BatchTask: builds a CloudTask from parameters (or from a whole task given as -Property).
    /// Every parameter binds from the pipeline by property name, so Import-Csv rows make tasks.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "BatchTask", DefaultParameterSetName = ParametersSet)]
    [OutputType(typeof(CloudTask))]
    public sealed class NewBatchTaskCommand : PSCmdlet
    {
        public const string ParametersSet = "Parameters";
        public const string PropertySet = "Property";

        [Parameter(Mandatory = true, ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = PropertySet, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskId")]
        public string Id { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = PropertySet, ValueFromPipelineByPropertyName = true)]
        public string CommandLine { get; set; } = null!;

        /// <summary>A whole task: a dictionary or PSCustomObject with REST keys, attribute names or property names.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PropertySet, ValueFromPipelineByPropertyName = true)]
        public object Property { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string DisplayName { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object ContainerSettings { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object[] ResourceFiles { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object[] OutputFiles { get; set; } = null!;

        /// <summary>A hashtable NAME=value, or a list of EnvironmentSetting objects or {name; value} dictionaries.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object EnvironmentSettings { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string AffinityId { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [DurationTransformation]
        [ArgumentCompleter(typeof(DurationCompleter))]
        public TimeSpan MaxWallClockTime { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [DurationTransformation]
        [ArgumentCompleter(typeof(DurationCompleter))]
        public TimeSpan RetentionTime { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [NumberTextTransformation]
        public int MaxTaskRetryCount { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [NumberTextTransformation]
        public int RequiredSlots { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string UserName { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(AutoUserScopeCompleter))]
        [KnownEnumValue(typeof(AutoUserScope))]
        public AutoUserScope AutoUserScope { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ElevationLevelCompleter))]
        [KnownEnumValue(typeof(ElevationLevel))]
        public ElevationLevel ElevationLevel { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object MultiInstanceSettings { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string[] DependsOnTaskId { get; set; } = null!;

        /// <summary>TaskIdRange objects, {start; end} dictionaries or 'start-end' text.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object[] DependsOnTaskIdRange { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object[] ApplicationPackageReferences { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object AuthenticationTokenSettings { get; set; } = null!;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object ExitConditions { get; set; } = null!;

        /// <summary>Shorthand for containerSettings.imageName.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string ContainerImage { get; set; } = null!;

        /// <summary>Sets containerSettings.registry.registryServer.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string RegistryServer { get; set; } = null!;

        /// <summary>The registry user and password: the only way to give a registry password.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Credential]
        public PSCredential RegistryCredential { get; set; } = null!;

        private HashSet<string> _boundBeforePipeline = null!;

        protected override void BeginProcessing()
        {
            // Parameters given on the command line are bound by now; the rest come from pipeline records.
            _boundBeforePipeline = new HashSet<string>(MyInvocation.BoundParameters.Keys, StringComparer.OrdinalIgnoreCase);
        }

        protected override void ProcessRecord()
        {
            try
            {
                ProcessOne();
            }
            finally
            {
                // PowerShell keeps a value bound from an earlier pipeline record in BoundParameters even when
                // the next record has no such property: forget them, so that each record stands alone.
                foreach (string key in new List<string>(MyInvocation.BoundParameters.Keys))
                {
                    if (!_boundBeforePipeline.Contains(key))
                    {
                        MyInvocation.BoundParameters.Remove(key);
                    }
                }
            }
        }

        private void ProcessOne()
        {
            CloudTask task;
            Dictionary<string, object?> bound = Bound();
            if (ParameterSetName == PropertySet)
            {
                try
                {
                    object? tree = PSObjectAdapter.Unwrap(Property);
                    task = tree is CloudTask given ? given.Clone() : PSObjectAdapter.Reader.ReadFromTree(tree);
                }
                catch (BatchTaskReadException e)
                {
                    WriteError(Errors.Create(ErrorIds.InvalidTaskProperty, ErrorCategory.InvalidArgument, Property,
                        "The value of -Property is not a valid task: " + e.Message, e));
                    return;
                }

                if (bound.TryGetValue(nameof(Id), out object? id))
                {
                    task.Id = (string?)id;
                }
            }
            else
            {
                task = new CloudTask { Id = Id };
            }

            try
            {
                TaskProperties.Apply(task, bound, PSObjectAdapter.Reader);
            }
            catch (TaskPropertyException e)
            {
                WriteError(Errors.Create(ErrorIds.InvalidTaskProperty, ErrorCategory.InvalidArgument, e.Value, e.Message, e.InnerException));
                return;
            }
            catch (ConflictingUserIdentityException e)
            {
                WriteError(Errors.Create(ErrorIds.ConflictingUserIdentity, ErrorCategory.InvalidArgument,
                    MyInvocation.BoundParameters[nameof(UserName)], e.Message));
                return;
            }

            WriteVerbose("Created task '" + task.Id + "'.");
            WriteObject(task);
        }

        /// <summary>The bound parameters of this record (pipeline binding changes them per record).</summary>
        private Dictionary<string, object?> Bound()
        {
            var bound = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, object> kv in MyInvocation.BoundParameters)
            {
                // An empty cell of an Import-Csv row (or a null property of a piped object) means "not given";
                // a value typed on the command line is always kept.
                if (!_boundBeforePipeline.Contains(kv.Key) && PSObjectAdapter.Unwrap(kv.Value) is null or string { Length: 0 })
                {
                    continue;
                }

                bound[kv.Key] = kv.Value;
            }

            return bound;
        }
    }
}
