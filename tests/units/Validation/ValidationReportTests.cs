using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using BatchTaskPS.Validation;
using Xunit;

namespace BatchTaskPS.Tests.Validation
{
    /// <summary>
    /// Test-BatchTask's logic in the core (<see cref="ValidationReport"/>): verdicts, -Strict, -Severity, the findings'
    /// fields, task files (missing, empty, unreadable records) and -Collection with the file and line of each task.
    /// </summary>
    public sealed class ValidationReportTests : IDisposable
    {
        private const string Good = "{\"id\":\"a\",\"commandLine\":\"run\"}";
        private const string EmptyCommand = "{\"id\":\"b\",\"commandLine\":\"\"}";
        private const string WarningOnly = "{\"id\":\"c\",\"commandLine\":\"run\",\"colour\":1}";

        private readonly string _dir = Path.Combine(Path.GetTempPath(), "batchtaskps-report-" + Guid.NewGuid().ToString("N"));

        public ValidationReportTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private sealed class Sink : IValidationReportSink
        {
            public List<ValidationFinding> Findings { get; } = new List<ValidationFinding>();

            public List<bool> Verdicts { get; } = new List<bool>();

            public List<string> Explanations { get; } = new List<string>();

            public void Finding(ValidationFinding finding) => Findings.Add(finding);

            public void Verdict(bool valid) => Verdicts.Add(valid);

            public void Explain(string text) => Explanations.Add(text);
        }

        private static CloudTask Task(string json) => new BatchTaskReader().ReadTask(json);

        private static Sink Run(ValidationReportOptions options, Action<ValidationReport> feed)
        {
            var sink = new Sink();
            var report = new ValidationReport(options, sink);
            feed(report);
            report.Complete();
            return sink;
        }

        private string File(string name, string content)
        {
            string path = Path.Combine(_dir, name);
            System.IO.File.WriteAllText(path, content, new UTF8Encoding(false));
            return path;
        }

        [Fact]
        public void WithoutDetailed_EachTaskGetsOneVerdict_AndEachFailingFindingIsExplained()
        {
            Sink sink = Run(new ValidationReportOptions(), r =>
            {
                r.CheckTask(Task(Good));
                r.CheckTask(Task(EmptyCommand));
                r.CheckTask(Task(WarningOnly));
            });

            Assert.Equal(new[] { true, false, true }, sink.Verdicts);
            Assert.Empty(sink.Findings);
            string line = Assert.Single(sink.Explanations);
            Assert.StartsWith("Task 'b' (record 2): Error $.commandLine [T7] ", line, StringComparison.Ordinal);
        }

        [Fact]
        public void Strict_FailsWarningsToo()
        {
            Sink sink = Run(new ValidationReportOptions { Strict = true }, r => r.CheckTask(Task(WarningOnly)));
            Assert.Equal(new[] { false }, sink.Verdicts);
            Assert.StartsWith("Task 'c' (record 1): Warning $.colour [UnknownProperty] ", Assert.Single(sink.Explanations), StringComparison.Ordinal);
            Assert.True(ValidationReport.Fails(ValidationSeverity.Warning, strict: true));
            Assert.False(ValidationReport.Fails(ValidationSeverity.Warning, strict: false));
            Assert.False(ValidationReport.Fails(ValidationSeverity.Info, strict: true));
        }

        [Fact]
        public void Detailed_ReportsEveryFindingAndNoVerdict_SeveritiesFilter()
        {
            string json = "{\"id\":\"d\",\"commandLine\":\"\",\"colour\":1}";
            Sink all = Run(new ValidationReportOptions { Detailed = true }, r => r.CheckTask(Task(json)));
            Assert.Empty(all.Verdicts);
            Assert.Empty(all.Explanations);
            Assert.Equal(new[] { "T7", "UnknownProperty" }, all.Findings.Select(f => f.Rule).OrderBy(x => x, StringComparer.Ordinal));

            Sink warnings = Run(new ValidationReportOptions { Detailed = true, Severities = new[] { ValidationSeverity.Warning } }, r => r.CheckTask(Task(json)));
            ValidationFinding w = Assert.Single(warnings.Findings);
            Assert.Equal("UnknownProperty", w.Rule);

            Sink none = Run(new ValidationReportOptions { Detailed = true, Severities = new[] { ValidationSeverity.Info } }, r => r.CheckTask(Task(json)));
            Assert.Empty(none.Findings);
        }

