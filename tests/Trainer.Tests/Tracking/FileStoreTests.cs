using System.Globalization;
using TwitterSentiment.Trainer.Tracking;
using TwitterSentiment.Trainer.Tracking.FileStore;

namespace TwitterSentiment.Trainer.Tests.Tracking;

public sealed class FileStoreTests : IDisposable
{
    private TempDirectory _temp = null!;
    private StringWriter _warnings = null!;
    private MlflowFileStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TempDirectory();
        _warnings = new StringWriter();
        _store = new MlflowFileStore(Path.Combine(_temp.Path, "mlruns"), _warnings);
    }

    [TearDown]
    public void TearDown()
    {
        // Every store a test writes must pass what MLflow's reader checks.
        if (Directory.Exists(_store.Root) && TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Passed)
            Assert.That(MlflowStoreValidator.Validate(_store.Root), Is.Empty);
        Dispose();
    }

    public void Dispose()
    {
        _warnings?.Dispose();
        _temp?.Dispose();
    }

    private static RunStartInfo Start(string? experiment = null, string? runName = "test-run") => new()
    {
        ExperimentName = experiment,
        RunName = runName,
        UserName = "alice",
        Tags = new Dictionary<string, string> { [MlflowTags.User] = "alice", [MlflowTags.SourceType] = "LOCAL" },
    };

    [Test]
    public void Initialising_a_store_creates_the_Default_experiment_with_the_documented_meta_yaml()
    {
        _store.EnsureInitialized();

        var meta = PyYaml.Fields(Path.Combine(_store.Root, "0", "meta.yaml"));
        Assert.Multiple(() =>
        {
            Assert.That(meta.Keys, Is.EquivalentTo(new[] { "artifact_location", "creation_time", "experiment_id", "last_update_time", "lifecycle_stage", "name" }));
            Assert.That(PyYaml.TypeOf(meta["experiment_id"]), Is.EqualTo("str"));
            Assert.That(PyYaml.Text(meta["experiment_id"]), Is.EqualTo("0"));
            Assert.That(PyYaml.Text(meta["name"]), Is.EqualTo("Default"));
            Assert.That(PyYaml.Text(meta["artifact_location"]), Is.EqualTo(new Uri(_store.Root + "/0").AbsoluteUri));
            Assert.That(PyYaml.Text(meta["artifact_location"]), Does.StartWith("file:///"));
            Assert.That(PyYaml.TypeOf(meta["creation_time"]), Is.EqualTo("int"));
            Assert.That(PyYaml.Int(meta["creation_time"]), Is.EqualTo(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).Within(60_000));
            Assert.That(PyYaml.Text(meta["lifecycle_stage"]), Is.EqualTo("active"));
            Assert.That(Directory.Exists(Path.Combine(_store.Root, ".trash")), Is.True);
        });
    }

    [Test]
    public void Keys_in_meta_yaml_are_sorted_and_every_string_is_quoted()
    {
        var run = _store.CreateRun(Start(runName: "true"));

        string[] lines = File.ReadAllLines(Path.Combine(run.Location, "meta.yaml"));
        string[] keys = lines.Select(line => line.Split(':')[0]).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(keys, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
            Assert.That(lines, Does.Contain("run_name: 'true'"), "a name like true must stay a string");
            Assert.That(lines, Does.Contain($"experiment_id: '0'"));
            Assert.That(lines, Does.Contain("tags: []"));
            Assert.That(lines, Does.Contain("deleted_time: null"));
        });
    }

    [Test]
    public void A_new_run_has_every_meta_yaml_field_with_MLflows_types()
    {
        var run = _store.CreateRun(Start());

        var meta = PyYaml.Fields(Path.Combine(run.Location, "meta.yaml"));
        Assert.Multiple(() =>
        {
            Assert.That(run.RunId, Does.Match("^[0-9a-f]{32}$"));
            Assert.That(meta.Keys, Is.EquivalentTo(new[]
            {
                "artifact_uri", "deleted_time", "end_time", "entry_point_name", "experiment_id", "lifecycle_stage", "run_id",
                "run_name", "run_uuid", "source_name", "source_type", "source_version", "start_time", "status", "tags", "user_id",
            }));
            Assert.That(PyYaml.Text(meta["run_id"]), Is.EqualTo(run.RunId));
            Assert.That(PyYaml.Text(meta["run_uuid"]), Is.EqualTo(run.RunId));
            Assert.That(PyYaml.TypeOf(meta["experiment_id"]), Is.EqualTo("str"));
            Assert.That(PyYaml.Text(meta["experiment_id"]), Is.EqualTo("0"));
            Assert.That(PyYaml.TypeOf(meta["status"]), Is.EqualTo("int"));
            Assert.That(PyYaml.Int(meta["status"]), Is.EqualTo(1));
            Assert.That(PyYaml.TypeOf(meta["start_time"]), Is.EqualTo("int"));
            Assert.That(PyYaml.TypeOf(meta["end_time"]), Is.EqualTo("NoneType"));
            Assert.That(PyYaml.TypeOf(meta["deleted_time"]), Is.EqualTo("NoneType"));
            Assert.That(PyYaml.Int(meta["source_type"]), Is.EqualTo(4));
            Assert.That(PyYaml.Text(meta["entry_point_name"]), Is.Empty);
            Assert.That(PyYaml.TypeOf(meta["entry_point_name"]), Is.EqualTo("str"));
            Assert.That(PyYaml.TypeOf(meta["tags"]), Is.EqualTo("list"));
            Assert.That(PyYaml.Text(meta["user_id"]), Is.EqualTo("alice"));
            Assert.That(PyYaml.Text(meta["run_name"]), Is.EqualTo("test-run"));
            Assert.That(PyYaml.Text(meta["artifact_uri"]), Is.EqualTo(new Uri(Path.Combine(run.Location, "artifacts")).AbsoluteUri));
            Assert.That(PyYaml.Text(meta["lifecycle_stage"]), Is.EqualTo("active"));
            foreach (string folder in new[] { "metrics", "params", "tags", "artifacts" })
                Assert.That(Directory.Exists(Path.Combine(run.Location, folder)), Is.True, folder);
            Assert.That(File.ReadAllText(Path.Combine(run.Location, "tags", "mlflow.runName")), Is.EqualTo("test-run"));
            Assert.That(File.ReadAllText(Path.Combine(run.Location, "tags", "mlflow.source.type")), Is.EqualTo("LOCAL"));
        });
    }

    [Test]
    public void A_run_without_a_name_gets_an_MLflow_style_random_name()
    {
        var run = _store.CreateRun(Start(runName: null));

        Assert.That(run.RunName, Does.Match("^[a-z]+-[a-z]+-[0-9]{1,3}$"));
        Assert.That(run.RunName.Length, Is.LessThanOrEqualTo(20));
    }

    [TestCase(RunStatus.Finished, 3)]
    [TestCase(RunStatus.Failed, 4)]
    [TestCase(RunStatus.Killed, 5)]
    public async Task Ending_a_run_writes_the_integer_status_and_an_end_time(RunStatus status, int expected)
    {
        var run = _store.CreateRun(Start());

        await run.EndAsync(status);

        var meta = PyYaml.Fields(Path.Combine(run.Location, "meta.yaml"));
        Assert.Multiple(() =>
        {
            Assert.That(PyYaml.Int(meta["status"]), Is.EqualTo(expected));
            Assert.That(PyYaml.TypeOf(meta["end_time"]), Is.EqualTo("int"));
            Assert.That(PyYaml.Int(meta["end_time"]), Is.GreaterThanOrEqualTo(PyYaml.Int(meta["start_time"])));
            Assert.That(meta.ContainsKey("deleted_time"), Is.False, "MLflow's rewrite drops deleted_time");
        });
    }

    [Test]
    public async Task A_second_end_does_not_change_the_recorded_status()
    {
        var run = _store.CreateRun(Start());

        await run.EndAsync(RunStatus.Killed);
        await run.EndAsync(RunStatus.Finished);

        Assert.That(PyYaml.Int(PyYaml.Fields(Path.Combine(run.Location, "meta.yaml"))["status"]), Is.EqualTo(5));
    }

    [Test]
    public async Task Params_are_written_raw_without_a_trailing_newline_and_keep_unicode()
    {
        var run = _store.CreateRun(Start());
        const string value = "données — 😀 ünïcödé";

        await run.LogParamsAsync(new Dictionary<string, string> { ["data_path"] = value, ["empty"] = "" });

        byte[] bytes = File.ReadAllBytes(Path.Combine(run.Location, "params", "data_path"));
        Assert.Multiple(() =>
        {
            Assert.That(bytes, Is.EqualTo(System.Text.Encoding.UTF8.GetBytes(value)), "UTF-8, no BOM, no newline");
            Assert.That(File.ReadAllText(Path.Combine(run.Location, "params", "empty")), Is.Empty);
        });
    }

    [Test]
    public async Task Params_at_the_length_limit_are_kept_and_longer_ones_are_truncated_with_a_warning()
    {
        var run = _store.CreateRun(Start());
        string atLimit = new('a', MlflowLimits.MaxParamValueLength);
        string tooLong = new('b', MlflowLimits.MaxParamValueLength + 10);

        await run.LogParamsAsync(new Dictionary<string, string> { ["at_limit"] = atLimit, ["too_long"] = tooLong });

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(run.Location, "params", "at_limit")), Is.EqualTo(atLimit));
            Assert.That(File.ReadAllText(Path.Combine(run.Location, "params", "too_long")), Has.Length.EqualTo(MlflowLimits.MaxParamValueLength));
            Assert.That(_warnings.ToString(), Does.Contain("too_long").And.Contain("truncated"));
            Assert.That(_warnings.ToString(), Does.Not.Contain("at_limit"));
        });
    }

    [Test]
    public async Task Tags_at_the_length_limit_are_kept_and_longer_ones_are_truncated()
    {
        var run = _store.CreateRun(Start());
        string atLimit = new('x', MlflowLimits.MaxTagValueLength);

        await run.SetTagsAsync(new Dictionary<string, string> { ["at_limit"] = atLimit, ["too_long"] = atLimit + "yz" });

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(run.Location, "tags", "at_limit")), Is.EqualTo(atLimit));
            Assert.That(File.ReadAllText(Path.Combine(run.Location, "tags", "too_long")), Is.EqualTo(atLimit));
        });
    }

    [Test]
    public async Task Relogging_a_param_with_the_same_value_is_fine_but_changing_it_fails_clearly()
    {
        var run = _store.CreateRun(Start());
        await run.LogParamsAsync(new Dictionary<string, string> { ["seed"] = "42" });

        await run.LogParamsAsync(new Dictionary<string, string> { ["seed"] = "42" });
        var error = Assert.ThrowsAsync<TrackingException>(() => run.LogParamsAsync(new Dictionary<string, string> { ["seed"] = "7" }));

        Assert.That(error?.Message, Does.Contain("seed").And.Contain("immutable"));
        Assert.That(File.ReadAllText(Path.Combine(run.Location, "params", "seed")), Is.EqualTo("42"));
    }

    [Test]
    public async Task Metrics_are_one_timestamp_value_step_line_per_value_with_round_trip_floats()
    {
        var run = _store.CreateRun(Start());
        double[] values = [0.1, 1.0 / 3.0, 1e-5, -2.5e300, 12345678.901234567, double.NaN, double.PositiveInfinity, double.NegativeInfinity];

        await run.LogMetricsAsync(values.Select((v, i) => new MetricPoint("loss", v, i, 1_730_000_000_000 + i)).ToList());

        string[] lines = File.ReadAllText(Path.Combine(run.Location, "metrics", "loss")).TrimEnd('\n').Split('\n');
        Assert.That(lines, Has.Length.EqualTo(values.Length));
        for (int i = 0; i < values.Length; i++)
        {
            string[] fields = lines[i].Split(' ');
            Assert.Multiple(() =>
            {
                Assert.That(fields, Has.Length.EqualTo(3));
                Assert.That(fields[0], Is.EqualTo((1_730_000_000_000 + i).ToString(CultureInfo.InvariantCulture)));
                Assert.That(MlflowStoreValidator.IsPythonFloat(fields[1]), Is.True, fields[1]);
                Assert.That(double.Parse(fields[1], CultureInfo.InvariantCulture), Is.EqualTo(values[i]), "round trip");
                Assert.That(fields[2], Is.EqualTo(i.ToString(CultureInfo.InvariantCulture)));
            });
        }

        Assert.That(lines[5..], Is.EqualTo(new[] { "1730000000005 NaN 5", "1730000000006 Infinity 6", "1730000000007 -Infinity 7" }));
    }

    [Test]
    public async Task Many_steps_append_to_one_file_in_order()
    {
        var run = _store.CreateRun(Start());

        for (int epoch = 0; epoch < 500; epoch++)
            await run.LogMetricsAsync([new MetricPoint("val_loss", 1.0 / (epoch + 1), epoch, 1_000 + epoch)]);

        string[] lines = File.ReadAllLines(Path.Combine(run.Location, "metrics", "val_loss"));
        Assert.That(lines.Select(line => int.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture)), Is.EqualTo(Enumerable.Range(0, 500)));
    }

    [Test]
    public async Task A_slash_in_a_key_makes_a_subdirectory()
    {
        var run = _store.CreateRun(Start());

        await run.LogMetricsAsync([new MetricPoint("test/roc_auc", 0.9, 0, 1)]);
        await run.LogParamsAsync(new Dictionary<string, string> { ["data/train/rows"] = "80000" });

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(run.Location, "metrics", "test", "roc_auc")), Is.True);
            Assert.That(File.ReadAllText(Path.Combine(run.Location, "params", "data", "train", "rows")), Is.EqualTo("80000"));
        });
    }

    [Test]
    public async Task A_key_cannot_be_both_a_value_and_a_folder()
    {
        var run = _store.CreateRun(Start());
        await run.LogMetricsAsync([new MetricPoint("test", 1, 0, 1)]);
        await run.LogMetricsAsync([new MetricPoint("val/loss", 1, 0, 1)]);

        Assert.Multiple(() =>
        {
            Assert.That(() => run.LogMetricsAsync([new MetricPoint("test/accuracy", 1, 0, 1)]), Throws.InstanceOf<TrackingException>().With.Message.Contains("'test' is already a key"));
            Assert.That(() => run.LogMetricsAsync([new MetricPoint("val", 1, 0, 1)]), Throws.InstanceOf<TrackingException>().With.Message.Contains("val/"));
        });
    }

    [TestCase("")]
    [TestCase("../escape")]
    [TestCase("/absolute")]
    [TestCase("a//b")]
    [TestCase("trailing/")]
    [TestCase("./dot")]
    [TestCase("a/../b")]
    [TestCase("with:colon")]
    [TestCase("dollar$sign")]
    [TestCase("new\nline")]
    [TestCase("emoji😀")]
    public void Invalid_keys_are_rejected_before_anything_is_written(string key)
    {
        var run = _store.CreateRun(Start());

        Assert.Multiple(() =>
        {
            Assert.That(() => run.LogMetricsAsync([new MetricPoint("ok", 1, 0, 1), new MetricPoint(key, 1, 0, 1)]),
                Throws.InstanceOf<TrackingException>().With.Message.Contains("Invalid metric key"));
            Assert.That(() => run.LogParamsAsync(new Dictionary<string, string> { ["ok"] = "1", [key] = "v" }),
                Throws.InstanceOf<TrackingException>().With.Message.Contains("Invalid param key"));
            Assert.That(() => run.SetTagsAsync(new Dictionary<string, string> { [key] = "v" }),
                Throws.InstanceOf<TrackingException>().With.Message.Contains("Invalid tag key"));
        });
        Assert.That(Directory.EnumerateFileSystemEntries(Path.Combine(run.Location, "metrics")), Is.Empty);
        Assert.That(Directory.EnumerateFileSystemEntries(Path.Combine(run.Location, "params")), Is.Empty);
    }

    [Test]
    public async Task Keys_of_exactly_250_characters_are_accepted_and_251_are_rejected()
    {
        var run = _store.CreateRun(Start());
        string longest = new('k', MlflowLimits.MaxKeyLength);

        await run.LogMetricsAsync([new MetricPoint(longest, 1, 0, 1)]);

        Assert.That(File.Exists(Path.Combine(run.Location, "metrics", longest)), Is.True);
        Assert.That(() => run.LogMetricsAsync([new MetricPoint(longest + "k", 1, 0, 1)]), Throws.InstanceOf<TrackingException>().With.Message.Contains("250"));
    }

    [Test]
    public async Task Unicode_letters_spaces_dots_and_dashes_are_valid_key_characters()
    {
        var run = _store.CreateRun(Start());

        await run.SetTagsAsync(new Dictionary<string, string> { ["größe der daten-v1.2 ok_"] = "ja" });

        Assert.That(File.ReadAllText(Path.Combine(run.Location, "tags", "größe der daten-v1.2 ok_")), Is.EqualTo("ja"));
    }

    [Test]
    public void A_named_experiment_gets_an_18_digit_id_and_is_reused_by_later_runs()
    {
        var first = _store.CreateRun(Start("sentiment-lstm"));
        var second = _store.CreateRun(Start("sentiment-lstm"));

        var meta = PyYaml.Fields(Path.Combine(_store.Root, first.ExperimentId, "meta.yaml"));
        Assert.Multiple(() =>
        {
            Assert.That(first.ExperimentId, Does.Match("^[1-9][0-9]{17}$"));
            Assert.That(second.ExperimentId, Is.EqualTo(first.ExperimentId));
            Assert.That(PyYaml.Text(meta["name"]), Is.EqualTo("sentiment-lstm"));
            Assert.That(PyYaml.Text(meta["experiment_id"]), Is.EqualTo(first.ExperimentId));
            Assert.That(PyYaml.TypeOf(meta["experiment_id"]), Is.EqualTo("str"));
            Assert.That(PyYaml.Text(meta["artifact_location"]), Is.EqualTo($"{_store.RootUri}/{first.ExperimentId}"));
            Assert.That(File.Exists(Path.Combine(_store.Root, "0", "meta.yaml")), Is.True);
        });
    }

    [Test]
    public void An_experiment_created_by_MLflow_with_another_id_is_found_by_name()
    {
        _store.EnsureInitialized();
        string directory = Path.Combine(_store.Root, "606783375233873416");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "meta.yaml"),
            $"artifact_location: {_store.RootUri}/606783375233873416\ncreation_time: 1\nexperiment_id: '606783375233873416'\nlast_update_time: 1\nlifecycle_stage: active\nname: from python\n");

        var run = _store.CreateRun(Start("from python"));

        Assert.That(run.ExperimentId, Is.EqualTo("606783375233873416"));
    }

    [Test]
    public void A_deleted_experiment_blocks_its_name_with_a_clear_message()
    {
        string id = _store.CreateRun(Start("old")).ExperimentId;
        Directory.Move(Path.Combine(_store.Root, id), Path.Combine(_store.Root, ".trash", id));

        Assert.That(() => _store.CreateRun(Start("old")), Throws.InstanceOf<TrackingException>().With.Message.Contains("deleted"));
    }

    [TestCase("it's")]
    [TestCase("line\nbreak")]
    public void Experiment_names_MLflow_cannot_search_for_are_rejected(string name)
    {
        Assert.That(() => _store.CreateRun(Start(name)), Throws.InstanceOf<TrackingException>());
    }

    [Test]
    public void Experiment_names_that_look_like_numbers_stay_strings()
    {
        var run = _store.CreateRun(Start("0123"));

        var meta = PyYaml.Fields(Path.Combine(_store.Root, run.ExperimentId, "meta.yaml"));
        Assert.That(PyYaml.TypeOf(meta["name"]), Is.EqualTo("str"));
        Assert.That(PyYaml.Text(meta["name"]), Is.EqualTo("0123"));
    }

    [Test]
    public async Task Concurrent_runs_creating_the_same_experiment_do_not_corrupt_each_other()
    {
        const int runs = 8;
        const int epochs = 50;

        // Separate store instances stand in for separate training processes.
        var tasks = Enumerable.Range(0, runs).Select(i => Task.Run(async () =>
        {
            var store = new MlflowFileStore(_store.Root, TextWriter.Null);
            var run = store.CreateRun(Start("shared", $"run-{i}"));
            await run.LogParamsAsync(new Dictionary<string, string> { ["index"] = i.ToString(CultureInfo.InvariantCulture) });
            for (int epoch = 0; epoch < epochs; epoch++)
                await run.LogMetricsAsync([new MetricPoint("loss", i + (epoch / 100.0), epoch, 1_000 + epoch)]);
            await run.EndAsync(RunStatus.Finished);
            return run;
        })).ToArray();
        var results = await Task.WhenAll(tasks);

        Assert.That(results.Select(r => r.ExperimentId).Distinct().Count(), Is.EqualTo(1), "one experiment");
        var experiments = Directory.EnumerateDirectories(_store.Root).Select(Path.GetFileName).Where(n => n is not ".trash" and not "0").ToList();
        Assert.That(experiments, Has.Count.EqualTo(1));
        foreach (var run in results)
        {
            string index = File.ReadAllText(Path.Combine(run.Location, "params", "index"));
            string[] lines = File.ReadAllLines(Path.Combine(run.Location, "metrics", "loss"));
            Assert.That(lines, Has.Length.EqualTo(epochs));
            Assert.That(lines.All(l => l.Split(' ')[1].StartsWith(index, StringComparison.Ordinal)), Is.True, "no run's values in another run");
        }
    }

    [Test]
    public async Task Parallel_logging_into_one_run_keeps_every_metric_line_whole()
    {
        var run = _store.CreateRun(Start());

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (int step = 0; step < 100; step++)
                await run.LogMetricsAsync([new MetricPoint("shared", worker, step, 1)]);
        })));

        string[] lines = File.ReadAllLines(Path.Combine(run.Location, "metrics", "shared"));
        Assert.That(lines, Has.Length.EqualTo(800));
        Assert.That(lines.All(line => line.Split(' ').Length == 3), Is.True);
    }

    [Test]
    public async Task Artifacts_are_copied_under_the_artifact_path()
    {
        var run = _store.CreateRun(Start());
        string file = Path.Combine(_temp.Path, "metrics.json");
        await File.WriteAllTextAsync(file, "{}");
        string folder = Path.Combine(_temp.Path, "checkpoint");
        Directory.CreateDirectory(Path.Combine(folder, "inner"));
        await File.WriteAllTextAsync(Path.Combine(folder, "model.json"), "{}");
        await File.WriteAllTextAsync(Path.Combine(folder, "inner", "weights.dat"), "w");

        await run.LogArtifactAsync(file);
        await run.LogArtifactAsync(folder, "checkpoint");

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(run.ArtifactDirectory, "metrics.json")), Is.True);
            Assert.That(File.Exists(Path.Combine(run.ArtifactDirectory, "checkpoint", "model.json")), Is.True);
            Assert.That(File.ReadAllText(Path.Combine(run.ArtifactDirectory, "checkpoint", "inner", "weights.dat")), Is.EqualTo("w"));
        });
    }

    [TestCase("../outside")]
    [TestCase("/etc")]
    public void Artifact_paths_that_leave_the_run_are_rejected(string artifactPath)
    {
        var run = _store.CreateRun(Start());
        string file = Path.Combine(_temp.Path, "a.txt");
        File.WriteAllText(file, "a");

        Assert.That(() => run.LogArtifactAsync(file, artifactPath), Throws.InstanceOf<TrackingException>());
    }

    [Test]
    public void Logging_a_missing_artifact_fails_clearly()
    {
        var run = _store.CreateRun(Start());

        Assert.That(() => run.LogArtifactAsync(Path.Combine(_temp.Path, "nope.png")), Throws.InstanceOf<TrackingException>().With.Message.Contains("nope.png"));
    }

    [Test]
    public async Task Renaming_through_the_runName_tag_keeps_meta_yaml_in_step()
    {
        var run = _store.CreateRun(Start());

        await run.SetTagsAsync(new Dictionary<string, string> { [MlflowTags.RunName] = "renamed" });

        Assert.That(PyYaml.Text(PyYaml.Fields(Path.Combine(run.Location, "meta.yaml"))["run_name"]), Is.EqualTo("renamed"));
    }
}
