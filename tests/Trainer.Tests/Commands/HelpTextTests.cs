namespace TwitterSentiment.Trainer.Tests.Commands;

/// <summary>Help, through the real command line: on standard output, exit code 0, every option a command takes.</summary>
public sealed class HelpTextTests
{
    private static readonly string[] Sentiment140Options = ["--url <URL>", "--output <DIR>", "--skip-checksum", "--keep-archive", "--force"];

    [Test]
    public void Download_help_lists_the_options_of_the_default_download_and_its_subcommands()
    {
        var run = TrainerCli.Run("download", "--help");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Stderr, Is.Empty);
        Assert.That(run.Stdout, Does.Contain("OPTIONS:"));
        foreach (string option in Sentiment140Options) Assert.That(run.Stdout, Does.Contain(option));
        Assert.That(run.Stdout, Does.Contain("sentiment140").And.Contain("embeddings"));
    }

    [Test]
    public void Download_sentiment140_is_the_default_download_by_name()
    {
        var run = TrainerCli.Run("download", "sentiment140", "--help");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Stdout, Does.Contain("trainer download sentiment140 [OPTIONS]"));
        foreach (string option in Sentiment140Options) Assert.That(run.Stdout, Does.Contain(option));
    }

    [Test]
    public void A_subcommand_of_download_still_lists_only_its_own_options()
    {
        var run = TrainerCli.Run("download", "embeddings", "--help");

        Assert.That(run.ExitCode, Is.Zero, run.Output);
        Assert.That(run.Stdout, Does.Contain("--name <NAME>").And.Contain("--tarball <PATH>"));
        Assert.That(run.Stdout, Does.Not.Contain("--skip-checksum"));
    }

    [Test]
    public void The_default_download_by_name_rejects_a_bad_address_as_a_usage_error()
    {
        var run = TrainerCli.Run("download", "sentiment140", "--url", "ftp://example.com/x.zip");

        Assert.That(run.ExitCode, Is.EqualTo(Trainer.Commands.CommandLineErrors.UsageError), run.Output);
        Assert.That(run.Stderr, Does.Contain("--url must be an absolute http(s) address"));
    }
}
