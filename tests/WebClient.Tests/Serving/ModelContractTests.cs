using System.ComponentModel.DataAnnotations;
using TwitterSentiment.Trainer;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Tests.Serving;

/// <summary>The site's view of the served model is the trainer's: the same names, and the same model-name rule.</summary>
public sealed class ModelContractTests
{
    [TestCaseSource(typeof(ModelNameExamples), nameof(ModelNameExamples.Valid))]
    public void The_site_and_the_trainer_accept_the_same_names(string name)
    {
        Assert.That(ModelContract.IsValidModelName(name), Is.True);
        Assert.That(ServingContract.IsValidModelName(name), Is.True);
    }

    [TestCaseSource(typeof(ModelNameExamples), nameof(ModelNameExamples.Invalid))]
    public void The_site_and_the_trainer_refuse_the_same_names(string? name)
    {
        Assert.That(ModelContract.IsValidModelName(name), Is.False);
        Assert.That(ServingContract.IsValidModelName(name), Is.False);
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
