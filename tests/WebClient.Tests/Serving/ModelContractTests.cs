using System.ComponentModel.DataAnnotations;
using TwitterSentiment.Trainer;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Tests.Serving;

/// <summary>The site's view of the served model is the trainer's: the same names, and the same model-name rule.</summary>
public sealed class ModelContractTests
{
    [TestCase("sentiment", true)]
    [TestCase("tweets-v2_final.1", true)]
    [TestCase("Ünïcode", true)]
    [TestCase("...", true)]
    [TestCase("", false)]
    [TestCase("   ", false)]
    [TestCase("a/b", false)]
    [TestCase("a\\b", false)]
    [TestCase("a:b", false)]
    [TestCase("sentiment:predict", false)]
    [TestCase(".", false)]
    [TestCase("..", false)]
    [TestCase(null, false)]
    public void The_site_and_the_trainer_agree_on_every_name(string? name, bool valid)
    {
        Assert.That(ModelContract.IsValidModelName(name), Is.EqualTo(valid));
        Assert.That(ServingContract.IsValidModelName(name), Is.EqualTo(valid));
    }

    [Test]
    public void The_site_asks_for_the_names_the_trainer_exports()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ModelContract.ModelName, Is.EqualTo(ServingContract.ModelName));
            Assert.That(ModelContract.ServingSignature, Is.EqualTo(ServingContract.ServingSignature));
            Assert.That(ModelContract.TokenizeSignature, Is.EqualTo(ServingContract.TokenizeSignature));
            Assert.That(ModelContract.ModelInfoSignature, Is.EqualTo(ServingContract.ModelInfoSignature));
            Assert.That(ModelContract.ProbabilityOutput, Is.EqualTo(ServingContract.ProbabilityOutput));
            Assert.That(ModelContract.LabelOutput, Is.EqualTo(ServingContract.LabelOutput));
            Assert.That(ModelContract.TokenIdsOutput, Is.EqualTo(ServingContract.TokenIdsOutput));
            Assert.That(ModelContract.ModelInfoOutput, Is.EqualTo(ServingContract.ModelInfoOutput));
            Assert.That(new TfServingOptions().ModelName, Is.EqualTo(ServingContract.ModelName));
            Assert.That(new TfServingOptions().SignatureName, Is.EqualTo(ServingContract.ServingSignature));
        });
    }

    [TestCase("a\\b")]
    [TestCase("..")]
    [TestCase("a:b")]
    public void Options_with_a_name_the_trainer_would_refuse_do_not_validate(string name)
    {
        var options = new TfServingOptions { ModelName = name };
        var results = new List<ValidationResult>();

        bool valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.That(valid, Is.False);
        Assert.That(results.Select(r => r.ErrorMessage), Has.Member(ModelContract.ModelNameMessage));
    }
}
