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

        Assert.That((evaluation.TruePositive, evaluation.FalseNegative, evaluation.FalsePositive, evaluation.TrueNegative), Is.EqualTo((2, 1, 1, 2)));
        Assert.That(evaluation.Accuracy, Is.EqualTo(4.0 / 6).Within(1e-12));
        Assert.That(evaluation.Precision, Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(evaluation.Recall, Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(evaluation.F1, Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(evaluation.BalancedAccuracy, Is.EqualTo(2.0 / 3).Within(1e-12));
        // Ranking: of the 3 × 3 positive/negative pairs, the positive scores higher in 8 (0.3 < 0.6 is the miss).
        Assert.That(evaluation.Auc, Is.EqualTo(8.0 / 9).Within(1e-12));
        Assert.That(evaluation.Wrong, Is.EqualTo(2));
    }

    [Test]
    public void Unbalanced_labels_make_balanced_accuracy_differ_from_accuracy()
    {
        // 4 positives all right, 1 negative wrong: accuracy 0.8, balanced (1 + 0) / 2 = 0.5.
        var evaluation = LabelledEvaluation.From([Row(0.9, true), Row(0.8, true), Row(0.7, true), Row(0.6, true), Row(0.55, false)])!;

        Assert.That(evaluation.Accuracy, Is.EqualTo(0.8).Within(1e-12));
        Assert.That(evaluation.BalancedAccuracy, Is.EqualTo(0.5).Within(1e-12));
        Assert.That(evaluation.NegativeF1, Is.Zero);
    }

    [Test]
    public void No_known_labels_means_no_evaluation() =>
        Assert.That(LabelledEvaluation.From([Row(0.9, null), Row(double.NaN, true)]), Is.Null);

    private static BatchRow Row(double probability, bool? truth) =>
        new(1, "t", probability, probability >= 0.5 ? "positive" : "negative", Truth: truth switch { true => Sentiment.Positive, false => Sentiment.Negative, null => null });
}
