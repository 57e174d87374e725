using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Commands;
using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Tests.Commands;

namespace TwitterSentiment.Trainer.Tests;

/// <summary>Every place the trainer takes a model name applies the contract's rule (Contracts.Tests checks the rule itself).</summary>
public sealed class ServingContractTests
{
    [TestCase("a:b")]
    [TestCase("a\\b")]
    [TestCase("..")]
    public void Train_export_and_predict_reject_the_same_names_with_the_same_message(string name)
    {
        using var temp = new TempDirectory();
        string checkpoint = TinyModels.Plain.CopyCheckpointTo(temp.File("checkpoint"));
        string expected = $"--model-name must be {ServingContract.ModelNameRule} (got \"{name}\").";

        var runs = new[]
        {
            TrainerCli.Run("train", "--model-name", name),
            TrainerCli.Run("export", "--checkpoint", checkpoint, "--model-name", name),
            TrainerCli.Run("predict", "--server", "http://127.0.0.1:9", "--model-name", name, "hello"),
        };

        foreach (var run in runs)
        {
            Assert.That(run.ExitCode, Is.EqualTo(CommandLineErrors.UsageError), run.Output);
            Assert.That(run.Stderr, Does.Contain(expected));
        }
    }

    [Test]
    public void The_exporter_itself_refuses_a_name_that_is_not_one_folder()
    {
        using var temp = new TempDirectory();
        var (model, vocabulary) = TinyModels.Plain.LoadCheckpoint();
        using (model)
        {
            var error = Assert.Throws<ArgumentException>(() => SavedModelExporter.Export(model, vocabulary, temp.File("models"), "a:b"));
            Assert.That(error?.Message, Does.Contain(ServingContract.ModelNameRule));
            Assert.That(Directory.Exists(temp.File("models")), Is.False);
        }
    }
}
