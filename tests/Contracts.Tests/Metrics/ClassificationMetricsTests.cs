using TwitterSentiment.Contracts.Metrics;

namespace TwitterSentiment.Contracts.Tests.Metrics;

/// <summary>The metrics the trainer and the site both report, computed once.</summary>

public sealed class ClassificationMetricsTests
{
    [Test]
    public void Metrics_match_values_computed_by_hand()
    {
        // TP: 0.9; FN: 0.4; TN: 0.2; FP: 0.6.
        int[] labels = [1, 0, 1, 0];
        float[] probabilities = [0.9f, 0.2f, 0.4f, 0.6f];

        var metrics = ClassificationMetrics.Compute(labels, probabilities);

        Assert.Multiple(() =>
        {
            Assert.That(metrics.TruePositives, Is.EqualTo(1));
            Assert.That(metrics.FalseNegatives, Is.EqualTo(1));
            Assert.That(metrics.TrueNegatives, Is.EqualTo(1));
            Assert.That(metrics.FalsePositives, Is.EqualTo(1));
            Assert.That(metrics.Accuracy, Is.EqualTo(0.5));
            Assert.That(metrics.Precision, Is.EqualTo(0.5));
            Assert.That(metrics.Recall, Is.EqualTo(0.5));
            Assert.That(metrics.F1, Is.EqualTo(0.5));
            // Positive/negative pairs ranked correctly: (0.9, 0.2), (0.9, 0.6), (0.4, 0.2) of four.
            Assert.That(metrics.RocAuc, Is.EqualTo(0.75).Within(1e-12));
            double expectedLogLoss = -(Math.Log(0.9) + Math.Log(0.8) + Math.Log(0.4) + Math.Log(0.4)) / 4;
            Assert.That(metrics.LogLoss, Is.EqualTo(expectedLogLoss).Within(1e-6));
        });
    }

