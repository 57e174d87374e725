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
    public void A_bad_benchmark_option_is_a_usage_error()
    {
        var (exitCode, output) = TrainerCli.Run("bench", "--batches", "0");

        Assert.That(exitCode, Is.EqualTo(CommandLineErrors.UsageError));
        Assert.That(output, Does.Contain("--batches must be at least 1"));
    }
}
