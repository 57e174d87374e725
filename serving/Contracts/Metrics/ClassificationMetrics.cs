namespace TwitterSentiment.Contracts.Metrics;

/// <summary>
/// Binary classification quality of P(positive) scores against 0/1 labels: the confusion matrix at a threshold (a
/// probability above it is a positive prediction, as the exported label output's rule is at 0.5) and the rates from it,
/// ROC AUC and log loss. Computed here once for the trainer (training, <c>evaluate</c>) and the site ("evaluate on my
/// labels"). A metric that is undefined for the examples (a rate with a zero denominator, ROC AUC with one class) is
/// null. To add a metric, compute it from <see cref="ScoredExamples"/> in its own type and add a property here.
/// </summary>
public sealed record ClassificationMetrics
{
    /// <summary>The threshold unless another is chosen: the exported model's own label rule.</summary>
    public const double DefaultThreshold = ServingContract.LabelThreshold;

    /// <summary>Keras clips probabilities to [ε, 1 − ε] for log loss; so do we.</summary>
    private const double Epsilon = 1e-7;

    public required double Threshold { get; init; }

    /// <summary>The confusion matrix at <see cref="Threshold"/>.</summary>
    public required ConfusionCounts Confusion { get; init; }

    /// <summary>
    /// The probability that a random positive scores above a random negative, ties counting one half (the Mann–Whitney
    /// form of the area under the ROC curve); null unless both classes are present. Independent of the threshold.
    /// </summary>
    public double? RocAuc { get; init; }

    /// <summary>Mean binary cross-entropy of the probabilities (clipped to [1e-7, 1 − 1e-7]). Independent of the threshold.</summary>
    public required double LogLoss { get; init; }

    /// <summary>
    /// Expected calibration error over 10 equal-width bins (<see cref="ReliabilityCurve"/>); 0 = calibrated. Defined for
    /// any non-empty set; independent of the threshold.
    /// </summary>
    public required double ExpectedCalibrationError { get; init; }

    public long Count => Confusion.Count;

    public long TruePositives => Confusion.TruePositives;

    public long FalsePositives => Confusion.FalsePositives;

    public long TrueNegatives => Confusion.TrueNegatives;

    public long FalseNegatives => Confusion.FalseNegatives;

    /// <summary>Defined for any non-empty set.</summary>
    public double Accuracy => Confusion.Accuracy ?? 0;

    public double? Precision => Confusion.Precision;

    public double? Recall => Confusion.Recall;

    public double? Specificity => Confusion.Specificity;

    public double? BalancedAccuracy => Confusion.BalancedAccuracy;

    public double? F1 => Confusion.F1;

    /// <summary>Defined for any non-empty set.</summary>
    public double PredictedPositiveRate => Confusion.PredictedPositiveRate ?? 0;

    /// <summary>True when a metric of the confusion matrix or ROC AUC is undefined, so tables can say what "—" means.</summary>
    public bool HasUndefined() => Precision is null || Recall is null || Specificity is null || F1 is null || RocAuc is null;

    /// <inheritdoc cref="Compute(ScoredExamples, double)"/>
    public static ClassificationMetrics Compute(IReadOnlyList<int> labels, IReadOnlyList<float> probabilities, double threshold = DefaultThreshold) =>
        Compute(ScoredExamples.Create(labels, probabilities), threshold);

    /// <param name="threshold">A probability above it is a positive prediction; it moves the confusion matrix and
    /// the metrics derived from it, never ROC AUC or log loss.</param>
    public static ClassificationMetrics Compute(ScoredExamples examples, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return new ClassificationMetrics
        {
            Threshold = threshold,
            Confusion = ConfusionCounts.At(examples, threshold),
            RocAuc = ComputeRocAuc(examples),
            LogLoss = ComputeLogLoss(examples),
            ExpectedCalibrationError = ReliabilityCurve.ExpectedCalibrationError(ReliabilityCurve.Bins(examples)),
        };
    }

    private static double ComputeLogLoss(ScoredExamples examples)
    {
        double sum = 0;
        for (int i = 0; i < examples.Count; i++)
        {
            double p = Math.Clamp(examples.Probabilities[i], Epsilon, 1 - Epsilon);
            sum -= examples.Labels[i] == 1 ? Math.Log(p) : Math.Log(1 - p);
        }

        return sum / examples.Count;
    }

    /// <summary>Average ranks (ties share theirs): (sum of the positives' ranks − P(P+1)/2) / (P·N).</summary>
    private static double? ComputeRocAuc(ScoredExamples examples)
    {
        if (!examples.HasBothClasses)
        {
            return null;
        }

        var probabilities = examples.Probabilities;
        int n = examples.Count;
        int[] order = [.. Enumerable.Range(0, n)];
        Array.Sort(order, (a, b) => probabilities[a].CompareTo(probabilities[b]));

        double positiveRankSum = 0;
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end + 1 < n && probabilities[order[end + 1]] == probabilities[order[start]])
            {
                end++;
            }

            double averageRank = ((start + end) / 2.0) + 1; // ranks are 1-based
            for (int k = start; k <= end; k++)
            {
                if (examples.Labels[order[k]] == 1)
                {
                    positiveRankSum += averageRank;
                }
            }

            start = end + 1;
        }

        long positives = examples.Positives;
        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / (positives * (double)examples.Negatives);
    }
}
