using TwitterSentiment.Trainer.Tracking;
using TwitterSentiment.Trainer.Tracking.FileStore;

namespace TwitterSentiment.Trainer.Tests.Tracking;

/// <summary>The validator the other tests rely on must itself catch what breaks MLflow's reader.</summary>
public sealed class MlflowStoreValidatorTests : IDisposable
{
    private TempDirectory _temp = null!;
    private string _store = "";
    private string _run = "";

    [SetUp]
    public async Task SetUp()
    {
        _temp = new TempDirectory();
        _store = _temp.File("mlruns");
        var run = new MlflowFileStore(_store, TextWriter.Null).CreateRun(new RunStartInfo { ExperimentName = "e", RunName = "r", UserName = "u" });
        await run.LogMetricsAsync([new MetricPoint("loss", 0.5, 1, 1)]);
        await run.LogParamsAsync(new Dictionary<string, string> { ["seed"] = "1" });
        _run = run.Location;
    }

    [TearDown]
    public void TearDown() => Dispose();

    public void Dispose() => _temp?.Dispose();

    private void Replace(string file, string from, string to) => File.WriteAllText(file, File.ReadAllText(file).Replace(from, to, StringComparison.Ordinal));

    private string RunMeta => Path.Combine(_run, "meta.yaml");

    [Test]
    public void A_store_written_by_the_file_store_is_valid()
    {
        Assert.That(MlflowStoreValidator.Validate(_store), Is.Empty);
    }

    [Test]
    public void An_empty_run_meta_yaml_is_reported()
    {
        File.WriteAllText(RunMeta, "");

        Assert.That(MlflowStoreValidator.Validate(_store), Has.Some.Contains("unreadable"));
    }

    [Test]
    public void A_missing_user_id_is_reported()
    {
        File.WriteAllLines(RunMeta, File.ReadAllLines(RunMeta).Where(line => !line.StartsWith("user_id", StringComparison.Ordinal)));

        Assert.That(MlflowStoreValidator.Validate(_store), Has.Some.Contains("user_id is missing"));
    }

    [Test]
    public void A_status_written_as_a_string_is_reported()
    {
        Replace(RunMeta, "status: 1", "status: RUNNING");

        Assert.That(MlflowStoreValidator.Validate(_store), Has.Some.Contains("status is a Python str"));
    }

    [Test]
    public void An_unquoted_numeric_run_id_is_reported_as_the_wrong_type()
    {
        string id = Path.GetFileName(_run);
        Replace(RunMeta, $"run_id: '{id}'", "run_id: 12345");

        Assert.That(MlflowStoreValidator.Validate(_store), Has.Some.Contains("run_id is a Python int"));
    }

    [Test]
    public void A_run_whose_experiment_id_differs_from_its_folder_is_reported()
    {
        string experiment = Path.GetFileName(Path.GetDirectoryName(_run) ?? "");
        Replace(RunMeta, $"experiment_id: '{experiment}'", "experiment_id: '0'");

        Assert.That(MlflowStoreValidator.Validate(_store), Has.Some.Contains("differs from the parent directory"));
    }

    [TestCase("1 0.5 1 extra\n", "has 4 fields")]
    [TestCase("1 0.5 1", "not newline-terminated")]
    [TestCase("1.0 0.5 1\n", "not a Python int")]
    [TestCase("1 0,5 1\n", "not a Python float")]
    [TestCase("", "empty metric file")]
    public void A_malformed_metric_file_is_reported(string content, string problem)
    {
        File.WriteAllText(Path.Combine(_run, "metrics", "loss"), content);

        Assert.That(MlflowStoreValidator.Validate(_store), Has.Some.Contains(problem));
    }

    [TestCase("metrics", "bad:key")]
    [TestCase("params", "dollar$")]
    [TestCase("tags", ".tmp-0123")]
    public void A_stray_or_badly_named_file_among_the_entries_is_reported(string folder, string name)
    {
        File.WriteAllText(Path.Combine(_run, folder, name), "1 1 1\n");

        Assert.That(MlflowStoreValidator.Validate(_store), Is.Not.Empty);
    }

    [Test]
    public void A_finished_run_without_an_end_time_is_reported()
    {
        Replace(RunMeta, "status: 1", "status: 3");

        Assert.That(MlflowStoreValidator.Validate(_store), Has.Some.Contains("no integer end_time"));
    }

    [Test]
    public void A_missing_Default_experiment_and_an_experiment_without_meta_are_reported()
    {
        File.Delete(Path.Combine(_store, "0", "meta.yaml"));
        Directory.CreateDirectory(Path.Combine(_store, "123"));

        var problems = MlflowStoreValidator.Validate(_store);

        Assert.That(problems, Has.Some.Contains("Default experiment"));
        Assert.That(problems, Has.Some.Contains("experiment 123: no meta.yaml"));
    }
}
