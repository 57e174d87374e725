using TwitterSentiment.Trainer.Commands;

namespace TwitterSentiment.Trainer.Tests.Commands;

public sealed class BenchCommandTests
{
    [Test]
    public void A_small_benchmark_prints_training_inference_and_load_rates()
    {
        var (exitCode, output) = TrainerCli.Run(
            "bench", "synthetic", "--batches", "2", "--batch-size", "16", "--sequence-length", "10", "--vocabulary", "100", "--rows", "2000", "--threads", "1");

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("Training:").And.Contain("Inference:").And.Contain("Load+tokenize:").And.Contain("2,000 rows"));
    }

    [Test]
    public void With_data_it_measures_both_batching_modes_on_the_files_tweets_side_by_side()
    {
        using var folder = new TempDirectory();
        // TweetCsv's tweets have 4–10 tokens, so random batches of 16 compute many padding steps and length batches few.
        string csv = TweetCsv.Write(folder.File("tweets.csv"), rows: 600);

        var (exitCode, output) = TrainerCli.Run(
            "bench", "synthetic", "--data", csv, "--batches", "3", "--batch-size", "16", "--sequence-length", "12", "--vocabulary", "100", "--threads", "1");

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("Load+tokenize:").And.Contain("600 rows").And.Contain("Vocabulary+encode:").And.Contain("Real tweets: 600"));
        string[] random = TableRow(output, "random");
        string[] length = TableRow(output, "length");
        string[] ratio = TableRow(output, "ratio (length ÷ random)");
        Assert.Multiple(() =>
        {
            Assert.That(random.Concat(length).Select(Number), Has.All.GreaterThan(0));
            Assert.That(Number(length[1]), Is.GreaterThan(Number(random[1])), "useful share of training steps");
            Assert.That(Number(length[3]), Is.GreaterThan(Number(random[3])), "useful share of inference steps");
            Assert.That(Number(length[1]), Is.LessThanOrEqualTo(100));
            Assert.That(ratio, Has.All.EndsWith("×"));
        });
    }

    [Test]
    public void A_bad_benchmark_option_is_a_usage_error()
    {
        var (exitCode, output) = TrainerCli.Run("bench", "synthetic", "--batches", "0");

        Assert.That(exitCode, Is.EqualTo(CommandLineErrors.UsageError));
        Assert.That(output, Does.Contain("--batches must be at least 1"));
    }

    [Test]
    public void The_training_bench_runs_real_train_processes_under_each_wait_policy_and_reports_where_a_step_goes()
    {
        using var folder = new TempDirectory();
        string csv = TweetCsv.Write(folder.File("tweets.csv"), rows: 400);

        var (exitCode, output) = TrainerCli.Run(
            "bench", "--data", csv, "--epochs", "2", "--rounds", "1", "--train-args", "lexicon=none bag-of-vectors=none batch-size=32 threads=1", "--variant", "dense-embedding-updates");

        Assert.That(exitCode, Is.EqualTo(0), output);
        string[] passive = TableRow(output, "this build", "passive");
        string[] denseUnset = TableRow(output, "this build, --dense-embedding-updates", "unset");
        Assert.Multiple(() =>
        {
            // seq/s by round, best, ratio, then data, forward, backward, optimizer, metrics and the step's total.
            Assert.That(passive[2], Is.EqualTo("1.00×"));
            Assert.That(new[] { passive[4], passive[5], passive[6], passive[8], denseUnset[4], denseUnset[6] }.Select(Number), Has.All.GreaterThan(0));
            Assert.That(Number(passive[8]), Is.EqualTo(passive[3..8].Sum(Number)).Within(0.03), "the phases make up the step");
            // CPU s/epoch, epoch s, and an epoch of the full 1.6M tweets in minutes: 3,200 times this one's 320 training tweets.
            Assert.That(passive[9..].Select(Number), Has.All.GreaterThan(0));
            Assert.That(Number(passive[11]) * 60, Is.GreaterThan(Number(passive[10]) * 100), "1.6M tweets take far longer than 400");
            string[] run = TableRow(output, "1", "this build", "unset");
            Assert.That(run[0], Is.EqualTo("passive"), "one thread: passive, whatever the environment says");
            Assert.That(run[2].Split('/'), Has.Length.EqualTo(2), "one rate per epoch");
        });
    }

    [Test]
    public void A_train_run_that_fails_stops_the_bench_with_its_log_named()
    {
        using var folder = new TempDirectory();
        string csv = TweetCsv.Write(folder.File("tweets.csv"), rows: 100);

        var (exitCode, output) = TrainerCli.RunUnwrapped("bench", "--data", csv, "--rounds", "1", "--wait-policies", "passive", "--train-args", "batch-size=0");

        Assert.That(exitCode, Is.EqualTo(CommandLineErrors.Failure), output);
        Assert.That(output, Does.Contain("this build under OMP_WAIT_POLICY=passive exited with 2; its output is in").And.Contain("train.log"));
    }

    [TestCase("--wait-policies", "passive,sometimes", "--wait-policies must list unset, passive or active")]
    [TestCase("--baseline", "/no/such/trainer.dll", "--baseline: the file /no/such/trainer.dll does not exist")]
    [TestCase("--rounds", "0", "--rounds must be between 1 and 100")]
    public void A_bad_training_bench_option_is_a_usage_error(string option, string value, string message)
    {
        var (exitCode, output) = TrainerCli.RunUnwrapped("bench", option, value);

        Assert.That(exitCode, Is.EqualTo(CommandLineErrors.UsageError));
        Assert.That(output, Does.Contain(message));
    }

    [Test]
    public void Train_options_for_the_bench_are_written_without_dashes()
    {
        Assert.That(Trainer.Commands.Bench.TrainingBenchCommand.Split(" threads=1  dense-embedding-updates --seed=7 "),
            Is.EqualTo(new[] { "--threads", "1", "--dense-embedding-updates", "--seed", "7" }));
    }

    /// <summary>The cells after <paramref name="first"/> of the markdown table row that starts with them.</summary>
    private static string[] TableRow(string output, params string[] first)
    {
        var rows = output.Split('\n')
            .Select(text => text.Trim())
            .Where(text => text.StartsWith('|'))
            .Select(text => text.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray());
        return rows.Single(cells => cells.Length > first.Length && cells.AsSpan(0, first.Length).SequenceEqual(first))[first.Length..];
    }

    private static double Number(string cell) =>
        double.Parse(cell.TrimEnd('%', '×', ' ').Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
