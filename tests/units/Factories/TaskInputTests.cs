using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using BatchTaskPS.Factories;
using BatchTaskPS.Model;
using BatchTaskPS.Serialization;
using Xunit;

namespace BatchTaskPS.Tests.Factories
{
    /// <summary>The one mapping from rows and parameter values to a task (issue 12): nothing dropped, one vocabulary.</summary>
    public sealed class TaskInputTests
    {
        private static readonly TaskInput Input = new TaskInput(new BatchTaskReader());

        private static string Json(CloudTask task) => new BatchTaskWriter(new BatchTaskWriterOptions { Indented = false }).Write(task);

        private static CloudTask Row(params (string Column, object? Value)[] cells) =>
            Input.FromRow(cells.Select(c => new KeyValuePair<string, object?>(c.Column, c.Value)), 1);

        private static TaskInputException RowFault(params (string Column, object? Value)[] cells) =>
            Assert.Throws<TaskInputException>(() => Row(cells));

        [Fact]
        public void ARowWhoseOtherCellsAreAllEmpty_IsOnlyItsIdAndCommandLine()
        {
            var cells = new List<(string, object?)> { ("Id", "e"), ("CommandLine", "c") };
            foreach (string column in TaskInput.ConstraintFields.Concat(TaskInput.DefinitionFields).Where(f => f != TaskInput.CommandLine))
            {
                cells.Add((column, column.Length % 2 == 0 ? string.Empty : " "));
            }

            Assert.Equal(25, cells.Count); // Id, CommandLine, the 4 constraint fields and the 19 other definition fields
            Assert.Equal("{\"id\":\"e\",\"commandLine\":\"c\"}", Json(Row(cells.ToArray())));
        }

        [Theory]
        [InlineData("ResourceFiles", "https://a.blob.core.windows.net/in/d/x%20y.csv?sv=1&sig=S", "\"resourceFiles\":[{\"httpUrl\":\"https://a.blob.core.windows.net/in/d/x%20y.csv?sv=1&sig=S\",\"filePath\":\"x y.csv\"}]")]
        [InlineData("ResourceFiles", " https://h/a ;;https://h/b.txt; ", "\"resourceFiles\":[{\"httpUrl\":\"https://h/a\",\"filePath\":\"a\"},{\"httpUrl\":\"https://h/b.txt\",\"filePath\":\"b.txt\"}]")]
        [InlineData("ResourceFiles", "{\"storageContainerUrl\":\"https://h/c\",\"filePath\":\"in\"}", "\"resourceFiles\":[{\"storageContainerUrl\":\"https://h/c\",\"filePath\":\"in\"}]")]
        [InlineData("OutputFiles", "*.txt>https://h/out?sig=S", "\"outputFiles\":[{\"filePattern\":\"*.txt\",\"destination\":{\"container\":{\"containerUrl\":\"https://h/out?sig=S\"}},\"uploadOptions\":{\"uploadCondition\":\"taskcompletion\"}}]")]
        [InlineData("ApplicationPackageReferences", "a#1.0; b", "\"applicationPackageReferences\":[{\"applicationId\":\"a\",\"version\":\"1.0\"},{\"applicationId\":\"b\"}]")]
        [InlineData("DependsOnTaskId", "p;q ; ;r", "\"dependsOn\":{\"taskIds\":[\"p\",\"q\",\"r\"]}")]
        [InlineData("DependsOnTaskIdRange", "1-3; 7 - 9", "\"dependsOn\":{\"taskIdRanges\":[{\"start\":1,\"end\":3},{\"start\":7,\"end\":9}]}")]
        [InlineData("EnvironmentSettings", "A=1;;2;B=", "\"environmentSettings\":[{\"name\":\"A\",\"value\":\"1;2\"},{\"name\":\"B\",\"value\":\"\"}]")]
        [InlineData("EnvironmentSettings", "[{\"name\":\"A\",\"value\":\"1\"}]", "\"environmentSettings\":[{\"name\":\"A\",\"value\":\"1\"}]")]
        [InlineData("MaxWallClockTime", "1.02:00:00", "\"constraints\":{\"maxWallClockTime\":\"P1DT2H\"}")]
        [InlineData("RetentionTime", "p7d", "\"constraints\":{\"retentionTime\":\"P7D\"}")]
        [InlineData("MaxTaskRetryCount", " -1 ", "\"constraints\":{\"maxTaskRetryCount\":-1}")]
        [InlineData("RequiredSlots", "2", "\"requiredSlots\":2")]
        [InlineData("AutoUserScope", "POOL", "\"userIdentity\":{\"autoUser\":{\"scope\":\"pool\"}}")]
        [InlineData("constraints", "{\"maxTaskRetryCount\":3}", "\"constraints\":{\"maxTaskRetryCount\":3}")]
        [InlineData("affinity_info", "{\"affinityId\":\"n1\"}", "\"affinityInfo\":{\"affinityId\":\"n1\"}")]
        public void ACellIsReadInTheVocabulary(string column, string cell, string expected)
        {
            string json = Json(Row(("Id", "v"), ("CommandLine", "c"), (column, cell)));
            Assert.Contains(expected, json, StringComparison.Ordinal);

            // The same text given as a parameter value gives the same task.
            var task = new CloudTask { Id = "v", CommandLine = "c" };
            Input.Apply(task, new Dictionary<string, object?> { [TaskInput.FieldOfColumn(column)!] = cell });
            Assert.Equal(json, Json(task));
        }

