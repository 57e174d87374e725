namespace TwitterSentiment.Contracts.Tests;

/// <summary>The one label rule: the union of what the trainer, the Batch page and the Compare page used to accept.</summary>
public sealed class SentimentLabelTests
{
    [TestCase("0", Sentiment.Negative)]
    [TestCase("neg", Sentiment.Negative)]
    [TestCase("negative", Sentiment.Negative)]
    [TestCase(" NEGATIVE ", Sentiment.Negative)]
    [TestCase("Neg", Sentiment.Negative)]
    [TestCase("1", Sentiment.Positive)]
    [TestCase("4", Sentiment.Positive)]
    [TestCase("pos", Sentiment.Positive)]
    [TestCase("Positive", Sentiment.Positive)]
    [TestCase("\tPOS\r", Sentiment.Positive)]
    [TestCase("2", Sentiment.Neutral)]
    [TestCase(" 2 ", Sentiment.Neutral)]
    public void Every_spelling_in_any_case_and_with_spaces_is_read(string value, Sentiment expected)
    {
        Assert.That(SentimentLabel.TryParse(value, out var sentiment), Is.True);
        Assert.That(sentiment, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase(null)]
    [TestCase("3")]
    [TestCase("-1")]
    [TestCase("0.5")]
    [TestCase("1.0")]
    [TestCase("neutral")]
    [TestCase("positively")]
    [TestCase("maybe")]
    public void Anything_else_is_no_label(string? value)
    {
        Assert.That(SentimentLabel.TryParse(value, out _), Is.False);
    }

    [TestCase("positive", true)]
    [TestCase("Positive", true)]
    [TestCase("negative", false)]
    [TestCase("", false)]
    [TestCase(null, false)]
    public void A_served_label_is_positive_by_the_same_rule(string? served, bool positive)
    {
        Assert.That(SentimentLabel.IsPositive(served), Is.EqualTo(positive));
    }

    [Test]
    public void The_served_label_strings_read_as_what_they_say()
    {
        Assert.That(SentimentLabel.TryParse(ServingContract.PositiveLabel, out var positive) && positive == Sentiment.Positive, Is.True);
        Assert.That(SentimentLabel.TryParse(ServingContract.NegativeLabel, out var negative) && negative == Sentiment.Negative, Is.True);
    }
}
