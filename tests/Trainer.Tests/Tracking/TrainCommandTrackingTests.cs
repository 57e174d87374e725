using TwitterSentiment.Trainer.Commands;
using TwitterSentiment.Trainer.Tests.Commands;

namespace TwitterSentiment.Trainer.Tests.Tracking;

/// <summary>The train command, run in-process as a user runs it, records its run in the store given by --tracking-uri.</summary>
public sealed class TrainCommandTrackingTests
{
    private static readonly string[] TinyModel = TinyTrain.Model;

    private static string SingleRun(string store, string experimentName)
    {
        string experiment = Directory.EnumerateDirectories(store)
            .Single(d => File.Exists(Path.Combine(d, "meta.yaml")) && PyYaml.Text(PyYaml.Fields(Path.Combine(d, "meta.yaml"))["name"]) == experimentName);
        return Directory.EnumerateDirectories(experiment).Single();
    }

    [Test]
    public void A_trained_run_is_recorded_with_its_exported_model_and_the_store_passes_MLflows_reader_rules()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 300);
        string store = temp.File("mlruns");

        var (exitCode, output) = TrainerCli.Run(["train", "--data", data, "--checkpoint-dir", temp.File("checkpoints"), "--export-dir", temp.File("models"),
            "--tracking-uri", store, "--experiment", "cli", "--run-name", "cli-run", .. TinyModel]);

        Assert.That(exitCode, Is.EqualTo(0), output);
        string run = SingleRun(store, "cli");
        Assert.Multiple(() =>
        {
            Assert.That(MlflowStoreValidator.Validate(store), Is.Empty);
            Assert.That(PyYaml.Int(PyYaml.Fields(Path.Combine(run, "meta.yaml"))["status"]), Is.EqualTo(3));
            Assert.That(File.ReadAllText(Path.Combine(run, "tags", "mlflow.runName")), Is.EqualTo("cli-run"));
            Assert.That(File.Exists(Path.Combine(run, "artifacts", "model", "MLmodel")), Is.True);
            Assert.That(File.Exists(Path.Combine(temp.File("models"), "sentiment", "1", "saved_model.pb")), Is.True);
            Assert.That(File.ReadAllLines(Path.Combine(run, "metrics", "val_loss")), Has.Length.EqualTo(2));
            Assert.That(File.Exists(Path.Combine(run, "artifacts", "plots", "reliability.png")), Is.True);
            foreach (string metric in new[] { "test_ece", "best_val_ece", "best_val_uncalibrated_ece", "calibration_temperature", "calibration_shift" })
                Assert.That(File.Exists(Path.Combine(run, "metrics", metric)), Is.True, metric);
            Assert.That(output, Does.Contain(Path.GetFileName(run)));
            Assert.That(output, Does.Contain("Calibration error (ECE)").And.Contain("Calibrated on the validation split: logit /"));
        });
    }

    [Test]
    public void A_run_with_bad_data_is_recorded_as_FAILED_and_the_command_still_reports_one_clean_error()
    {
        using var temp = new TempDirectory();
        string store = temp.File("mlruns");

        var (exitCode, output) = TrainerCli.Run(["train", "--data", TweetCsv.Write(temp.File("tiny.csv"), rows: 4), "--checkpoint-dir", temp.File("checkpoints"),
            "--tracking-uri", store, "--experiment", "cli", .. TinyModel]);

        Assert.That(exitCode, Is.EqualTo(CommandLineErrors.Failure));
        Assert.That(output, Does.Contain("Error:").And.Not.Contain("   at "));
        var meta = PyYaml.Fields(Path.Combine(SingleRun(store, "cli"), "meta.yaml"));
        Assert.That(PyYaml.Int(meta["status"]), Is.EqualTo(4));
        Assert.That(PyYaml.TypeOf(meta["end_time"]), Is.EqualTo("int"));
    }

    [Test]
    public void An_interrupted_run_is_recorded_as_KILLED()
    {
        using var temp = new TempDirectory();
        string store = temp.File("mlruns");
        using var cancellation = new CancellationTokenSource();
        // Cancelled once the run's params are recorded (training has started); it would take minutes to finish.
        var cancelWhenTraining = Task.Run(async () =>
        {
            while (!Directory.Exists(store) || !Directory.EnumerateFiles(store, "max_tokens", SearchOption.AllDirectories).Any())
                await Task.Delay(20);
            await cancellation.CancelAsync();
        });

        var (exitCode, output) = TrainerCli.Run(cancellation.Token, ["train", "--data", TweetCsv.Write(temp.File("t.csv"), rows: 300), "--checkpoint-dir", temp.File("checkpoints"),
            "--tracking-uri", store, "--experiment", "cli", .. TinyModel, "--epochs", "1000", "--patience", "1000"]);
        cancelWhenTraining.Wait(TimeSpan.FromSeconds(10));

        Assert.That(exitCode, Is.EqualTo(CommandLineErrors.Cancelled), output);
        Assert.That(PyYaml.Int(PyYaml.Fields(Path.Combine(SingleRun(store, "cli"), "meta.yaml"))["status"]), Is.EqualTo(5));
    }

    [Test]
    public void An_unsupported_tracking_uri_is_a_one_line_error()
    {
        var (exitCode, output) = TrainerCli.Run(["train", "--tracking-uri", "sqlite:///mlflow.db", .. TinyModel]);

        Assert.That(exitCode, Is.Not.EqualTo(0));
        Assert.That(output, Does.Contain("Error: The tracking URI").And.Contain("not supported").And.Not.Contain("   at "));
    }
}
