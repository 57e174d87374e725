using System.ComponentModel.DataAnnotations;
using TwitterSentiment.Trainer;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Tests.Serving;

/// <summary>The site's model-name rule is the trainer's: a name one accepts the other accepts, and none other.</summary>
public sealed class ModelNameRuleTests
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
        Assert.That(ModelNameRule.IsValid(name), Is.EqualTo(valid));
        Assert.That(ServingContract.IsValidModelName(name), Is.EqualTo(valid));
    }

    [Test]
    public void The_sites_default_model_is_the_one_the_trainer_exports()
    {
        Assert.That(new TfServingOptions().ModelName, Is.EqualTo(ServingContract.ModelName));
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
        Assert.That(results.Select(r => r.ErrorMessage), Has.Member(ModelNameRule.Message));
    }
}