        [Fact]
        public void ATaskFinding_CarriesWhereAndWhat_WithTheMessageMasked()
        {
            string json = "{\"id\":\"e\",\"commandLine\":\"run\",\"containerSettings\":{\"imageName\":\"u\",\"workingDirectory\":\"https://h/x?sv=1&sig=SECRET\"}}";
            Sink sink = Run(new ValidationReportOptions { Detailed = true }, r => r.CheckTask(Task(json)));
            ValidationFinding f = Assert.Single(sink.Findings);
            Assert.Equal("e", f.TaskId);
            Assert.Equal(1, f.RecordNumber);
            Assert.Null(f.File);
            Assert.Equal(0, f.Line);
            Assert.Equal("$.containerSettings.workingDirectory", f.Path);
            Assert.Equal("workingDirectory", f.Property);
            Assert.Equal("UnknownEnumValue", f.Rule);
            Assert.Equal(ValidationSeverity.Error, f.Severity);
            Assert.Equal("TaskContainerSettings", f.TypeName);
            Assert.Equal(ValidationFindingScope.Task, f.Scope);
            Assert.Contains("sig=***", f.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("SECRET", f.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("SECRET", f.ToString(), StringComparison.Ordinal);
            Assert.StartsWith("e: Error $.containerSettings.workingDirectory [UnknownEnumValue] ", f.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void AFile_IsOneVerdict_ItsRecordsAreNumberedAcrossFiles_AndAnUnreadableRecordIsAFinding()
        {
            string one = File("one.json", Good);
            string two = File("two.ndjson", Good + "\n{\"id\":\"x\",\"requiredSlots\":\"many\"}\n" + EmptyCommand + "\n");
            Sink verdicts = Run(new ValidationReportOptions(), r =>
            {
                r.CheckFile(one);
                r.CheckFile(two);
            });
            Assert.Equal(new[] { true, false }, verdicts.Verdicts);
            Assert.Equal(2, verdicts.Explanations.Count);
            Assert.StartsWith(two + ":2: (no id): Error $.requiredSlots [UnreadableJson] The record is not a readable task (", verdicts.Explanations[0], StringComparison.Ordinal);
            Assert.StartsWith(two + ":3: Task 'b' (record 4): Error $.commandLine [T7] ", verdicts.Explanations[1], StringComparison.Ordinal);

            Sink detailed = Run(new ValidationReportOptions { Detailed = true }, r =>
            {
                r.CheckFile(one);
                r.CheckFile(two);
            });
            Assert.Empty(detailed.Verdicts);
            Assert.Equal(2, detailed.Findings.Count);
            ValidationFinding bad = detailed.Findings[0];
            Assert.Equal((ValidationFindingScope.File, two, 2L, 3L, "$.requiredSlots", "requiredSlots", "UnreadableJson", ValidationSeverity.Error, ""),
                (bad.Scope, bad.File, bad.Line, bad.RecordNumber, bad.Path, bad.Property, bad.Rule, bad.Severity, bad.TypeName));
            ValidationFinding t7 = detailed.Findings[1];
            Assert.Equal((ValidationFindingScope.Task, two, 3L, 4L, "b", "T7"), (t7.Scope, t7.File, t7.Line, t7.RecordNumber, t7.TaskId, t7.Rule));
        }

        [Theory]
        [InlineData("")]
        [InlineData(" \r\n\t ")]
        [InlineData("\uFEFF\n")]
        public void ABlankFile_IsAnEmptyFileFinding(string content)
        {
            string path = File("blank.json", content);
            Sink sink = Run(new ValidationReportOptions { Detailed = true }, r => r.CheckFile(path));
            ValidationFinding f = Assert.Single(sink.Findings);
            Assert.Equal(("EmptyFile", 1L, 0L, "$", "", ValidationFindingScope.File), (f.Rule, f.Line, f.RecordNumber, f.Path, f.Property, f.Scope));
            Assert.Equal("The task file '" + path + "' is empty (no bytes, or white space only).", f.Message);
        }

        [Fact]
        public void AFileWithNoTask_AMissingFile_AFolder_AndAPatternMatchingNothing_AreFindings_AndFalseVerdicts()
        {
            string array = File("none.json", "[]");
            string missing = Path.Combine(_dir, "missing.json");
            Sink sink = Run(new ValidationReportOptions(), r =>
            {
                r.CheckFile(array);
                r.CheckFile(missing);
                r.CheckFile(_dir);
                r.FileNotFound("nowhere.json");
                r.NoFileMatches("*.none");
            });

            Assert.Equal(new[] { false, false, false, false, false }, sink.Verdicts);
            Assert.Equal(
                new[]
                {
                    array + ":1: (no id): Error $ [EmptyFile] The task file '" + array + "' holds no task (an empty array or list).",
                    missing + ":0: (no id): Error $ [FileNotFound] Cannot find the task file '" + missing + "'.",
                    _dir + ":0: (no id): Error $ [FileReadFailed] '" + _dir + "' is a folder, not a task file.",
                    "nowhere.json:0: (no id): Error $ [FileNotFound] Cannot find the task file 'nowhere.json'.",
                    "*.none:0: (no id): Error $ [FileNotFound] No task file matches '*.none'.",
                },
                sink.Explanations);
        }

        [Fact]
        public void Collection_OfObjects_IsOneVerdictAtTheEnd()
        {
            Sink valid = Run(new ValidationReportOptions { Collection = true }, r =>
            {
                r.CheckTask(Task(Good));
                r.CheckTask(Task("{\"id\":\"z\",\"commandLine\":\"run\"}"));
            });
            Assert.Equal(new[] { true }, valid.Verdicts);

            Sink duplicate = Run(new ValidationReportOptions { Collection = true }, r =>
            {
                r.CheckTask(Task(Good));
                r.CheckTask(Task("{\"id\":\"A\",\"commandLine\":\"run\"}"));
            });
            Assert.Equal(new[] { false }, duplicate.Verdicts);
            Assert.StartsWith("Collection (record 2): A: Error $.id [DuplicateTaskId] ", Assert.Single(duplicate.Explanations), StringComparison.Ordinal);

            // A task that fails alone fails the collection's one verdict.
            Sink oneBad = Run(new ValidationReportOptions { Collection = true }, r =>
            {
                r.CheckTask(Task(Good));
                r.CheckTask(Task(EmptyCommand));
            });
            Assert.Equal(new[] { false }, oneBad.Verdicts);
        }

        [Fact]
        public void Collection_OfFiles_NamesTheFileLineAndRecordOfEachTask()
        {
            string one = File("one.json", "[" + Good + ",\n" + "{\"id\":\"p\",\"commandLine\":\"run\",\"dependsOn\":{\"taskIds\":[\"nobody\"]}}]");
            string two = File("two.ndjson", "{\"id\":\"q\",\"commandLine\":\"run\"}\n{\"id\":\"A\",\"commandLine\":\"run\"}\n");
            Sink sink = Run(new ValidationReportOptions { Collection = true, Detailed = true }, r =>
            {
                r.CheckFile(one);
                r.CheckFile(two);
            });

            Assert.Empty(sink.Verdicts);
            ValidationFinding duplicate = Assert.Single(sink.Findings, f => f.Rule == "DuplicateTaskId");
            Assert.Equal((ValidationFindingScope.Collection, two, 2L, 4L, "A", "$.id", "id", "CloudTask", "T4"),
                (duplicate.Scope, duplicate.File, duplicate.Line, duplicate.RecordNumber, duplicate.TaskId, duplicate.Path, duplicate.Property, duplicate.TypeName, duplicate.ServiceRule));
            ValidationFinding unknown = Assert.Single(sink.Findings, f => f.Rule == "UnknownDependency");
            Assert.Equal((one, 2L, 2L, "p", "TaskDependencies", "taskIds"), (unknown.File, unknown.Line, unknown.RecordNumber, unknown.TaskId, unknown.TypeName, unknown.Property));
            Assert.Null(unknown.ServiceRule);
        }

        [Fact]
        public void AFileFinding_TakesThePropertyFromItsPath()
        {
            ValidationFinding f = ValidationFinding.OfFile("f.json", 3, 2, "$.outputFiles[1].destination", "UnreadableJson", "m");
            Assert.Equal("destination", f.Property);
            Assert.Equal(string.Empty, ValidationFinding.OfFile("f.json", 0, 0, "$", "FileNotFound", "m").Property);
            Assert.Equal(string.Empty, ValidationFinding.OfFile("f.json", 0, 0, "$[3]", "UnreadableJson", "m").Property);
        }
    }
}
