namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// Binary classification quality. A probability above the threshold (0.5 unless given) counts as a positive
/// prediction (the exported model's <c>label</c> output uses the same rule at 0.5). Conventions for degenerate sets: precision, recall and F1
/// are 0 when their denominator is 0; ROC AUC is NaN unless both classes are present (it is undefined then).
/// Log loss clips probabilities to [1e-7, 1 − 1e-7], as Keras does. The expected calibration error uses
/// <see cref="ReliabilityCurve"/>'s 10 equal-width bins.
/// </summary>
public sealed record ClassificationMetrics(
    double Accuracy,
    double Precision,
    double Recall,
    double F1,
    double RocAuc,
    double LogLoss,
    long TruePositives,
    long FalsePositives,
    long TrueNegatives,
    long FalseNegatives)
{
    public const double Threshold = 0.5;
    private const double Epsilon = 1e-7;

    public long Count => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>Recall of the negative class (true negative rate).</summary>
    public double Specificity => Ratio(TrueNegatives, TrueNegatives + FalsePositives);

    /// <summary>The mean of both classes' recalls: what accuracy would be on a balanced set.</summary>
    public double BalancedAccuracy => (Recall + Specificity) / 2;

    /// <summary>Expected calibration error over 10 equal-width bins (<see cref="ReliabilityCurve"/>); 0 = calibrated.</summary>
    public double ExpectedCalibrationError { get; init; }

    /// <summary>Share of examples predicted positive; compare with the share that are.</summary>
    public double PredictedPositiveRate => Ratio(TruePositives + FalsePositives, Count);

    /// <param name="threshold">A probability above it is a positive prediction; it moves the confusion matrix and
    /// the metrics derived from it, never ROC AUC or log loss.</param>
    public static ClassificationMetrics Compute(IReadOnlyList<int> labels, IReadOnlyList<float> probabilities, double threshold = Threshold)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (double.IsNaN(threshold) || threshold < 0 || threshold > 1)
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be in [0, 1].");
        if (labels.Count != probabilities.Count)
            throw new ArgumentException($"{labels.Count} labels but {probabilities.Count} probabilities.", nameof(probabilities));
        if (labels.Count == 0)
            throw new ArgumentException("Metrics need at least one example.", nameof(labels));

        long tp = 0, fp = 0, tn = 0, fn = 0;
        double logLoss = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            int label = labels[i];
            if (label is not (0 or 1))
                throw new ArgumentException($"Label {label} at index {i} is neither 0 nor 1.", nameof(labels));
            double p = probabilities[i];
            if (double.IsNaN(p) || p < 0 || p > 1)
                throw new ArgumentException($"Probability {p} at index {i} is not in [0, 1].", nameof(probabilities));

            bool predictedPositive = p > threshold;
            if (label == 1)
            {
                if (predictedPositive) tp++; else fn++;
                logLoss -= Math.Log(Math.Clamp(p, Epsilon, 1 - Epsilon));
            }
            else
            {
                if (predictedPositive) fp++; else tn++;
                logLoss -= Math.Log(1 - Math.Clamp(p, Epsilon, 1 - Epsilon));
            }
        }

        double precision = Ratio(tp, tp + fp);
        double recall = Ratio(tp, tp + fn);
        double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        return new ClassificationMetrics(
            Accuracy: (double)(tp + tn) / labels.Count,
            Precision: precision,
            Recall: recall,
            F1: f1,
            RocAuc: ComputeRocAuc(labels, probabilities),
            LogLoss: logLoss / labels.Count,
            TruePositives: tp,
            FalsePositives: fp,
            TrueNegatives: tn,
            FalseNegatives: fn)
        {
            ExpectedCalibrationError = ReliabilityCurve.ExpectedCalibrationError(labels, probabilities),
        };
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    /// <summary>
    /// The Mann–Whitney form: the probability that a random positive scores above a random negative, ties
    /// counting one half (average ranks), which equals the area under the ROC curve with ties as diagonal steps.
    /// </summary>
    private static double ComputeRocAuc(IReadOnlyList<int> labels, IReadOnlyList<float> probabilities)
    {
        int n = labels.Count;
        long positives = labels.Count(label => label == 1);
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) return double.NaN;

        int[] order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) => probabilities[a].CompareTo(probabilities[b]));

        double positiveRankSum = 0;
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end + 1 < n && probabilities[order[end + 1]] == probabilities[order[start]]) end++;
            double averageRank = (start + end) / 2.0 + 1; // ranks are 1-based
            for (int k = start; k <= end; k++)
            {
                if (labels[order[k]] == 1) positiveRankSum += averageRank;
            }
            start = end + 1;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / (positives * (double)negatives);
    }
}
