using System.Text.Json;
using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Export.Proto;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Runs;
using TwitterSentiment.Trainer.Tests.Modeling;
using TwitterSentiment.Trainer.Tracking;
using TwitterSentiment.Trainer.Tracking.FileStore;

namespace TwitterSentiment.Trainer.Tests.Tracking;

/// <summary>
/// Real tiny training runs against a real loopback tracking server that never answers, answers 500, answers too
/// slowly, or hangs in the middle of the run: the run finishes, everything it logged is in the local store, and the
/// exported model names the MLflow run that holds it. Timeouts are short so the tests are quick; nothing is timed.
/// </summary>
public sealed class TrackingOutageTests : IDisposable
{
    private TempDirectory _temp = null!;
    private StringWriter _notices = null!;
    private HttpClient _http = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TempDirectory();
        _notices = new StringWriter();
        _http = new HttpClient();
    }

    [TearDown]
    public void TearDown() => Dispose();

    public void Dispose()
    {
        _temp?.Dispose();
        _notices?.Dispose();
        _http?.Dispose();
    }

    private string Store => Path.Combine(_temp.Path, "mlruns");

    private TrainingRunOptions Options() =>
        (TinyRun.Options(_temp.Path, TweetCsv.Write(Path.Combine(_temp.Path, "tweets.csv"), rows: 300), "outage") with { Experiment = "outage" }).WithEpochs(2);

    private Task<TrainingRunTracker> StartAsync(Uri server, TrainingRunOptions options)
    {
        var env = new Dictionary<string, string> { ["MLFLOW_TRACKING_URI"] = server.AbsoluteUri };
        var tracker = new ExperimentTracker(key => env.GetValueOrDefault(key), _temp.Path, _notices, _http)
        {
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            AttemptTimeout = TimeSpan.FromMilliseconds(300),
            RequestTimeout = TimeSpan.FromSeconds(1),
            UploadAttemptTimeout = TimeSpan.FromMilliseconds(300),
            UploadTimeout = TimeSpan.FromSeconds(1),
        };
        return TrainingRunTracker.StartAsync(tracker, options, _notices, CancellationToken.None);
    }

    /// <summary>The run in the local store: finished, with the parameters, both epochs, final metrics and the model.</summary>
    private void AssertRecordedLocally(TrainingRunTracker tracker, TrainingRunResult result)
    {
        string run = tracker.Run.Location;
        Assert.Multiple(() =>
        {
            Assert.That(run, Does.StartWith(Store));
            Assert.That(PyYaml.Int(PyYaml.Fields(Path.Combine(run, "meta.yaml"))["status"]), Is.EqualTo(3));
            Assert.That(File.ReadAllText(Path.Combine(run, "params", "data_sha256")), Is.EqualTo(result.Training.Data.Sha256));
            Assert.That(File.ReadAllLines(Path.Combine(run, "metrics", "val_loss")).Select(line => line.Split(' ')[2]), Is.EqualTo(new[] { "1", "2" }));
            Assert.That(File.Exists(Path.Combine(run, "metrics", "test_accuracy")), Is.True);
            Assert.That(File.Exists(Path.Combine(run, "artifacts", "model", "tfmodel", "saved_model.pb")), Is.True);
            Assert.That(File.Exists(Path.Combine(run, "artifacts", "checkpoint", "weights.dat")), Is.True);
            Assert.That(ServedModelInfo(result).GetProperty("mlflow_run_id").GetString(), Is.EqualTo(tracker.Run.RunId), "the export names the run that holds it");
            Assert.That(ServedModelInfo(result).GetProperty("mlflow_tracking_uri").GetString(), Is.EqualTo(new Uri(Store).AbsoluteUri), "and the local store that holds it, as MLFLOW_TRACKING_URI takes it");
            Assert.That(ServedModelInfo(result).GetProperty("mlflow_experiment_id").GetString(), Is.EqualTo(tracker.Run.ExperimentId));
            Assert.That(MlflowStoreValidator.Validate(Store), Is.Empty);
        });
    }

    /// <summary>The JSON the exported SavedModel's model_info signature serves.</summary>
    private static JsonElement ServedModelInfo(TrainingRunResult result)
    {
        var savedModel = SavedModel.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(result.Export.VersionDirectory, "saved_model.pb")));
        string json = savedModel.MetaGraphs[0].GraphDef.Node.Single(n => n.Name == "model_info/json").Attr["value"].Tensor.StringVal[0].ToStringUtf8();
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    [Test]
    public async Task A_server_that_never_answers_sends_the_run_to_the_local_store_and_training_finishes()
    {
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Silent());
        var options = Options();
        await using var tracker = await StartAsync(server.BaseAddress, options);

        var result = options.Execute(new RecordingObserver(), tracker);

        Assert.That(tracker.Run, Is.InstanceOf<FileStoreRun>());
        Assert.That(_notices.ToString(), Does.Contain("did not answer in time").And.Contain("recorded in the local MLflow store instead"));
        AssertRecordedLocally(tracker, result);
    }

    [Test]
    public async Task A_server_that_answers_500_to_everything_sends_the_run_to_the_local_store()
    {
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Status(500));
        var options = Options();
        await using var tracker = await StartAsync(server.BaseAddress, options);

        var result = options.Execute(new RecordingObserver(), tracker);

        Assert.That(_notices.ToString(), Does.Contain("keeps failing").And.Contain("HTTP_500").And.Contain("retry 1 of"));
        AssertRecordedLocally(tracker, result);
    }

    [Test]
    public async Task A_server_slower_than_the_attempt_timeout_sends_the_run_to_the_local_store()
    {
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Slow(TimeSpan.FromSeconds(20)));
        var options = Options();
        await using var tracker = await StartAsync(server.BaseAddress, options);

        var result = options.Execute(new RecordingObserver(), tracker);

        Assert.That(_notices.ToString(), Does.Contain("did not answer in time"));
        AssertRecordedLocally(tracker, result);
    }

    [Test]
    public async Task A_server_that_hangs_during_training_gets_the_run_replayed_into_the_local_store_while_training_goes_on()
    {
        using var server = new FakeMlflowServer();
        var options = Options();
        await using var tracker = await StartAsync(server.BaseUri, options);
        string serverRunId = tracker.Run.RunId;
        var hang = new HangAfterFirstEpoch(server);

        var result = options.Execute(hang, tracker);

        Assert.Multiple(() =>
        {
            Assert.That(hang.Epochs, Is.EqualTo(2), "training went on while the server hung");
            Assert.That(tracker.Run.RunId, Is.Not.EqualTo(serverRunId));
            Assert.That(File.ReadAllText(Path.Combine(tracker.Run.Location, "tags", "twittersentiment.tracking.server_run_id")), Is.EqualTo(serverRunId));
            Assert.That(_notices.ToString(), Does.Contain("continues in the local MLflow store"));
        });
        AssertRecordedLocally(tracker, result);
    }

    [Test]
    public async Task A_run_on_a_healthy_server_exports_a_model_that_names_the_servers_run()
    {
        using var server = new FakeMlflowServer();
        var options = Options();
        await using var tracker = await StartAsync(server.BaseUri, options);

        var result = options.Execute(new RecordingObserver(), tracker);

        Assert.Multiple(() =>
        {
            Assert.That(server.Runs[tracker.Run.RunId].Status, Is.EqualTo("FINISHED"));
            Assert.That(ServedModelInfo(result).GetProperty("mlflow_run_id").GetString(), Is.EqualTo(tracker.Run.RunId));
            Assert.That(ServedModelInfo(result).GetProperty("mlflow_tracking_uri").GetString(), Is.EqualTo(server.BaseUri.AbsoluteUri.TrimEnd('/')), "the server that holds it");
            Assert.That(ServedModelInfo(result).GetProperty("mlflow_experiment_id").GetString(), Is.EqualTo(tracker.Run.ExperimentId));
            Assert.That(result.ModelInfo.MlflowRunId, Is.EqualTo(tracker.Run.RunId));
            Assert.That(ExportedModelInfo.Load(result.CheckpointDirectory)?.MlflowRunId, Is.EqualTo(tracker.Run.RunId), "model_info.json beside the checkpoint too");
            Assert.That(Directory.Exists(Store), Is.False, "nothing fell back");
        });
    }

    [Test]
    public void An_untracked_run_exports_a_model_info_without_an_MLflow_run_id()
    {
        var result = Options().Execute(new RecordingObserver());

        Assert.That(result.ModelInfo.MlflowRunId, Is.Null);
        Assert.That(ServedModelInfo(result).TryGetProperty("mlflow_run_id", out _), Is.False);
        Assert.That(ServedModelInfo(result).TryGetProperty("mlflow_tracking_uri", out _), Is.False);
    }

    /// <summary>Makes the server hang when the first epoch ends (the server has the run and, likely, its parameters).</summary>
    private sealed class HangAfterFirstEpoch(FakeMlflowServer server) : ITrainingObserver
    {
        public int Epochs { get; private set; }

        public void OnEpochCompleted(EpochResult result)
        {
            Epochs++;
            server.Silent = true;
        }
    }
}
