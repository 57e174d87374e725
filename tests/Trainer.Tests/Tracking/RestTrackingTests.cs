using System.Net.Http.Headers;
using System.Text;
using TwitterSentiment.Trainer.Tracking;
using TwitterSentiment.Trainer.Tracking.FileStore;
using TwitterSentiment.Trainer.Tracking.Rest;

namespace TwitterSentiment.Trainer.Tests.Tracking;

public sealed class RestTrackingTests : IDisposable
{
    private FakeMlflowServer _server = null!;
    private HttpClient _http = null!;
    private TempDirectory _temp = null!;
    private StringWriter _console = null!;

    [SetUp]
    public void SetUp()
    {
        _server = new FakeMlflowServer();
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        _temp = new TempDirectory();
        _console = new StringWriter();
    }

    [TearDown]
    public void TearDown() => Dispose();

    public void Dispose()
    {
        _server?.Dispose();
        _http?.Dispose();
        _temp?.Dispose();
        _console?.Dispose();
    }

    private MlflowRestClient Client(int retries = 3, AuthenticationHeaderValue? auth = null) =>
        new(_http, _server.BaseUri, TransientHttpPipeline.Create(retries, TimeSpan.FromMilliseconds(1)), auth);

    private static RunStartInfo Start(string? experiment = "sentiment") => new()
    {
        ExperimentName = experiment,
        RunName = "rest-run",
        UserName = "alice",
        Tags = new Dictionary<string, string> { [MlflowTags.User] = "alice", [MlflowTags.SourceType] = "LOCAL" },
    };

    private Task<RestTrackedRun> StartRunAsync(MlflowRestClient? client = null) =>
        RestTrackedRun.StartAsync(client ?? Client(), Start(), _console, CancellationToken.None);

    private ExperimentTracker Tracker(Uri uri, Dictionary<string, string>? environment = null)
    {
        var env = new Dictionary<string, string>(environment ?? []) { ["MLFLOW_TRACKING_URI"] = uri.AbsoluteUri, ["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = "2" };
        return new ExperimentTracker(key => env.GetValueOrDefault(key), _temp.Path, _console, _http) { RetryBaseDelay = TimeSpan.FromMilliseconds(1) };
    }

    [Test]
    public async Task Starting_a_run_creates_the_missing_experiment_and_a_run_with_its_tags()
    {
        var run = await StartRunAsync();

        var calls = _server.Requests.Select(r => $"{r.Method} {r.Path}").ToList();
        var create = _server.Calls("runs/create").Single().Json;
        Assert.Multiple(() =>
        {
            Assert.That(calls, Is.EqualTo(new[]
            {
                "GET /api/2.0/mlflow/experiments/get-by-name", "POST /api/2.0/mlflow/experiments/create", "POST /api/2.0/mlflow/runs/create",
            }));
            Assert.That(_server.Requests.First().Query, Is.EqualTo("?experiment_name=sentiment"));
            Assert.That((string?)create["experiment_id"], Is.EqualTo(run.ExperimentId));
            Assert.That((string?)create["user_id"], Is.EqualTo("alice"));
            Assert.That((string?)create["run_name"], Is.EqualTo("rest-run"));
            Assert.That(create["start_time"]?.GetValue<long>(), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).Within(60_000));
            Assert.That(_server.Runs[run.RunId].Tags, Does.ContainKey(MlflowTags.RunName).WithValue("rest-run"));
            Assert.That(_server.Runs[run.RunId].Tags, Does.ContainKey(MlflowTags.SourceType).WithValue("LOCAL"));
            Assert.That(run.Location, Is.EqualTo($"{_server.BaseUri.AbsoluteUri.TrimEnd('/')}/#/experiments/{run.ExperimentId}/runs/{run.RunId}"));
        });
    }

    [Test]
    public async Task An_existing_experiment_is_reused_without_creating_it()
    {
        var first = await StartRunAsync();
        int creates = _server.Calls("experiments/create").Count();

        var second = await StartRunAsync();

        Assert.That(second.ExperimentId, Is.EqualTo(first.ExperimentId));
        Assert.That(_server.Calls("experiments/create").Count(), Is.EqualTo(creates));
    }

    [Test]
    public async Task No_experiment_name_means_the_Default_experiment_0()
    {
        var run = await RestTrackedRun.StartAsync(Client(), Start(experiment: null), _console, CancellationToken.None);

        Assert.That(run.ExperimentId, Is.EqualTo("0"));
        Assert.That(_server.Calls("experiments/get-by-name"), Is.Empty);
    }

    [Test]
    public async Task A_create_race_answered_RESOURCE_ALREADY_EXISTS_is_resolved_by_reading_the_experiment_again()
    {
        _server.CreateBehindTheClientsBack = true;

        string id = await Client().GetOrCreateExperimentAsync("raced", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(id, Is.EqualTo(_server.Experiments["raced"].Id));
            Assert.That(_server.Calls("experiments/get-by-name").Count(), Is.EqualTo(2));
            Assert.That(_server.Calls("experiments/create").Count(), Is.EqualTo(1));
        });
    }

