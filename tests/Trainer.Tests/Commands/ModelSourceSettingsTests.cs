using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.Trainer.Commands.Predict;

namespace TwitterSentiment.Trainer.Tests.Commands;

/// <summary>--label follows the contract's one label rule, the site's too.</summary>
public sealed class ModelSourceSettingsTests
{
    [TestCase("stable")]
    [TestCase("canary-2")]
    [TestCase("v2_rc")]
    public void A_label_the_site_accepts_is_accepted(string label)
    {
        var result = new PredictSettings { Server = "http://localhost:8501", Label = label, Texts = ["I love it"] }.Validate();

        Assert.That(result.Successful, Is.True, result.Message);
    }

    [TestCase("..")]
    [TestCase("a/b")]
    [TestCase("a:predict")]
    [TestCase("2nd")]
    [TestCase("")]
    public void Any_other_label_is_refused_with_the_rule(string label)
    {
        var result = new PredictSettings { Server = "http://localhost:8501", Label = label, Texts = ["I love it"] }.Validate();

        Assert.That(result.Successful, Is.False);
        Assert.That(result.Message, Does.Contain(ModelTarget.LabelRule));
    }
}
