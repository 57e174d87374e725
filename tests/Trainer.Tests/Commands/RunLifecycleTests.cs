using System.Globalization;
using TwitterSentiment.Trainer.Commands;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Runs;
using TwitterSentiment.Trainer.Tests.Tracking;

namespace TwitterSentiment.Trainer.Tests.Commands;

/// <summary>
/// No run is lost and no run is left half-done: runs started together get folders of their own, a name that is
/// taken is refused unless --overwrite, and SIGTERM stops a run as Ctrl+C does — checked on the real program.
/// </summary>
public sealed class RunLifecycleTests
{
    private static readonly string[] TinyModel = TinyTrain.Model;

    [Test]
    public void Runs_claiming_the_same_name_at_once_each_get_a_folder_of_their_own()
    {
        using var temp = new TempDirectory();
        using var start = new Barrier(8);

        var claimed = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8).Select(_ =>
        {
            start.SignalAndWait();
            return CheckpointFolder.Claim(temp.Path, "lstm-20261127-153000", CheckpointClaim.Numbered);
        }).ToList();

        Assert.That(claimed.Select(folder => folder.Name).Order(), Is.EqualTo(new[] { "lstm-20261127-153000" }.Concat(Enumerable.Range(2, 7).Select(n => $"lstm-20261127-153000-{n}")).Order()));
        foreach (var folder in claimed) folder.Dispose();
        Assert.That(Directory.EnumerateFileSystemEntries(temp.Path), Is.Empty, "unfinished claims leave nothing behind");
    }

    [Test]
    public void A_run_started_in_a_second_whose_name_is_taken_gets_the_next_number()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 300);
        string checkpoints = temp.File("checkpoints");
        // Earlier runs' checkpoints under the names of this second and the next few.
        var now = DateTimeOffset.UtcNow;
        var taken = Enumerable.Range(0, 10).Select(second => TrainingRunOptions.DefaultRunName(now.AddSeconds(second))).ToList();
        foreach (string name in taken)
        {
            Directory.CreateDirectory(Path.Combine(checkpoints, name));
            File.WriteAllText(Path.Combine(checkpoints, name, ModelCheckpoint.OptionsFile), "earlier run");
        }

        var (exitCode, output) = TrainerCli.Run(["train", "--data", data, "--checkpoint-dir", checkpoints, "--export-dir", temp.File("models"),
            "--tracking-uri", temp.File("mlruns"), .. TinyModel]);

        Assert.That(exitCode, Is.Zero, output);
        string run = Directory.GetDirectories(checkpoints).Select(Path.GetFileName).OfType<string>().Single(name => !taken.Contains(name));
        Assert.That(taken, Has.Some.Matches<string>(name => run == name + "-2"), run);
        Assert.That(taken.Select(name => File.ReadAllText(Path.Combine(checkpoints, name, ModelCheckpoint.OptionsFile))), Has.All.EqualTo("earlier run"));
        Assert.That(output, Does.Contain($"Run {run}"));
    }

    [Test]
    public void A_run_name_whose_folder_holds_a_checkpoint_is_refused_before_any_work_and_kept()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 300);
        string[] train = ["train", "--data", data, "--checkpoint-dir", temp.File("checkpoints"), "--export-dir", temp.File("models"), .. TinyModel, "--run-name", "mine"];
        var first = TrainerCli.Run([.. train, "--tracking-uri", temp.File("first")]);
        byte[] weights = File.ReadAllBytes(temp.File("checkpoints", "mine", ModelCheckpoint.WeightsFile));

        var again = TrainerCli.RunUnwrapped([.. train, "--tracking-uri", temp.File("again"), "--seed", "7"]);

        Assert.That(first.ExitCode, Is.Zero, first.Output);
        Assert.That(again.ExitCode, Is.EqualTo(CommandLineErrors.UsageError), again.Output);
        Assert.That(again.Stderr, Is.EqualTo($"Error: {temp.File("checkpoints", "mine")} already holds a checkpoint. Choose another --run-name, or pass --overwrite to replace it.\n"));
        Assert.That(File.ReadAllBytes(temp.File("checkpoints", "mine", ModelCheckpoint.WeightsFile)), Is.EqualTo(weights));
        Assert.That(Directory.Exists(temp.File("again")), Is.False, "no MLflow run was opened");
    }

    [Test]
    public void Overwrite_replaces_a_checkpoint_only_once_the_new_one_is_written()
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 300);
        string tooFew = TweetCsv.Write(temp.File("few.csv"), rows: 4);
        string[] train = ["train", "--checkpoint-dir", temp.File("checkpoints"), "--export-dir", temp.File("models"), "--tracking-uri", temp.File("mlruns"), .. TinyModel, "--run-name", "mine"];
        var original = TrainerCli.Run([.. train, "--data", data]);
        Assert.That(original.ExitCode, Is.Zero, original.Output);
        string weights = temp.File("checkpoints", "mine", ModelCheckpoint.WeightsFile);
        byte[] first = File.ReadAllBytes(weights);

        var failed = TrainerCli.Run([.. train, "--data", tooFew, "--overwrite"]);
        byte[] afterFailure = File.ReadAllBytes(weights);
        var replaced = TrainerCli.Run([.. train, "--data", data, "--overwrite", "--seed", "7"]);

        Assert.That(failed.ExitCode, Is.EqualTo(CommandLineErrors.Failure), failed.Output);
        Assert.That(afterFailure, Is.EqualTo(first), "a run that fails before writing leaves the old checkpoint");
        Assert.That(replaced.ExitCode, Is.Zero, replaced.Output);
        Assert.That(File.ReadAllBytes(weights), Is.Not.EqualTo(first));
        Assert.That(Directory.GetFiles(temp.File("checkpoints", "mine")).Select(Path.GetFileName), Has.None.EqualTo(CheckpointFolder.InProgressMarker));
    }

    [Test]
    public void A_checkpoint_that_is_still_being_written_is_refused_by_the_commands_that_read_one()
    {
        using var temp = new TempDirectory();
        using var claimed = CheckpointFolder.Claim(temp.Path, "writing", CheckpointClaim.Exact);

        var run = TrainerCli.RunUnwrapped("predict", "--checkpoint", claimed.Path, "hello");

        Assert.That(run.ExitCode, Is.EqualTo(CommandLineErrors.Failure), run.Output);
        Assert.That(run.Stderr, Does.Contain("is not complete: a run is writing it"));
    }

    [TestCase("TERM", CommandLineErrors.Terminated, "Error: Stopped (SIGTERM).")]
    [TestCase("INT", CommandLineErrors.Cancelled, "Error: Cancelled.")]
    public async Task A_signal_stops_a_run_cleanly_the_MLflow_run_is_KILLED_with_an_end_time_and_nothing_is_half_written(string signal, int exitCode, string message)
    {
        using var temp = new TempDirectory();
        string data = TweetCsv.Write(temp.File("tweets.csv"), rows: 2000);
        string store = temp.File("mlruns");
        using var trainer = TrainerProcess.Start(["train", "--data", data, "--checkpoint-dir", temp.File("checkpoints"), "--export-dir", temp.File("models"),
            "--tracking-uri", store, "--run-name", "stopped", .. TinyModel, "--epochs", "1000", "--patience", "1000"]);
        await trainer.WaitForOutputAsync(line => line.StartsWith("Epoch  1:", StringComparison.Ordinal), TimeSpan.FromMinutes(2));

        trainer.Signal(signal);
        int exited = await trainer.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.That(exited, Is.EqualTo(exitCode), trainer.Stdout + trainer.Stderr);
        Assert.That(trainer.Stderr, Is.EqualTo(message + "\n"));
        string run = Directory.GetDirectories(Path.Combine(store, "0")).Single();
        var meta = PyYaml.Fields(Path.Combine(run, "meta.yaml"));
        Assert.That(PyYaml.Int(meta["status"]), Is.EqualTo(5), "KILLED");
        Assert.That(PyYaml.Int(meta["end_time"]), Is.GreaterThan(PyYaml.Int(meta["start_time"])));
        Assert.That(Directory.Exists(temp.File("checkpoints", "stopped")), Is.False, "no half-written checkpoint");
        Assert.That(Directory.Exists(temp.File("models")), Is.False, "no SavedModel");
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exit {exited}; {message}"));
    }
}