    [Test]
    public void A_deleted_experiment_on_the_server_fails_with_a_clear_message()
    {
        _server.Experiments["gone"] = new FakeMlflowServer.Experiment("9", "gone", "deleted");

        Assert.That(() => Client().GetOrCreateExperimentAsync("gone", CancellationToken.None),
            Throws.InstanceOf<TrackingException>().With.Message.Contains("deleted"));
    }

    [Test]
    public async Task Metrics_are_split_into_log_batch_requests_within_MLflows_limits()
    {
        var run = await StartRunAsync();
        var metrics = Enumerable.Range(0, 2500).Select(i => new MetricPoint("loss", i, i, 1_000 + i)).ToList();

        await run.LogMetricsAsync(metrics);

        var batches = _server.Calls("runs/log-batch").Select(r => r.Json["metrics"]?.AsArray().Count ?? 0).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(batches, Is.EqualTo(new[] { 1000, 1000, 500 }));
            Assert.That(_server.Runs[run.RunId].Metrics.Select(m => m.Step), Is.EqualTo(Enumerable.Range(0, 2500).Select(i => (long)i)), "order kept");
            Assert.That(_server.Runs[run.RunId].Metrics[7].Timestamp, Is.EqualTo(1_007));
        });
    }

    [Test]
    public async Task Params_are_split_by_100_and_mixed_batches_keep_to_1000_items()
    {
        var run = await StartRunAsync();
        var parameters = Enumerable.Range(0, 250).ToDictionary(i => $"p{i}", i => $"v{i}");

        await run.LogParamsAsync(parameters);

        var sizes = _server.Calls("runs/log-batch").Select(r => r.Json["params"]?.AsArray().Count ?? 0).ToList();
        Assert.That(sizes, Is.EqualTo(new[] { 100, 100, 50 }));
        Assert.That(_server.Runs[run.RunId].Params, Has.Count.EqualTo(250));
    }

    [Test]
    public void Batches_mixing_kinds_never_exceed_the_total_item_limit_or_one_megabyte()
    {
        var metrics = Enumerable.Range(0, 1500).Select(i => new MlflowMetric("m", i, i, i)).ToList();
        var parameters = Enumerable.Range(0, 150).Select(i => new MlflowKeyValue($"p{i}", new string('x', 6000))).ToList();
        var tags = Enumerable.Range(0, 120).Select(i => new MlflowKeyValue($"t{i}", "ü")).ToList();

        var batches = LogBatchPlanner.Plan("r", metrics, parameters, tags, MlflowRestClient.Json).ToList();

        Assert.Multiple(() =>
        {
            foreach (var batch in batches)
            {
                Assert.That(batch.Metrics.Count + batch.Params.Count + batch.Tags.Count, Is.LessThanOrEqualTo(1000));
                Assert.That(batch.Params, Has.Count.LessThanOrEqualTo(100));
                Assert.That(batch.Tags, Has.Count.LessThanOrEqualTo(100));
                Assert.That(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(batch, MlflowRestClient.Json).Length, Is.LessThan(1_000_000));
            }

            Assert.That(batches.Sum(b => b.Metrics.Count), Is.EqualTo(1500));
            Assert.That(batches.Sum(b => b.Params.Count), Is.EqualTo(150));
            Assert.That(batches.Sum(b => b.Tags.Count), Is.EqualTo(120));
        });
    }

    [Test]
    public async Task Non_finite_metric_values_are_sent_the_way_protobuf_JSON_spells_them()
    {
        var run = await StartRunAsync();

        await run.LogMetricsAsync([new MetricPoint("a", double.NaN, 0, 1), new MetricPoint("b", double.PositiveInfinity, 0, 1)]);

        string body = Encoding.UTF8.GetString(_server.Calls("runs/log-batch").Single().Body);
        Assert.That(body, Does.Contain("\"value\":\"NaN\"").And.Contain("\"value\":\"Infinity\""));
        Assert.That(double.IsNaN(_server.Runs[run.RunId].Metrics[0].Value), Is.True);
    }

    [Test]
    public async Task A_503_is_retried_until_the_server_answers()
    {
        var run = await StartRunAsync();
        _server.FailNext = 2;

        await run.LogParamsAsync(new Dictionary<string, string> { ["seed"] = "42" });

        Assert.Multiple(() =>
        {
            Assert.That(_server.Calls("runs/log-batch").Count(), Is.EqualTo(3), "two 503s, then success");
            Assert.That(_server.Runs[run.RunId].Params["seed"], Is.EqualTo("42"));
        });
    }

    [Test]
    public async Task A_server_that_dies_just_before_the_end_still_leaves_a_finished_run_in_the_local_store()
    {
        var run = await Tracker(_server.BaseUri).StartRunAsync(new TrackingOptions { ExperimentName = "late" }, new Dictionary<string, string>(), CancellationToken.None);
        await run.LogMetricsAsync([new MetricPoint("loss", 0.4, 1, 1)]);
        _server.FailNext = 1000;

        await run.EndAsync(RunStatus.Killed);

        var meta = PyYaml.Fields(Path.Combine(run.Location, "meta.yaml"));
        Assert.Multiple(() =>
        {
            Assert.That(PyYaml.Int(meta["status"]), Is.EqualTo(5));
            Assert.That(PyYaml.TypeOf(meta["end_time"]), Is.EqualTo("int"));
            Assert.That(File.ReadAllText(Path.Combine(run.Location, "metrics", "loss")), Does.EndWith(" 0.4 1\n"));
        });
    }

    [Test]
    public async Task When_the_server_is_back_after_a_fall_back_its_half_of_the_run_is_marked_FAILED()
    {
        var run = await Tracker(_server.BaseUri).StartRunAsync(new TrackingOptions { ExperimentName = "blip" }, new Dictionary<string, string>(), CancellationToken.None);
        string serverRunId = run.RunId;
        _server.FailNext = 3; // the first attempt and both retries of runs/update

        await run.EndAsync(RunStatus.Finished);

        Assert.Multiple(() =>
        {
            Assert.That(run.RunId, Is.Not.EqualTo(serverRunId), "the run moved to the local store");
            Assert.That(PyYaml.Int(PyYaml.Fields(Path.Combine(run.Location, "meta.yaml"))["status"]), Is.EqualTo(3));
            Assert.That(_server.Runs[serverRunId].Status, Is.EqualTo("FAILED"));
            Assert.That(_server.Runs[serverRunId].EndTime, Is.Not.Null);
        });
    }

    [Test]
    public async Task When_the_server_stays_down_the_console_says_its_run_stays_RUNNING()
    {
        var run = await Tracker(_server.BaseUri).StartRunAsync(new TrackingOptions { ExperimentName = "gone" }, new Dictionary<string, string>(), CancellationToken.None);
        string serverRunId = run.RunId;
        _server.Dispose();

        await run.EndAsync(RunStatus.Finished);

        Assert.That(_console.ToString(), Does.Contain($"run {serverRunId} stays RUNNING").And.Contain(run.Location));
    }

    [Test]
    public async Task A_server_that_keeps_answering_503_ends_in_TrackingUnavailableException()
    {
        var run = await StartRunAsync(Client(retries: 2));
        _server.FailNext = 100;

        Assert.That(() => run.LogParamsAsync(new Dictionary<string, string> { ["seed"] = "42" }),
            Throws.InstanceOf<TrackingUnavailableException>().With.Message.Contains("503"));
        Assert.That(_server.Calls("runs/log-batch").Count(), Is.EqualTo(3));
    }

    [Test]
    public async Task A_client_error_is_not_retried_and_carries_MLflows_error_code()
    {
        var run = await StartRunAsync();
        await run.LogParamsAsync(new Dictionary<string, string> { ["seed"] = "42" });

        var error = Assert.ThrowsAsync<MlflowApiException>(() => run.LogParamsAsync(new Dictionary<string, string> { ["seed"] = "7" }));

        Assert.That(error?.ErrorCode, Is.EqualTo("INVALID_PARAMETER_VALUE"));
        Assert.That((int?)error?.StatusCode, Is.EqualTo(400));
        Assert.That(_server.Calls("runs/log-batch").Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task Invalid_keys_are_rejected_before_anything_is_sent()
    {
        var run = await StartRunAsync();

        Assert.That(() => run.LogMetricsAsync([new MetricPoint("../bad", 1, 0, 1)]), Throws.InstanceOf<TrackingException>().With.Message.Contains("Invalid metric key"));
        Assert.That(_server.Calls("runs/log-batch"), Is.Empty);
    }

    [Test]
    public async Task A_bearer_token_is_sent_and_wins_over_basic_credentials()
    {
        var env = new Dictionary<string, string> { ["MLFLOW_TRACKING_TOKEN"] = "s3cret", ["MLFLOW_TRACKING_USERNAME"] = "u", ["MLFLOW_TRACKING_PASSWORD"] = "p" };
        _server.RequiredAuthorization = "Bearer s3cret";

        await StartRunAsync(Client(auth: MlflowCredentials.FromEnvironment(key => env.GetValueOrDefault(key))));

        Assert.That(_server.Requests.Select(r => r.Authorization), Is.All.EqualTo("Bearer s3cret"));
    }

    [Test]
    public async Task Basic_credentials_are_sent_from_username_and_password()
    {
        var env = new Dictionary<string, string> { ["MLFLOW_TRACKING_USERNAME"] = "alice", ["MLFLOW_TRACKING_PASSWORD"] = "pä:ss" };
        string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:pä:ss"));
        _server.RequiredAuthorization = expected;

        await StartRunAsync(Client(auth: MlflowCredentials.FromEnvironment(key => env.GetValueOrDefault(key))));

        Assert.That(_server.Requests.Select(r => r.Authorization), Is.All.EqualTo(expected));
    }

    [Test]
    public void Missing_credentials_fail_with_UNAUTHENTICATED_even_when_the_proxy_answers_plain_text()
    {
        _server.RequiredAuthorization = "Bearer x";

        var error = Assert.ThrowsAsync<MlflowApiException>(() => StartRunAsync());

        Assert.That(error?.ErrorCode, Is.EqualTo("UNAUTHENTICATED"));
        Assert.That(error?.Message, Does.Contain("not authenticated"));
    }

    [Test]
    public async Task Artifacts_are_uploaded_file_by_file_through_the_artifact_proxy()
    {
        var run = await StartRunAsync();
        string folder = Path.Combine(_temp.Path, "model");
        Directory.CreateDirectory(Path.Combine(folder, "tfmodel"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "tfmodel", "saved_model.pb"), [1, 2, 3]);
        await File.WriteAllTextAsync(Path.Combine(folder, "MLmodel"), "flavors: {}\n");
        string plot = Path.Combine(_temp.Path, "roc curve.png");
        await File.WriteAllBytesAsync(plot, [9]);

        await run.LogArtifactAsync(folder, "model");
        await run.LogArtifactAsync(plot, "plots");

        string prefix = $"{run.ExperimentId}/{run.RunId}/artifacts";
        Assert.Multiple(() =>
        {
            Assert.That(_server.Artifacts.Keys, Is.EquivalentTo(new[] { $"{prefix}/model/tfmodel/saved_model.pb", $"{prefix}/model/MLmodel", $"{prefix}/plots/roc curve.png" }));
            Assert.That(_server.Artifacts[$"{prefix}/model/tfmodel/saved_model.pb"], Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(_server.Requests.Where(r => r.Method == "PUT").Select(r => r.Path), Does.Contain($"/api/2.0/mlflow-artifacts/artifacts/{prefix}/plots/roc%20curve.png"));
        });
    }

    [Test]
    public async Task A_file_artifact_uri_is_written_directly_and_other_stores_fail_clearly()
    {
        string root = Path.Combine(_temp.Path, "server-artifacts");
        _server.ArtifactUriFormat = new Uri(root).AbsoluteUri + "/{0}/{1}/artifacts";
        var local = await StartRunAsync();
        string file = Path.Combine(_temp.Path, "metrics.json");
        await File.WriteAllTextAsync(file, "{}");

        await local.LogArtifactAsync(file);
        _server.ArtifactUriFormat = "s3://bucket/{0}/{1}";
        var s3 = await StartRunAsync();

        Assert.That(File.Exists(Path.Combine(root, local.ExperimentId, local.RunId, "artifacts", "metrics.json")), Is.True);
        Assert.That(() => s3.LogArtifactAsync(file), Throws.InstanceOf<TrackingException>().With.Message.Contains("s3://"));
    }

    [TestCase(RunStatus.Finished, "FINISHED")]
    [TestCase(RunStatus.Failed, "FAILED")]
    [TestCase(RunStatus.Killed, "KILLED")]
    public async Task Ending_a_run_sends_runs_update_with_the_status_name_and_an_end_time(RunStatus status, string expected)
    {
        var run = await StartRunAsync();

        await run.EndAsync(status);

        var state = _server.Runs[run.RunId];
        Assert.That(state.Status, Is.EqualTo(expected));
        Assert.That(state.EndTime, Is.GreaterThanOrEqualTo(state.StartTime));
    }

    [Test]
    public async Task A_server_that_is_down_at_the_start_sends_the_run_to_the_local_file_store_and_says_where()
    {
        var down = new Uri($"http://127.0.0.1:{FreePort.Next()}/");

        var run = await Tracker(down).StartRunAsync(new TrackingOptions { ExperimentName = "offline" }, new Dictionary<string, string>(), CancellationToken.None);
        await run.EndAsync(RunStatus.Finished);

        string store = Path.Combine(_temp.Path, "mlruns");
        Assert.Multiple(() =>
        {
            Assert.That(run, Is.InstanceOf<FileStoreRun>());
            Assert.That(run.Location, Does.StartWith(store));
            Assert.That(_console.ToString(), Does.Contain("unreachable").And.Contain(run.Location));
            Assert.That(MlflowStoreValidator.Validate(store), Is.Empty);
        });
    }

    [Test]
    public async Task A_server_that_goes_down_mid_run_moves_the_run_to_the_local_store_with_everything_logged_so_far()
    {
        var run = await Tracker(_server.BaseUri).StartRunAsync(new TrackingOptions { ExperimentName = "flaky", RunName = "r1" },
            new Dictionary<string, string> { [MlflowTags.User] = "alice" }, CancellationToken.None);
        await run.LogParamsAsync(new Dictionary<string, string> { ["seed"] = "42" });
        await run.LogMetricsAsync([new MetricPoint("loss", 0.7, 1, 1)]);
        string serverRunId = run.RunId;
        _server.Dispose();

        await run.LogMetricsAsync([new MetricPoint("loss", 0.5, 2, 2)]);
        await run.EndAsync(RunStatus.Finished);

        string directory = run.Location;
        Assert.Multiple(() =>
        {
            Assert.That(run.RunId, Is.Not.EqualTo(serverRunId));
            Assert.That(directory, Does.StartWith(Path.Combine(_temp.Path, "mlruns")));
            Assert.That(File.ReadAllText(Path.Combine(directory, "params", "seed")), Is.EqualTo("42"));
            Assert.That(File.ReadAllLines(Path.Combine(directory, "metrics", "loss")).Select(l => l.Split(' ')[2]), Is.EqualTo(new[] { "1", "2" }));
            Assert.That(File.ReadAllText(Path.Combine(directory, "tags", "twittersentiment.tracking.server_run_id")), Is.EqualTo(serverRunId));
            Assert.That(PyYaml.Int(PyYaml.Fields(Path.Combine(directory, "meta.yaml"))["status"]), Is.EqualTo(3));
            Assert.That(_console.ToString(), Does.Contain("continues in the local MLflow store").And.Contain(directory));
            Assert.That(MlflowStoreValidator.Validate(Path.Combine(_temp.Path, "mlruns")), Is.Empty);
        });
    }
}
