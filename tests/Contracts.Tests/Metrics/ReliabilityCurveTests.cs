using TwitterSentiment.Contracts.Metrics;

namespace TwitterSentiment.Contracts.Tests.Metrics;

public sealed class ReliabilityCurveTests
{
    [Test]
    public void Bins_and_expected_calibration_error_match_a_hand_computed_example()
    {
        // Bin [0.1, 0.2): 0.12 (0), 0.15 (1) → mean 0.135, share 0.5.  Bin [0.7, 0.8): 0.72, 0.75, 0.78 (1, 1, 0) →
        // mean 0.75, share 0.66667.  Bin [0.9, 1]: 0.95 (1), 1.0 (1) → mean 0.975, share 1.
        // ECE = (2·|0.135 − 0.5| + 3·|0.75 − 0.66667| + 2·|0.975 − 1|) / 7 = (0.73 + 0.25 + 0.05) / 7 = 0.147142857…
        // (Values are floats: 0.7f is 0.69999999 and would fall in [0.6, 0.7), so the example keeps off the edges.)
        float[] probabilities = [0.12f, 0.15f, 0.72f, 0.75f, 0.78f, 0.95f, 1.0f];
        int[] labels = [0, 1, 1, 1, 0, 1, 1];

        var bins = ReliabilityCurve.Bins(labels, probabilities);

        Assert.That(bins, Has.Count.EqualTo(10));
        Assert.That(bins.Select(b => b.Count), Is.EqualTo(new[] { 0, 2, 0, 0, 0, 0, 0, 3, 0, 2 }));
        Assert.That(bins[1].MeanProbability, Is.EqualTo(0.135).Within(1e-7));
        Assert.That(bins[1].PositiveRate, Is.EqualTo(0.5));
        Assert.That(bins[7].MeanProbability, Is.EqualTo(0.75).Within(1e-7));
        Assert.That(bins[7].PositiveRate, Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(bins[9].Lower, Is.EqualTo(0.9).Within(1e-12));
        Assert.That(bins[9].Upper, Is.EqualTo(1.0));
        Assert.That(double.IsNaN(bins[0].MeanProbability), Is.True, "an empty bin has no mean");
        Assert.That(ReliabilityCurve.ExpectedCalibrationError(labels, probabilities), Is.EqualTo(1.03 / 7).Within(1e-7));
    }

    [Test]
    public void Bin_edges_belong_to_the_bin_above_and_one_to_the_last()
    {
        Assert.That(ReliabilityCurve.BinOf(0.0), Is.EqualTo(0));
        Assert.That(ReliabilityCurve.BinOf(0.1), Is.EqualTo(1));
        Assert.That(ReliabilityCurve.BinOf(0.5), Is.EqualTo(5));
        Assert.That(ReliabilityCurve.BinOf(0.999), Is.EqualTo(9));
        Assert.That(ReliabilityCurve.BinOf(1.0), Is.EqualTo(9));
        Assert.That(() => ReliabilityCurve.BinOf(1.01), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => ReliabilityCurve.BinOf(double.NaN), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Perfectly_calibrated_bins_have_zero_error_and_classification_metrics_carry_it()
    {
        // Each bin's mean probability equals its share of positives.
        float[] probabilities = [0.25f, 0.25f, 0.25f, 0.25f, 0.75f, 0.75f, 0.75f, 0.75f];
        int[] labels = [1, 0, 0, 0, 1, 1, 1, 0];

        Assert.That(ReliabilityCurve.ExpectedCalibrationError(labels, probabilities), Is.EqualTo(0).Within(1e-12));
        Assert.That(ClassificationMetrics.Compute(labels, probabilities).ExpectedCalibrationError, Is.EqualTo(0).Within(1e-12));
        Assert.That(ClassificationMetrics.Compute([1, 1], [0.5f, 0.5f]).ExpectedCalibrationError, Is.EqualTo(0.5).Within(1e-12));
    }
}

public sealed class BalancedThresholdTests
{
    [Test]
    public void The_threshold_that_maximises_balanced_accuracy_lies_between_the_scores_it_separates()
    {
        // Negatives score up to 0.62, positives from 0.70 (one positive at 0.30): the best cut is between 0.62 and 0.70.
        float[] probabilities = [0.10f, 0.40f, 0.62f, 0.30f, 0.70f, 0.80f, 0.90f];
        int[] labels = [0, 0, 0, 1, 1, 1, 1];

        var best = BalancedThreshold.Find(labels, probabilities);

        Assert.That(best, Is.Not.Null);
        Assert.That(best!.Threshold, Is.EqualTo(0.66).Within(1e-6));
        Assert.That(best.BalancedAccuracy, Is.EqualTo((1.0 + 0.75) / 2).Within(1e-12));
        var atBest = ClassificationMetrics.Compute(labels, probabilities, best.Threshold);
        Assert.That(atBest.BalancedAccuracy, Is.EqualTo(best.BalancedAccuracy).Within(1e-12), "the reported threshold gives the reported score");
    }

    [Test]
    public void Ties_are_never_split_and_one_class_has_no_threshold()
    {
        float[] tied = [0.5f, 0.5f, 0.5f, 0.5f];
        var best = BalancedThreshold.Find([0, 1, 0, 1], tied);

        Assert.That(best!.BalancedAccuracy, Is.EqualTo(0.5));
        Assert.That(BalancedThreshold.Find([1, 1], [0.2f, 0.9f]), Is.Null);
    }
}