        [Theory]
        [InlineData("MaxWallClockTime", "2", "not a duration")]
        [InlineData("MaxWallClockTime", "2h", "not a duration")]
        [InlineData("MaxWallClockTime", "P1X", "not an ISO 8601 duration")]
        [InlineData("MaxTaskRetryCount", "1.5", "not a whole number")]
        [InlineData("RequiredSlots", "99999999999", "not a whole number")]
        [InlineData("ElevationLevel", "Admn", "the closest is 'admin'")]
        [InlineData("ResourceFiles", "in.txt", "not an http(s) URL")]
        [InlineData("ResourceFiles", "https://h/dir/?sig=S", "names no file")]
        [InlineData("ResourceFiles", "[{\"httpUrl\":", "starts like JSON but is not JSON")]
        [InlineData("OutputFiles", ">https://h/c", "filePattern>containerUrl")]
        [InlineData("ApplicationPackageReferences", "#1.0", "applicationId#version")]
        [InlineData("DependsOnTaskIdRange", "5", "start-end")]
        [InlineData("EnvironmentSettings", "A=1;secretvalue", "setting 2 has no NAME")]
        [InlineData("ContainerSettings", "ubuntu", "give its JSON object")]
        [InlineData("RegistryCredential", "user:password", "PSCredential")]
        public void AValueThatCannotBeUsed_IsRefused_NamingRowColumnAndTheAcceptedForms(string column, string cell, string says)
        {
            TaskInputException e = RowFault(("Id", "v"), ("CommandLine", "c"), (column, cell));
            Assert.StartsWith("Row 1, column '" + column + "': ", e.Message, StringComparison.Ordinal);
            Assert.Contains(says, e.Message, StringComparison.Ordinal);
            Assert.Equal(1, e.Row);
            Assert.Equal(column, e.Column);
            Assert.Equal(cell, e.Value);
            Assert.DoesNotContain("secretvalue", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void AnErrorQuotesTheValueMaskedAndShortened()
        {
            string cell = "ftp://h/x?sig=SECRETSIG" + new string('a', 5_000_000);
            TaskInputException e = RowFault(("Id", "v"), ("CommandLine", "c"), ("ResourceFiles", cell));
            Assert.DoesNotContain("SECRETSIG", e.Message, StringComparison.Ordinal);
            Assert.True(e.Message.Length < 600, e.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var fault = new TaskRowFault(e);
            Assert.Equal("row 1, column ResourceFiles", fault.ToString());
            Assert.DoesNotContain("SECRETSIG", fault.Value, StringComparison.Ordinal);
            Assert.True(fault.Value!.Length <= 200);
        }

        [Fact]
        public void TypedValuesAreTakenAsTheyAre()
        {
            CloudTask task = Row(
                ("TaskId", "t"), ("CommandLine", "c"), ("MaxWallClockTime", TimeSpan.FromMinutes(90)), ("MaxTaskRetryCount", 3L),
                ("RequiredSlots", 2.0), ("ElevationLevel", ElevationLevel.Admin),
                ("ResourceFiles", new object[] { new Hashtable { ["httpUrl"] = "https://h/a", ["filePath"] = "in/a" }, "https://h/b" }),
                ("RegistryCredential", new NetworkCredential("user", "pw")), ("ContainerImage", "img"));
            Assert.Equal(
                "{\"id\":\"t\",\"commandLine\":\"c\",\"containerSettings\":{\"imageName\":\"img\",\"registry\":{\"username\":\"user\",\"password\":\"pw\"}}," +
                "\"resourceFiles\":[{\"httpUrl\":\"https://h/a\",\"filePath\":\"in/a\"},{\"httpUrl\":\"https://h/b\",\"filePath\":\"b\"}]," +
                "\"constraints\":{\"maxWallClockTime\":\"PT1H30M\",\"maxTaskRetryCount\":3},\"requiredSlots\":2,\"userIdentity\":{\"autoUser\":{\"elevationLevel\":\"admin\"}}}",
                Json(task));
        }

        [Theory]
        [InlineData(2, "the number 2 is not a duration")]
        [InlineData(2.5, "the number 2.5 is not a duration")]
        public void ANumberIsNotADuration(object value, string says)
        {
            TaskInputException e = RowFault(("Id", "v"), ("CommandLine", "c"), ("MaxWallClockTime", value));
            Assert.Contains(says, e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void DefaultsFillOnlyTheFieldsARowLeavesEmpty()
        {
            var defaults = new Dictionary<string, object?> { ["MaxTaskRetryCount"] = 1, ["DisplayName"] = "all" };
            TaskRowReader reader = Input.OpenRows(defaults);
            var tasks = new List<string>();
            foreach (string retries in new[] { string.Empty, "5" })
            {
                reader.Begin();
                reader.Add("Id", "r" + retries);
                reader.Add("CommandLine", "c");
                reader.Add("MaxTaskRetryCount", retries);
                tasks.Add(Json(reader.End(tasks.Count + 1)));
            }

            Assert.Equal("{\"id\":\"r\",\"displayName\":\"all\",\"commandLine\":\"c\",\"constraints\":{\"maxTaskRetryCount\":1}}", tasks[0]);
            Assert.Equal("{\"id\":\"r5\",\"displayName\":\"all\",\"commandLine\":\"c\",\"constraints\":{\"maxTaskRetryCount\":5}}", tasks[1]);
        }

        [Fact]
        public void ColumnsThatAreNotFieldsAreReported_AndTheRowStillMakesItsTask()
        {
            var unused = new List<string>();
            CloudTask task = Input.FromRow(new[]
            {
                new KeyValuePair<string, object?>("Id", "a"), new KeyValuePair<string, object?>("Notes", "x"),
                new KeyValuePair<string, object?>("CommandLine", "c"), new KeyValuePair<string, object?>("maxWallClokTime", "PT1H"),
            }, 4, null, unused);
            Assert.Equal(new[] { "Notes", "maxWallClokTime" }, unused);
            Assert.Equal("{\"id\":\"a\",\"commandLine\":\"c\"}", Json(task));
        }

        [Theory]
        [InlineData("Id", "has no Id")]
        [InlineData("CommandLine", "has no CommandLine")]
        public void ARowWithoutIdOrCommandLineIsRefused(string missing, string says)
        {
            var cells = new[] { ("Id", (object?)"a"), ("CommandLine", "c") }.Where(c => c.Item1 != missing).ToArray();
            TaskInputException e = RowFault(cells);
            Assert.Contains("Row 1", e.Message, StringComparison.Ordinal);
            Assert.Contains(says, e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void ARowThatGivesAFieldTwiceIsRefused()
        {
            TaskInputException e = RowFault(("Id", "a"), ("CommandLine", "c"), ("taskid", "b"));
            Assert.Equal("Row 1 gives Id twice, in column 'Id' and in column 'taskid': keep one of them.", e.Message);
        }

        [Fact]
        public void APropertyColumnIsTheWholeTask_ThatTheOtherCellsChange()
        {
            CloudTask task = Row(("Property", "{\"id\":\"p\",\"commandLine\":\"c\",\"x-custom\":1}"), ("DisplayName", "d"));
            Assert.Equal("{\"id\":\"p\",\"displayName\":\"d\",\"commandLine\":\"c\",\"x-custom\":1}", Json(task));
        }

        [Fact]
        public void UserNameWithAutoUserSettingsIsAConflict()
        {
            Assert.Throws<ConflictingUserIdentityException>(() => Row(("Id", "a"), ("CommandLine", "c"), ("UserName", "u"), ("ElevationLevel", "admin")));
        }

        [Fact]
        public void ConstraintChangesKeepWhatIsNotGiven()
        {
            CloudTask task = new BatchTaskReader().ReadTask("{\"id\":\"a\",\"commandLine\":\"c\",\"constraints\":{\"maxWallClockTime\":\"PT1H\",\"retentionTime\":\"P1D\",\"maxTaskRetryCount\":1}}");
            Input.Apply(task, new Dictionary<string, object?> { ["MaxTaskRetryCount"] = "4" });
            Assert.Equal("{\"id\":\"a\",\"commandLine\":\"c\",\"constraints\":{\"maxWallClockTime\":\"PT1H\",\"retentionTime\":\"P1D\",\"maxTaskRetryCount\":4}}", Json(task));
        }

        [Fact]
        public void ARowReaderLooksUpEachColumnNameOnce_NotOncePerRow()
        {
            string[] names = { "Id", "CommandLine", "MaxWallClockTime", "Notes", "ElevationLevel" };
            TaskRowReader reader = Input.OpenRows();
            for (int i = 1; i <= 10_000; i++)
            {
                reader.Begin();
                reader.Add(names[0], "t" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                reader.Add(names[1], "c");
                reader.Add(names[2], "PT1H");
                reader.Add(names[3], "x");
                reader.Add(names[4], "admin");
                Assert.Equal("t" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), reader.End(i).Id);
            }

            Assert.Equal(names.Length, reader.NameLookups);
        }

        [Fact]
        public void EveryBadCellOfARowIsReported_NotOnlyTheFirst()
        {
            TaskInputException e = RowFault(("Id", "v"), ("CommandLine", "c"), ("MaxWallClockTime", "2h"), ("ElevationLevel", "Admn"), ("RequiredSlots", "two"), ("DisplayName", "fine"));
            Assert.Equal(new[] { "MaxWallClockTime", "RequiredSlots", "ElevationLevel" }, e.Faults.Select(f => f.Column));
            Assert.All(e.Faults, f => Assert.StartsWith("Row 1, column '" + f.Column + "'", f.Message, StringComparison.Ordinal));
            Assert.Same(e, e.Faults[0]);
        }

        [Fact]
        public void ABadPropertyCellIsReportedAlone_WithoutAMissingIdBesideIt()
        {
            TaskInputException e = RowFault(("Property", "{\"id\":"), ("DisplayName", "d"));
            Assert.Equal(new[] { "Property" }, e.Faults.Select(f => f.Column));
        }

        [Fact]
        public void TextListsSkipEmptyItems()
        {
            Assert.Equal(new[] { "a", "b" }, TaskInputText.SplitList(" a ;; ;b;"));
            Assert.Empty(TaskInputText.SplitList(" ; "));
        }
    }
}
