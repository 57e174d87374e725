namespace TwitterSentiment.Contracts.Metrics;

/// <summary>
/// The ROC curve: from (0, 0) to (1, 1), one point per distinct probability, highest first, each the rates when that
/// probability and above are called positive (tied scores make one diagonal step). Empty unless both classes are present.
/// </summary>
public sealed record RocCurve(IReadOnlyList<RocPoint> Points)
{
    public static RocCurve From(ScoredExamples examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (!examples.HasBothClasses)
        {
            return new RocCurve([]);
        }

        int[] order = [.. Enumerable.Range(0, examples.Count).OrderByDescending(i => examples.Probabilities[i])];
        var points = new List<RocPoint> { new(0, 0, 1) };
        long tp = 0, fp = 0;
        for (int k = 0; k < order.Length; k++)
        {
            if (examples.Labels[order[k]] == 1)
            {
                tp++;
            }
            else
            {
                fp++;
            }

            // A point only after the last of a run of equal scores: a threshold cannot split ties.
            float score = examples.Probabilities[order[k]];
            if (k + 1 == order.Length || examples.Probabilities[order[k + 1]] != score)
            {
                points.Add(new RocPoint((double)fp / examples.Negatives, (double)tp / examples.Positives, score));
            }
        }

        return new RocCurve(points);
    }

    /// <summary>Trapezoids under the points; equals <see cref="ClassificationMetrics.RocAuc"/>, null when the curve is empty.</summary>
    public double? Area => Points.Count < 2
        ? null
        : Points.Zip(Points.Skip(1), (a, b) => (b.FalsePositiveRate - a.FalsePositiveRate) * (a.TruePositiveRate + b.TruePositiveRate) / 2).Sum();
}

/// <summary>One point of a ROC curve: the rates when P(positive) ≥ <paramref name="Threshold"/> is called positive.</summary>
public sealed record RocPoint(double FalsePositiveRate, double TruePositiveRate, double Threshold);
