using TwitterSentiment.Trainer.Commands;
using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Scoring;
using TwitterSentiment.Trainer.Tests.Data;
using TwitterSentiment.Trainer.Tracking;

namespace TwitterSentiment.Trainer.Tests.Commands;

/// <summary>
/// The one error reporter, through the real command line: each failure is one red line on standard error with
/// the exit code of its kind (2 usage, 1 unusable data/model/output, 130 Ctrl+C), and standard output keeps only
/// what the command produced.
/// </summary>
public sealed class ErrorReportingTests : IDisposable
{
    private TempDirectory _temp = null!;

    [SetUp]
    public void Create() => _temp = new TempDirectory();

    [TearDown]
    public void Dispose() => _temp.Dispose();

    [TestCase("evaluate", "--json", "--checkpoint", ".")]
    [TestCase("train")]
    [TestCase("bench")]
    public void A_missing_data_file_is_the_same_usage_error_in_every_command(params string[] command)
    {
        string missing = _temp.File("no-such.csv");

        var run = TrainerCli.RunUnwrapped([.. command, "--data", missing]);

        Assert.That(run.ExitCode, Is.EqualTo(CommandLineErrors.UsageError), run.Output);
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(run.Stderr.Trim(), Is.EqualTo($"Error: --data: the file {missing} does not exist."));
    }

    [Test]
    public void Evaluate_json_with_an_unreadable_checkpoint_writes_the_error_on_stderr_and_nothing_on_stdout()
    {
        string data = TweetCsv.Write(_temp.File("tweets.csv"), rows: 10);
        string notACheckpoint = Directory.CreateDirectory(_temp.File("empty")).FullName;

        var run = TrainerCli.Run("evaluate", "--json", "--data", data, "--checkpoint", notACheckpoint);

        Assert.That(run.ExitCode, Is.EqualTo(CommandLineErrors.Failure), run.Output);
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(run.Stderr, Does.Contain("Error: Cannot read the checkpoint").And.Contain("model.json is missing"));
    }

    [TestCase("evaluate", "--json", "--data", "x.csv")]
    [TestCase("evaluate", "--json", "--no-such-option")]
    [TestCase("predict", "--json", "--threshold", "2", "--checkpoint", ".")]
    public void Usage_errors_exit_with_2_on_stderr_even_with_json(params string[] args)
    {
        var run = TrainerCli.Run(args);

        Assert.That(run.ExitCode, Is.EqualTo(CommandLineErrors.UsageError), run.Output);
        Assert.That(run.Stdout, Is.Empty);
        Assert.That(run.Stderr, Does.StartWith("Error: ").And.Not.Contain("   at "));
    }

    [Test]
    public async Task A_download_that_fails_reports_on_stderr_with_exit_code_1()
    {
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Status(404));

        var run = TrainerCli.Run("download", "--url", new Uri(server.BaseAddress, "x.zip").ToString(), "--output", _temp.Path);

        Assert.That(run.ExitCode, Is.EqualTo(CommandLineErrors.Failure), run.Output);
        Assert.That(run.Stderr, Does.StartWith("Error: ").And.Contain("404"));
        Assert.That(run.Stdout, Does.Not.Contain("Error:"));
    }

    [Test]
    public async Task A_download_into_a_folder_that_cannot_be_created_names_the_folder()
    {
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Serve(Sentiment140DownloaderTests.Archive()));
        string file = _temp.File("a-file");
        File.WriteAllText(file, "");
        string output = Path.Combine(file, "data");

        var run = TrainerCli.Run("download", "--url", new Uri(server.BaseAddress, "t.zip").ToString(), "--output", output, "--skip-checksum");

        Assert.That(run.ExitCode, Is.EqualTo(CommandLineErrors.Failure), run.Output);
        Assert.That(run.Stderr, Does.StartWith($"Error: Cannot write to {output}"));
    }

    [Test]
    public async Task A_cancelled_download_exits_with_130_and_says_how_to_resume()
    {
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.Serve(Sentiment140DownloaderTests.Archive()));
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var run = TrainerCli.Run(cancellation.Token, "download", "--url", new Uri(server.BaseAddress, "t.zip").ToString(), "--output", _temp.Path, "--skip-checksum");

        Assert.That(run.ExitCode, Is.EqualTo(CommandLineErrors.Cancelled), run.Output);
        Assert.That(run.Stderr, Does.Contain("Cancelled. Run the command again to resume the download."));
    }

    [Test]
    public void Exporting_into_a_folder_that_cannot_be_created_is_a_one_line_error_with_exit_code_1()
    {
        string file = _temp.File("a-file");
        File.WriteAllText(file, "");
        string checkpoint = TinyModels.Plain.CopyCheckpointTo(_temp.File("checkpoint"));

        var run = TrainerCli.Run("export", "--checkpoint", checkpoint, "--export-dir", Path.Combine(file, "models"));

        Assert.That(run.ExitCode, Is.EqualTo(CommandLineErrors.Failure), run.Output);
        Assert.That(run.Stderr, Does.StartWith($"Error: Cannot write the SavedModel under {Path.Combine(file, "models")}"));
        Assert.That(run.Stdout, Is.Empty);
    }

    [Test]
    public void Each_kind_of_failure_gets_its_exit_code_and_an_unexpected_one_names_its_type()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CommandLineErrors.Describe(new OperationCanceledException()), Is.EqualTo(("Cancelled.", CommandLineErrors.Cancelled)));
            Assert.That(CommandLineErrors.Describe(new DataException("bad row")), Is.EqualTo(("bad row", CommandLineErrors.Failure)));
            Assert.That(CommandLineErrors.Describe(new ModelSourceException("no model")), Is.EqualTo(("no model", CommandLineErrors.Failure)));
            Assert.That(CommandLineErrors.Describe(new TrackingException("no run")), Is.EqualTo(("no run", CommandLineErrors.Failure)));
            Assert.That(CommandLineErrors.Describe(new DirectoryNotFoundException("no dir")), Is.EqualTo(("no dir", CommandLineErrors.Failure)));
            Assert.That(CommandLineErrors.Describe(new InvalidCastException("bug")), Is.EqualTo(("InvalidCastException: bug", CommandLineErrors.Failure)));
        });
    }
}
