using TwitterSentiment.Trainer.Commands;
using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Tests.Commands;
using TwitterSentiment.Trainer.Tests.Export;

namespace TwitterSentiment.Trainer.Tests;

/// <summary>The one model-name rule, and every place the trainer takes a model name applying it.</summary>
public sealed class ServingContractTests
{
    [TestCaseSource(typeof(ModelNameExamples), nameof(ModelNameExamples.Valid))]
    public void A_model_name_that_is_one_folder_and_one_REST_path_segment_is_valid(string name)
    {
        Assert.That(ServingContract.IsValidModelName(name), Is.True);
    }

    [TestCaseSource(typeof(ModelNameExamples), nameof(ModelNameExamples.Invalid))]
    public void A_blank_name_or_one_with_a_separator_or_a_dot_folder_is_not(string? name)
    {
        Assert.That(ServingContract.IsValidModelName(name), Is.False);
    }

    [Test]
    public void The_default_model_name_follows_the_rule()
    {
        Assert.That(ServingContract.IsValidModelName(ServingContract.ModelName), Is.True);
    }

    [TestCase("a:b")]
    [TestCase("a\\b")]
    [TestCase("..")]
    public void Train_export_and_predict_reject_the_same_names_with_the_same_message(string name)
    {
        using var temp = new TempDirectory();
        string checkpoint = TinyCheckpoint.Write(temp.File("checkpoint"));
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
        var (model, vocabulary) = ModelCheckpoint.Load(TinyCheckpoint.Write(temp.File("checkpoint")));
        using (model)
        {
            var error = Assert.Throws<ArgumentException>(() => SavedModelExporter.Export(model, vocabulary, temp.File("models"), "a:b"));
            Assert.That(error?.Message, Does.Contain(ServingContract.ModelNameRule));
            Assert.That(Directory.Exists(temp.File("models")), Is.False);
        }
    }
}
