namespace TwitterSentiment.Trainer.Tracking.Reporting;

/// <summary>The ROC curve of scores against 0/1 labels: one point per distinct threshold, tied scores as one diagonal step.</summary>
public sealed record RocCurve(double[] FalsePositiveRates, double[] TruePositiveRates)
{
    /// <summary>Trapezoidal area under the curve; NaN when only one class is present.</summary>
    public double Area
    {
        get
        {
            if (FalsePositiveRates.Length < 2)
                return double.NaN;
            double area = 0;
            for (int i = 1; i < FalsePositiveRates.Length; i++)
                area += (FalsePositiveRates[i] - FalsePositiveRates[i - 1]) * (TruePositiveRates[i] + TruePositiveRates[i - 1]) / 2;
            return area;
        }
    }

    public static RocCurve Compute(IReadOnlyList<int> labels, IReadOnlyList<float> scores)
    {
        if (labels.Count != scores.Count)
            throw new ArgumentException($"{labels.Count} labels but {scores.Count} scores.", nameof(scores));
        long positives = labels.Count(label => label == 1);
        long negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
            return new RocCurve([], []);

        int[] order = Enumerable.Range(0, labels.Count).OrderByDescending(i => scores[i]).ToArray();
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        long tp = 0, fp = 0;
        for (int k = 0; k < order.Length; k++)
        {
            if (labels[order[k]] == 1) tp++; else fp++;
            // Emit a point only after the last of a run of equal scores: a threshold cannot split ties.
            if (k + 1 == order.Length || scores[order[k + 1]] != scores[order[k]])
            {
                fpr.Add((double)fp / negatives);
                tpr.Add((double)tp / positives);
            }
        }

        return new RocCurve([.. fpr], [.. tpr]);
    }
}