    [Test]
    public void Precision_recall_and_f1_differ_when_errors_are_lopsided()
    {
        int[] labels = [1, 1, 1, 1, 0, 0];
        float[] probabilities = [0.9f, 0.8f, 0.3f, 0.2f, 0.1f, 0.7f];

        var metrics = ClassificationMetrics.Compute(labels, probabilities);

        // TP 2, FN 2, FP 1, TN 1.
        Assert.That(metrics.Precision, Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(metrics.Recall, Is.EqualTo(0.5).Within(1e-12));
        Assert.That(metrics.F1, Is.EqualTo(2 * (2.0 / 3) * 0.5 / (2.0 / 3 + 0.5)).Within(1e-12));
        Assert.That(metrics.Accuracy, Is.EqualTo(0.5).Within(1e-12));
    }

    [Test]
    public void Tied_scores_count_half_towards_the_roc_auc()
    {
        // Pairs: (0.5 vs 0.5) tie = ½, (0.5 > 0.3), (0.8 > 0.5), (0.8 > 0.3): 3.5 of 4.
        int[] labels = [1, 0, 1, 0];
        float[] probabilities = [0.5f, 0.5f, 0.8f, 0.3f];

        var metrics = ClassificationMetrics.Compute(labels, probabilities);

        Assert.That(metrics.RocAuc, Is.EqualTo(0.875).Within(1e-12));
    }

    [Test]
    public void All_scores_equal_gives_a_roc_auc_of_one_half()
    {
        var metrics = ClassificationMetrics.Compute([1, 0, 0, 1, 1], [0.7f, 0.7f, 0.7f, 0.7f, 0.7f]);

        Assert.That(metrics.RocAuc, Is.EqualTo(0.5).Within(1e-12));
    }

    [Test]
    public void A_probability_of_exactly_one_half_is_a_negative_prediction()
    {
        var metrics = ClassificationMetrics.Compute([1, 0], [0.5f, 0.5f]);

        Assert.That(metrics.TrueNegatives, Is.EqualTo(1));
        Assert.That(metrics.FalseNegatives, Is.EqualTo(1));
    }

    [Test]
    public void A_positive_only_set_predicted_negative_has_no_precision_specificity_balanced_accuracy_or_roc_auc()
    {
        var metrics = ClassificationMetrics.Compute([1, 1, 1], [0.2f, 0.3f, 0.4f]);

        Assert.Multiple(() =>
        {
            Assert.That(metrics.RocAuc, Is.Null);
            Assert.That(metrics.Accuracy, Is.EqualTo(0));
            Assert.That(metrics.Precision, Is.Null, "nothing was predicted positive");
            Assert.That(metrics.Recall, Is.EqualTo(0));
            Assert.That(metrics.Specificity, Is.Null, "no negative rows");
            Assert.That(metrics.BalancedAccuracy, Is.Null);
            Assert.That(metrics.F1, Is.EqualTo(0));
            Assert.That(metrics.FalseNegatives, Is.EqualTo(3));
            Assert.That(metrics.HasUndefined(), Is.True);
        });
    }

    [Test]
    public void Two_positive_rows_predicted_positive_leave_specificity_and_balanced_accuracy_undefined_not_0_and_50_percent()
    {
        // Issue 22: this used to report specificity 0 % and balanced accuracy 50 %.
        var metrics = ClassificationMetrics.Compute([1, 1], [0.9f, 0.8f]);

        Assert.Multiple(() =>
        {
            Assert.That((metrics.Accuracy, metrics.Precision, metrics.Recall, metrics.F1), Is.EqualTo((1.0, (double?)1.0, (double?)1.0, (double?)1.0)));
            Assert.That(metrics.Specificity, Is.Null);
            Assert.That(metrics.BalancedAccuracy, Is.Null);
            Assert.That(metrics.RocAuc, Is.Null);
        });
    }

    [Test]
    public void An_all_negative_set_predicted_negative_is_fully_accurate_with_no_recall_or_f1()
    {
        var metrics = ClassificationMetrics.Compute([0, 0], [0.1f, 0.2f]);

        Assert.That(metrics.Accuracy, Is.EqualTo(1));
        Assert.That(metrics.Recall, Is.Null);
        Assert.That(metrics.F1, Is.Null, "no positive row and none predicted: 0/0");
        Assert.That(metrics.Specificity, Is.EqualTo(1));
        Assert.That(metrics.Confusion.NegativeF1, Is.EqualTo(1));
        Assert.That(metrics.RocAuc, Is.Null);
    }

    [Test]
    public void A_set_with_both_classes_and_both_predictions_has_every_metric()
    {
        var metrics = ClassificationMetrics.Compute([1, 0, 1, 0], [0.9f, 0.2f, 0.4f, 0.6f]);

        Assert.That(metrics.HasUndefined(), Is.False);
        Assert.That(metrics.BalancedAccuracy, Is.EqualTo(0.5));
    }

    [Test]
    public void Log_loss_stays_finite_for_certain_wrong_predictions()
    {
        var metrics = ClassificationMetrics.Compute([1, 0], [0f, 1f]);

        Assert.That(metrics.LogLoss, Is.EqualTo(-Math.Log(1e-7)).Within(1e-3));
    }

    [Test]
    public void Mismatched_lengths_empty_input_and_bad_labels_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute([1, 0], [0.5f]));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute([], []));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute([2], [0.5f]));
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute([1], [float.NaN]));
    }

    [Test]
    public void A_threshold_moves_the_confusion_matrix_but_not_the_ranking_or_the_loss()
    {
        int[] labels = [1, 0, 1, 0];
        float[] probabilities = [0.9f, 0.2f, 0.4f, 0.6f];

        var atHalf = ClassificationMetrics.Compute(labels, probabilities);
        var atDefault = ClassificationMetrics.Compute(labels, probabilities, ClassificationMetrics.DefaultThreshold);
        var strict = ClassificationMetrics.Compute(labels, probabilities, threshold: 0.7);
        var lenient = ClassificationMetrics.Compute(labels, probabilities, threshold: 0.3);

        Assert.Multiple(() =>
        {
            Assert.That(atDefault, Is.EqualTo(atHalf));
            // 0.7: only 0.9 is positive → TP 1, FN 1, TN 2, FP 0.
            Assert.That((strict.TruePositives, strict.FalseNegatives, strict.TrueNegatives, strict.FalsePositives), Is.EqualTo((1L, 1L, 2L, 0L)));
            // 0.3: 0.9, 0.4 and 0.6 are positive → TP 2, FN 0, TN 1, FP 1.
            Assert.That((lenient.TruePositives, lenient.FalseNegatives, lenient.TrueNegatives, lenient.FalsePositives), Is.EqualTo((2L, 0L, 1L, 1L)));
            Assert.That(strict.RocAuc, Is.EqualTo(atHalf.RocAuc));
            Assert.That(strict.LogLoss, Is.EqualTo(atHalf.LogLoss));
        });
    }

    [Test]
    public void A_probability_equal_to_the_threshold_is_a_negative_prediction()
    {
        var metrics = ClassificationMetrics.Compute([1, 0], [0.25f, 0.25f], threshold: 0.25);

        Assert.That((metrics.TruePositives, metrics.FalsePositives), Is.EqualTo((0L, 0L)));
    }

    [TestCase(-0.1)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void A_threshold_outside_zero_to_one_is_rejected(double threshold) =>
        Assert.That(() => ClassificationMetrics.Compute([1], [0.5f], threshold), Throws.TypeOf<ArgumentOutOfRangeException>());

    [Test]
    public void The_default_threshold_is_the_exported_labels_rule()
    {
        Assert.That(ClassificationMetrics.DefaultThreshold, Is.EqualTo(ServingContract.LabelThreshold));
    }
}
