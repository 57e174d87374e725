namespace TwitterSentiment.Contracts.Metrics;

/// <summary>
/// The confusion matrix at one threshold (positive = the positive class) and the rates derived from it. A rate whose
/// denominator is zero is undefined and null, never 0 or ½: recall without positive examples, specificity without
/// negative ones, precision when nothing was predicted positive.
/// </summary>
public sealed record ConfusionCounts(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    public long Count => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>Examples that are positive.</summary>
    public long Positives => TruePositives + FalseNegatives;

    /// <summary>Examples that are negative.</summary>
    public long Negatives => TrueNegatives + FalsePositives;

    public long Wrong => FalsePositives + FalseNegatives;

    public double? Accuracy => Ratio(TruePositives + TrueNegatives, Count);

    /// <summary>Of the examples predicted positive, the share that are.</summary>
    public double? Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>Recall of the positive class (sensitivity, true positive rate).</summary>
    public double? Recall => Ratio(TruePositives, Positives);

    /// <summary>Recall of the negative class (true negative rate).</summary>
    public double? Specificity => Ratio(TrueNegatives, Negatives);

    /// <summary>The mean of both classes' recalls: what accuracy would be on a balanced set. Undefined with one class.</summary>
    public double? BalancedAccuracy => Recall is { } recall && Specificity is { } specificity ? (recall + specificity) / 2 : null;

    /// <summary>2TP / (2TP + FP + FN), the harmonic mean of precision and recall; 0 when no positive was found.</summary>
    public double? F1 => Ratio(2 * TruePositives, 2 * TruePositives + FalsePositives + FalseNegatives);

    /// <summary>Of the examples predicted negative, the share that are.</summary>
    public double? NegativePrecision => Ratio(TrueNegatives, TrueNegatives + FalseNegatives);

    /// <summary>F1 of the negative class.</summary>
    public double? NegativeF1 => Ratio(2 * TrueNegatives, 2 * TrueNegatives + FalseNegatives + FalsePositives);

    /// <summary>Share of examples predicted positive; compare with the share that are.</summary>
    public double? PredictedPositiveRate => Ratio(TruePositives + FalsePositives, Count);

    /// <summary>A probability above <paramref name="threshold"/> is a positive prediction (the exported label's rule at 0.5).</summary>
    public static ConfusionCounts At(ScoredExamples examples, double threshold)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (!(threshold >= 0 && threshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be in [0, 1].");
        }

        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < examples.Count; i++)
        {
            bool predictedPositive = examples.Probabilities[i] > threshold;
            bool positive = examples.Labels[i] == 1;
            _ = (positive, predictedPositive) switch
            {
                (true, true) => tp++,
                (true, false) => fn++,
                (false, true) => fp++,
                (false, false) => tn++,
            };
        }

        return new ConfusionCounts(tp, fp, tn, fn);
    }

    private static double? Ratio(long part, long whole) => whole == 0 ? null : (double)part / whole;
}
