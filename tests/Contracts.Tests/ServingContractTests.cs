namespace TwitterSentiment.Contracts.Tests;

/// <summary>The one model-name rule the trainer's options, the exporter and the site's configuration apply.</summary>
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

    [Test]
    public void The_warmup_file_lies_in_the_assets_extra_folder_of_a_version()
    {
        Assert.That(ServingContract.WarmupFile, Is.EqualTo("assets.extra/tf_serving_warmup_requests"));
    }
}
