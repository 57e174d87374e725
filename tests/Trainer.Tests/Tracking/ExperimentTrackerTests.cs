using TwitterSentiment.Trainer.Tracking;

namespace TwitterSentiment.Trainer.Tests.Tracking;

public sealed class ExperimentTrackerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private ExperimentTracker Tracker(Dictionary<string, string> env) => new(key => env.GetValueOrDefault(key), _temp.Path, TextWriter.Null);

    private string ExperimentName(ITrackedRun run) =>
        PyYaml.Text(PyYaml.Fields(Path.Combine(_temp.File("mlruns"), run.ExperimentId, "meta.yaml"))["name"]);

    [Test]
    public async Task The_experiment_comes_from_MLFLOW_EXPERIMENT_NAME_unless_the_flag_names_one()
    {
        var env = new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = _temp.File("mlruns"), ["MLFLOW_EXPERIMENT_NAME"] = "from-env" };

        var fromEnvironment = await Tracker(env).StartRunAsync(new TrackingOptions(), new Dictionary<string, string>(), CancellationToken.None);
        var fromFlag = await Tracker(env).StartRunAsync(new TrackingOptions { ExperimentName = "from-flag" }, new Dictionary<string, string>(), CancellationToken.None);

        Assert.That(ExperimentName(fromEnvironment), Is.EqualTo("from-env"));
        Assert.That(ExperimentName(fromFlag), Is.EqualTo("from-flag"));
    }

    [Test]
    public async Task Without_any_experiment_runs_go_to_Default_and_the_tags_are_written()
    {
        var env = new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = new Uri(_temp.File("mlruns")).AbsoluteUri };

        var run = await Tracker(env).StartRunAsync(new TrackingOptions { RunName = "r" },
            new Dictionary<string, string> { [MlflowTags.User] = "bob", [MlflowTags.SourceType] = "LOCAL" }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExperimentId, Is.EqualTo("0"));
            Assert.That(run.Location, Does.StartWith(_temp.File("mlruns")));
            Assert.That(PyYaml.Text(PyYaml.Fields(Path.Combine(run.Location, "meta.yaml"))["user_id"]), Is.EqualTo("bob"));
            Assert.That(File.ReadAllText(Path.Combine(run.Location, "tags", "mlflow.source.type")), Is.EqualTo("LOCAL"));
        });
    }
}
