using System.ComponentModel.DataAnnotations;
using TwitterSentiment.Contracts;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Tests.Serving;

/// <summary>The site's configuration starts from the serving contract and applies its model-name rule.</summary>
public sealed class TfServingOptionsContractTests
{
    [Test]
    public void The_site_asks_by_default_for_the_model_and_signature_the_trainer_exports()
    {
        var options = new TfServingOptions();

        Assert.That((options.ModelName, options.SignatureName), Is.EqualTo((ServingContract.ModelName, ServingContract.ServingSignature)));
    }

    [TestCaseSource(typeof(ModelNameExamples), nameof(ModelNameExamples.Valid))]
    public void Options_with_a_name_the_contract_accepts_validate(string name)
    {
        Assert.That(Validate(new TfServingOptions { ModelName = name }), Is.Empty);
    }

    [TestCase("a\\b")]
    [TestCase("..")]
    [TestCase("a:b")]
    public void Options_with_a_name_the_trainer_would_refuse_do_not_validate(string name)
    {
        Assert.That(Validate(new TfServingOptions { ModelName = name }), Has.Member(TfServingOptions.ModelNameMessage));
        Assert.That(TfServingOptions.ModelNameMessage, Does.Contain(ServingContract.ModelNameRule));
    }

    private static List<string?> Validate(TfServingOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage)];
    }
}
