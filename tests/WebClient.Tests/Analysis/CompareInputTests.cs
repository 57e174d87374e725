using TwitterSentiment.Contracts;
using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.WebClient.Analysis;

namespace TwitterSentiment.WebClient.Tests.Analysis;

public sealed class CompareInputTests
{
    [TestCase("I love it,1", "I love it", Sentiment.Positive)]
    [TestCase("I love it, positive", "I love it", Sentiment.Positive)]
    [TestCase("I love it,Pos", "I love it", Sentiment.Positive)]
    [TestCase("I love it,4", "I love it", Sentiment.Positive)]
    [TestCase("awful,0", "awful", Sentiment.Negative)]
    [TestCase("awful,NEGATIVE", "awful", Sentiment.Negative)]
    [TestCase("awful, neg ", "awful", Sentiment.Negative)]
    [TestCase("on the bus,2", "on the bus", Sentiment.Neutral)]
    [TestCase("so, what now", "so, what now", null)]
    [TestCase("just text", "just text", null)]
    [TestCase(",1", ",1", null)]
    public void A_line_is_a_tweet_with_an_optional_trailing_label_read_by_the_one_label_rule(string line, string text, Sentiment? label)
    {
        Assert.That(CompareInput.Parse(line), Is.EqualTo(new CompareInput(text, label)));
    }

    [TestCase("3", "versions/3")]
    [TestCase(" 12 ", "versions/12")]
    [TestCase("stable", "labels/stable")]
    [TestCase("canary-2", "labels/canary-2")]
    public void Versions_and_labels_map_to_tf_servings_routes(string text, string path)
    {
        Assert.That(ModelTarget.Parse(text)?.PathSegment, Is.EqualTo(path));
    }

    [TestCase("")]
    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("../metadata")]
    [TestCase("a/b")]
    [TestCase("a:predict")]
    [TestCase("3x")]
    public void Anything_else_is_refused_before_it_reaches_a_url(string text)
    {
        Assert.That(ModelTarget.Parse(text), Is.Null);
    }

    [TestCase(0.4, true)]
    [TestCase(0.6, true)]
    [TestCase(0.5, true)]
    [TestCase(0.39, false)]
    [TestCase(0.61, false)]
    public void The_unsure_band_is_from_0_4_to_0_6(double probability, bool unsure)
    {
        Assert.That(Explanation.IsUnsure(probability), Is.EqualTo(unsure));
    }

    [TestCase(0.123, "+0.12", "influence-pos-2")]
    [TestCase(-0.31, "−0.31", "influence-neg-3")]
    [TestCase(0.01, "+0.01", "influence-pos-1")]
    [TestCase(0.001, "±0.00", "influence-none")]
    public void An_influence_reads_with_a_sign_and_a_shade(double influence, string text, string shade)
    {
        var word = new WordInfluence("w", influence);

        Assert.That(word.SignedText, Is.EqualTo(text));
        Assert.That(word.ShadeClass, Is.EqualTo(shade));
    }
}
