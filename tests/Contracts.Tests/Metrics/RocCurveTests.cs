using TwitterSentiment.Contracts.Metrics;

namespace TwitterSentiment.Contracts.Tests.Metrics;

/// <summary>The ROC curve the trainer plots and the site draws.</summary>
public sealed class RocCurveTests
{
    private static RocCurve Curve(int[] labels, float[] probabilities) => RocCurve.From(ScoredExamples.Create(labels, probabilities));

    [Test]
    public void The_roc_area_counts_ties_as_half_like_the_Mann_Whitney_statistic()
    {
        var roc = Curve([1, 0, 1, 0], [0.5f, 0.5f, 0.8f, 0.3f]);

        Assert.That(roc.Area, Is.EqualTo(0.875).Within(1e-12));
        Assert.That(roc.Points.Select(p => p.FalsePositiveRate), Is.EqualTo(new[] { 0, 0, 0.5, 1 }));
        Assert.That(roc.Points.Select(p => p.TruePositiveRate), Is.EqualTo(new[] { 0, 0.5, 1, 1 }));
        Assert.That(roc.Points.Select(p => p.Threshold), Is.EqualTo(new[] { 1, 0.8f, 0.5f, 0.3f }));
    }

    [Test]
    public void A_perfect_ranking_has_area_one_a_reversed_one_area_zero_and_one_class_no_curve()
    {
        Assert.That(Curve([1, 1, 0], [0.9f, 0.8f, 0.1f]).Area, Is.EqualTo(1));
        Assert.That(Curve([0, 0, 1], [0.9f, 0.8f, 0.1f]).Area, Is.EqualTo(0));
        Assert.That(Curve([1, 1], [0.9f, 0.8f]).Points, Is.Empty);
        Assert.That(Curve([1, 1], [0.9f, 0.8f]).Area, Is.Null);
    }

    [Test]
    public void The_area_under_the_curve_is_the_metrics_roc_auc()
    {
        var random = new Random(3);
        int[] labels = [.. Enumerable.Range(0, 500).Select(_ => random.Next(2))];
        // Coarse scores, so many ties.
        float[] probabilities = [.. labels.Select(label => (float)Math.Round(Math.Clamp((label * 0.3) + (random.NextDouble() * 0.7), 0, 1), 1))];
        var examples = ScoredExamples.Create(labels, probabilities);

        Assert.That(RocCurve.From(examples).Area, Is.EqualTo(ClassificationMetrics.Compute(examples).RocAuc).Within(1e-12));
    }
}
