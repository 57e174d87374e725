using TwitterSentiment.Trainer.Commands;

namespace TwitterSentiment.Trainer.Tests.Commands;

public sealed class BenchCommandTests
{
    [Test]
    public void A_small_benchmark_prints_training_inference_and_load_rates()
    {
        var (exitCode, output) = TrainerCli.Run(
            "bench", "--batches", "2", "--batch-size", "16", "--sequence-length", "10", "--vocabulary", "100", "--rows", "2000", "--threads", "1");

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
            "bench", "--data", csv, "--batches", "3", "--batch-size", "16", "--sequence-length", "12", "--vocabulary", "100", "--threads", "1");

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
        var (exitCode, output) = TrainerCli.Run("bench", "--batches", "0");

        Assert.That(exitCode, Is.EqualTo(CommandLineErrors.UsageError));
        Assert.That(output, Does.Contain("--batches must be at least 1"));
    }

    /// <summary>The cells after the first of the markdown table row that starts with <paramref name="name"/>.</summary>
    private static string[] TableRow(string output, string name)
    {
        var rows = output.Split('\n')
            .Select(text => text.Trim())
            .Where(text => text.StartsWith('|'))
            .Select(text => text.Trim('|').Split('|').Select(cell => cell.Trim()).ToArray());
        return rows.Single(cells => cells[0] == name)[1..];
    }

    private static double Number(string cell) =>
        double.Parse(cell.TrimEnd('%', '×', ' ').Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
