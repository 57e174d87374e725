using System.Text.Json.Nodes;
using TwitterSentiment.Contracts.Metrics;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Tests.Modeling;
using TwitterSentiment.Trainer.Tracking;

namespace TwitterSentiment.Trainer.Tests.Tracking;

/// <summary>Real tiny training runs (TorchSharp, a generated CSV) recorded into a real file store.</summary>
public sealed class TrainingRunTrackerTests : IDisposable
{
    private TempDirectory _temp = null!;
    private StringWriter _console = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TempDirectory();
        _console = new StringWriter();
    }

    [TearDown]
    public void TearDown() => Dispose();

    public void Dispose()
    {
        _temp?.Dispose();
        _console?.Dispose();
    }

    private string Store => Path.Combine(_temp.Path, "mlruns");

    private TrainingRunOptions Options(string? data = null) =>
        (TinyRun.Options(_temp.Path, data ?? TweetCsv.Write(Path.Combine(_temp.Path, "tweets.csv"), rows: 300), "tiny-tracked")
            with { Experiment = "tracker-tests" }).WithEpochs(2);

    private Task<TrainingRunTracker> StartAsync(TrainingRunOptions options)
    {
        var env = new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = Store };
        return TrainingRunTracker.StartAsync(new ExperimentTracker(key => env.GetValueOrDefault(key), _temp.Path, _console), options, _console, CancellationToken.None);
    }

    private static string Read(string runDirectory, params string[] parts) => File.ReadAllText(Path.Combine([runDirectory, .. parts]));

    [Test]
    public async Task A_finished_training_run_records_params_epoch_metrics_tags_plots_and_the_model()
    {
        var options = Options();
        await using var tracker = await StartAsync(options);

        var report = options.Execute(new RecordingObserver(), tracker).Training;

        string run = tracker.Run.Location;
        var meta = PyYaml.Fields(Path.Combine(run, "meta.yaml"));
        string[] valLoss = File.ReadAllLines(Path.Combine(run, "metrics", "val_loss"));
        Assert.Multiple(() =>
        {
            Assert.That(MlflowStoreValidator.Validate(Store), Is.Empty);
            Assert.That(PyYaml.Int(meta["status"]), Is.EqualTo(3));
            Assert.That(PyYaml.TypeOf(meta["end_time"]), Is.EqualTo("int"));
            Assert.That(PyYaml.Text(meta["run_name"]), Is.EqualTo("tiny-tracked"));
            Assert.That(Read(run, "params", "epochs"), Is.EqualTo("2"));
            Assert.That(Read(run, "params", "sequence_length"), Is.EqualTo("12"));
            Assert.That(Read(run, "params", "learning_rate"), Is.EqualTo("0.01"));
            Assert.That(Read(run, "params", "vocabulary_size"), Is.EqualTo(report.Model.VocabularySize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(Read(run, "params", "data_sha256"), Is.EqualTo(report.Data.Sha256));
            Assert.That(Read(run, "params", "data_path"), Is.EqualTo(report.Data.Source));
            Assert.That(Read(run, "params", "data_tweets"), Is.EqualTo("300"));
            Assert.That(Read(run, "params", "seed"), Is.EqualTo("42"));
            Assert.That(Read(run, "params", "threads"), Is.EqualTo("1"));
            Assert.That(Read(run, "params", "bidirectional"), Is.EqualTo("False"));
            Assert.That(Read(run, "params", "torchsharp_version"), Does.Match(@"^\d+\.\d+"));
            Assert.That(Read(run, "params", "libtorch_version"), Does.Match(@"^\d+\.\d+"));
            Assert.That(Directory.Exists(Path.Combine(run, "params", "tracking_uri")), Is.False);
            Assert.That(valLoss.Select(line => line.Split(' ')[2]), Is.EqualTo(report.History.Select(e => e.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            foreach (string metric in new[] { "loss", "accuracy", "val_accuracy", "learning_rate", "sequences_per_second" })
                Assert.That(File.ReadAllLines(Path.Combine(run, "metrics", metric)), Has.Length.EqualTo(report.History.Count), metric);
            Assert.That(double.Parse(Read(run, "metrics", "test_accuracy").Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(report.Test.Accuracy));
            Assert.That(Read(run, "tags", "mlflow.source.type"), Is.EqualTo("LOCAL"));
            Assert.That(Read(run, "tags", "mlflow.user"), Is.EqualTo(Environment.UserName));
            Assert.That(Read(run, "tags", "mlflow.runName"), Is.EqualTo("tiny-tracked"));
            Assert.That(Read(run, "tags", "mlflow.note.content"), Does.Contain("Test: accuracy"));
            Assert.That(JsonNode.Parse(Read(run, "tags", "mlflow.log-model.history"))?[0]?["artifact_path"]?.GetValue<string>(), Is.EqualTo("model"));
            foreach (string artifact in new[] { "plots/learning_curves.png", "plots/roc_curve.png", "plots/confusion_matrix.png", "metrics.json",
                         "vocabulary.txt", "checkpoint/model.json", "checkpoint/weights.dat", "model/MLmodel", "model/tfmodel/saved_model.pb" })
            {
                Assert.That(File.Exists(Path.Combine(run, "artifacts", artifact)), Is.True, artifact);
            }

            Assert.That(JsonNode.Parse(Read(run, "artifacts", "metrics.json"))?["test"]?["accuracy"]?.GetValue<double>(), Is.EqualTo(report.Test.Accuracy));
            Assert.That(_console.ToString(), Does.Contain(tracker.Run.RunId));
        });
    }

    [Test]
    public async Task An_interrupted_run_ends_KILLED_with_an_end_time_and_keeps_the_epochs_it_logged()
    {
        var options = Options().WithEpochs(3);
        using var cancel = new CancellationTokenSource();
        await using var tracker = await StartAsync(options);
        var stopper = new RecordingObserver(cancel, batchesBeforeCancel: 12);

        try
        {
            options.Execute(stopper, tracker, cancel.Token);
            Assert.Fail("the run should have been cancelled");
        }
        catch (OperationCanceledException ex)
        {
            await tracker.FailAsync(ex);
        }

        var meta = PyYaml.Fields(Path.Combine(tracker.Run.Location, "meta.yaml"));
        Assert.Multiple(() =>
        {
            Assert.That(PyYaml.Int(meta["status"]), Is.EqualTo(5));
            Assert.That(PyYaml.TypeOf(meta["end_time"]), Is.EqualTo("int"));
            Assert.That(File.ReadAllLines(Path.Combine(tracker.Run.Location, "metrics", "loss")), Has.Length.EqualTo(stopper.Epochs.Count));
            Assert.That(Read(tracker.Run.Location, "tags", "mlflow.note.content"), Does.Contain("Interrupted"));
            Assert.That(MlflowStoreValidator.Validate(Store), Is.Empty);
        });
    }

    [Test]
    public async Task A_run_that_throws_ends_FAILED_with_the_reason_in_its_description()
    {
        var options = Options(data: Path.Combine(_temp.Path, "missing.csv"));
        await using var tracker = await StartAsync(options);

        var error = Assert.Catch(() => options.Execute(new RecordingObserver(), tracker));
        await tracker.FailAsync(error ?? new InvalidOperationException("no exception"));

        var meta = PyYaml.Fields(Path.Combine(tracker.Run.Location, "meta.yaml"));
        Assert.Multiple(() =>
        {
            Assert.That(PyYaml.Int(meta["status"]), Is.EqualTo(4));
            Assert.That(PyYaml.TypeOf(meta["end_time"]), Is.EqualTo("int"));
            Assert.That(Read(tracker.Run.Location, "tags", "mlflow.note.content"), Does.Contain("missing.csv"));
        });
    }

    [Test]
    public async Task A_run_nobody_ended_is_marked_FAILED_when_disposed()
    {
        string location;
        await using (var tracker = await StartAsync(Options()))
            location = tracker.Run.Location;

        Assert.That(PyYaml.Int(PyYaml.Fields(Path.Combine(location, "meta.yaml"))["status"]), Is.EqualTo(4));
    }

    [Test]
    public async Task A_run_on_a_tracking_server_logs_everything_over_REST_and_uploads_the_model_through_the_proxy()
    {
        using var server = new FakeMlflowServer();
        using var http = new HttpClient();
        var env = new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = server.BaseUri.AbsoluteUri };
        var options = Options();
        await using var tracker = await TrainingRunTracker.StartAsync(
            new ExperimentTracker(key => env.GetValueOrDefault(key), _temp.Path, _console, http), options, _console, CancellationToken.None);

        var report = options.Execute(new RecordingObserver(), tracker).Training;

        var run = server.Runs[tracker.Run.RunId];
        string prefix = $"{tracker.Run.ExperimentId}/{tracker.Run.RunId}/artifacts/";
        Assert.Multiple(() =>
        {
            Assert.That(server.Experiments["tracker-tests"].Id, Is.EqualTo(tracker.Run.ExperimentId));
            Assert.That(run.Status, Is.EqualTo("FINISHED"));
            Assert.That(run.Params["data_sha256"], Is.EqualTo(report.Data.Sha256));
            Assert.That(run.Metrics.Where(m => m.Key == "val_loss").Select(m => m.Step), Is.EqualTo(report.History.Select(e => (long)e.Epoch)));
            Assert.That(run.Tags[MlflowTags.LogModelHistory], Does.Contain("tfmodel"));
            Assert.That(server.Artifacts.Keys, Does.Contain(prefix + "model/MLmodel").And.Contain(prefix + "model/tfmodel/saved_model.pb")
                .And.Contain(prefix + "plots/roc_curve.png").And.Contain(prefix + "checkpoint/weights.dat").And.Contain(prefix + "metrics.json"));
            Assert.That(Directory.Exists(Path.Combine(_temp.Path, "mlruns")), Is.False, "nothing fell back to the local store");
        });
    }

    [Test]
    public async Task An_artifact_that_cannot_be_logged_is_reported_and_the_run_still_finishes()
    {
        var options = Options();
        await using var tracker = await StartAsync(options);
        int[] labels = [1, 0, 1, 0];
        float[] probabilities = [0.9f, 0.2f, 0.4f, 0.6f];
        var metrics = ClassificationMetrics.Compute(labels, probabilities);
        var report = new TrainingReport(options, new DataFacts("d.csv", "test data", "TextLabelCsv", 4, 4, 0, 0, [], new string('a', 64)),
            new SplitSizes(2, 1, 1), options.ModelFor(10), [new EpochResult(1, 0.6, 0.7, 0.65, 0.6, 0.01, 1000, TimeSpan.FromSeconds(1))],
            1, false, metrics, metrics, labels, probabilities,
            new TrainingTimings(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero))
        {
            Calibration = new TemperatureFit(1, 0, new TermWeights(1, 0, 0, 0)),
            ValidationBeforeCalibration = metrics,
        };
        string notASavedModel = Path.Combine(_temp.Path, "not-a-model");
        Directory.CreateDirectory(notASavedModel);

        await tracker.CompleteAsync(report, Path.Combine(_temp.Path, "no-checkpoint"), notASavedModel);

        Assert.Multiple(() =>
        {
            Assert.That(PyYaml.Int(PyYaml.Fields(Path.Combine(tracker.Run.Location, "meta.yaml"))["status"]), Is.EqualTo(3));
            Assert.That(_console.ToString(), Does.Contain("could not log the checkpoint").And.Contain("could not log the SavedModel"));
            Assert.That(File.Exists(Path.Combine(tracker.Run.Location, "artifacts", "plots", "roc_curve.png")), Is.True);
            Assert.That(MlflowStoreValidator.Validate(Store), Is.Empty);
        });
    }

    [Test]
    public void Option_names_become_snake_case_param_keys()
    {
        Assert.That(TrainingRunParams.SnakeCase("MaxTokens"), Is.EqualTo("max_tokens"));
        Assert.That(TrainingRunParams.SnakeCase("LstmUnits"), Is.EqualTo("lstm_units"));
        Assert.That(TrainingRunParams.SnakeCase("Seed"), Is.EqualTo("seed"));
    }
}
