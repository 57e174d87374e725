using TwitterSentiment.Trainer.Commands.Train;
using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Tests.Commands;

public sealed class TrainSettingsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 15, 30, 0, TimeSpan.Zero);

    [Test]
    public void Default_paths_resolve_against_the_repository_root_and_the_run_is_named_after_the_clock()
    {
        string root = DefaultData.FindRepositoryRoot() ?? Directory.GetCurrentDirectory();

        var options = new TrainSettings().ToRunOptions(Now, lexicon: null, embeddings: null);

        Assert.That(options.CheckpointDirectory, Is.EqualTo(Path.Combine(root, "checkpoints")));
        Assert.That(options.ExportDirectory, Is.EqualTo(Path.Combine(root, "serving", "models")));
        Assert.That(options.DataPaths, Is.Empty);
        Assert.That(options.RunName, Is.EqualTo("lstm-20261127-153000"));
        Assert.That(options.ModelName, Is.EqualTo("sentiment"));
    }

    [Test]
    public void Paths_the_user_gives_are_relative_to_the_current_directory()
    {
        var options = new TrainSettings { CheckpointDir = "mine", ExportDir = "out/models", RunName = "named" }.ToRunOptions(Now, lexicon: null, embeddings: null);

        Assert.That(options.CheckpointDirectory, Is.EqualTo(Path.GetFullPath("mine")));
        Assert.That(options.ExportDirectory, Is.EqualTo(Path.GetFullPath("out/models")));
        Assert.That(options.RunName, Is.EqualTo("named"));
    }

    [Test]
    public void The_defaults_pass_validation()
    {
        Assert.That(new TrainSettings().Validate().Successful, Is.True);
    }
}
