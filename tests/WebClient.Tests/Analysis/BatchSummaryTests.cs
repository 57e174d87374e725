using TwitterSentiment.WebClient.Analysis;

namespace TwitterSentiment.WebClient.Tests.Analysis;

public sealed class BatchSummaryTests
{
    [Test]
    public void Counts_labels_and_bins_probabilities_into_tenths_including_one_in_the_last_bin()
    {
        var rows = new[]
        {
            new BatchRow(1, "a", 0.0, "negative"),
            new BatchRow(2, "b", 0.05, "negative"),
            new BatchRow(3, "c", 0.5, "positive"),
            new BatchRow(4, "d", 1.0, "positive"),
            new BatchRow(5, "e", double.NaN, "negative"),
        };

        var summary = BatchSummary.From(rows);

        Assert.That((summary.Total, summary.Positive, summary.Negative, summary.NotANumber), Is.EqualTo((5, 2, 3, 1)));
        Assert.That(summary.Bins.Select(b => b.Count), Is.EqualTo(new[] { 2, 0, 0, 0, 0, 1, 0, 0, 0, 1 }));
        Assert.That(summary.MeanProbability, Is.EqualTo(0.3875).Within(1e-12));
    }

    [Test]
    public void An_all_NaN_batch_has_no_mean()
    {
        var summary = BatchSummary.From([new BatchRow(1, "a", double.NaN, "negative")]);

        Assert.That(double.IsNaN(summary.MeanProbability), Is.True);
        Assert.That(summary.Bins.Sum(b => b.Count), Is.Zero);
    }
}
