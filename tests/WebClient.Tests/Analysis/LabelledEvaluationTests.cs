using TwitterSentiment.Contracts;
using TwitterSentiment.WebClient.Analysis;

namespace TwitterSentiment.WebClient.Tests.Analysis;

public sealed class LabelledEvaluationTests
{
    [Test]
    public void Metrics_match_a_hand_computation()
    {
        // Truth/prediction: TP = 2 (0.9, 0.7), FN = 1 (0.3), FP = 1 (0.6), TN = 2 (0.2, 0.1); one row unknown.
        BatchRow[] rows =
        [
            Row(0.9, true), Row(0.7, true), Row(0.3, true),
            Row(0.6, false), Row(0.2, false), Row(0.1, false),
            Row(0.8, null),
        ];

        var evaluation = LabelledEvaluation.From(rows)!;
        var metrics = evaluation.Metrics;

        Assert.That((metrics.TruePositives, metrics.FalseNegatives, metrics.FalsePositives, metrics.TrueNegatives), Is.EqualTo((2L, 1L, 1L, 2L)));
        Assert.That(metrics.Accuracy, Is.EqualTo(4.0 / 6).Within(1e-12));
        Assert.That(metrics.Precision, Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(metrics.Recall, Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(metrics.F1, Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(metrics.BalancedAccuracy, Is.EqualTo(2.0 / 3).Within(1e-12));
        // Ranking: of the 3 × 3 positive/negative pairs, the positive scores higher in 8 (0.3 < 0.6 is the miss).
        Assert.That(metrics.RocAuc, Is.EqualTo(8.0 / 9).Within(1e-6));
        Assert.That(evaluation.Roc.Area, Is.EqualTo(8.0 / 9).Within(1e-6));
        Assert.That(metrics.Confusion.Wrong, Is.EqualTo(2));
    }

    [Test]
    public void Unbalanced_labels_make_balanced_accuracy_differ_from_accuracy()
    {
        // 4 positives all right, 1 negative wrong: accuracy 0.8, balanced (1 + 0) / 2 = 0.5.
        var evaluation = LabelledEvaluation.From([Row(0.9, true), Row(0.8, true), Row(0.7, true), Row(0.6, true), Row(0.55, false)])!;

        Assert.That(evaluation.Metrics.Accuracy, Is.EqualTo(0.8).Within(1e-12));
        Assert.That(evaluation.Metrics.BalancedAccuracy, Is.EqualTo(0.5).Within(1e-12));
        Assert.That(evaluation.Metrics.Confusion.NegativeF1, Is.Zero);
    }

    [Test]
    public void A_file_of_one_class_leaves_the_other_classs_metrics_undefined()
    {
        var evaluation = LabelledEvaluation.From([Row(0.9, true), Row(0.8, true)])!;

        Assert.That(evaluation.Metrics.Specificity, Is.Null);
        Assert.That(evaluation.Metrics.BalancedAccuracy, Is.Null);
        Assert.That(evaluation.Metrics.RocAuc, Is.Null);
        Assert.That(evaluation.Roc.Points, Is.Empty);
    }

    [Test]
    public void No_known_labels_means_no_evaluation() =>
        Assert.That(LabelledEvaluation.From([Row(0.9, null), Row(double.NaN, true), Row(1.5, false)]), Is.Null);

    private static BatchRow Row(double probability, bool? truth) =>
        new(1, "t", probability, probability >= 0.5 ? "positive" : "negative", Truth: truth switch { true => Sentiment.Positive, false => Sentiment.Negative, null => null });
}
