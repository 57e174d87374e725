namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// How the model did on the rows whose true label is known: the confusion matrix (positive = the positive class),
/// the usual rates, and the ROC curve from the probabilities (threshold swept over every distinct P(positive)).
/// </summary>
public sealed record LabelledEvaluation(int TruePositive, int FalsePositive, int TrueNegative, int FalseNegative, IReadOnlyList<RocPoint> Roc)
{
    public int Count => TruePositive + FalsePositive + TrueNegative + FalseNegative;

    public int Wrong => FalsePositive + FalseNegative;

    public double Accuracy => Ratio(TruePositive + TrueNegative, Count);

    /// <summary>Recall of the positive class (sensitivity, true positive rate).</summary>
    public double Recall => Ratio(TruePositive, TruePositive + FalseNegative);

    /// <summary>Recall of the negative class (specificity).</summary>
    public double Specificity => Ratio(TrueNegative, TrueNegative + FalsePositive);

    /// <summary>Mean of the two recalls: what accuracy would be on a file with as many negatives as positives.</summary>
    public double BalancedAccuracy => (Recall + Specificity) / 2;

    public double Precision => Ratio(TruePositive, TruePositive + FalsePositive);

    /// <summary>2TP / (2TP + FP + FN): 0 rather than undefined when the class is never predicted.</summary>
    public double F1 => Ratio(2 * TruePositive, 2 * TruePositive + FalsePositive + FalseNegative);

    public double NegativePrecision => Ratio(TrueNegative, TrueNegative + FalseNegative);

    public double NegativeF1 => Ratio(2 * TrueNegative, 2 * TrueNegative + FalseNegative + FalsePositive);

    /// <summary>Area under the ROC curve (trapezoids); NaN when the file has only one class.</summary>
    public double Auc => Roc.Count < 2 || TruePositive + FalseNegative == 0 || TrueNegative + FalsePositive == 0
        ? double.NaN
        : Roc.Zip(Roc.Skip(1), (a, b) => (b.FalsePositiveRate - a.FalsePositiveRate) * (a.TruePositiveRate + b.TruePositiveRate) / 2).Sum();

    /// <summary>Null when no row has both a known label and a finite probability.</summary>
    public static LabelledEvaluation? From(IEnumerable<BatchRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var scored = rows.Where(r => r.IsCorrect is not null).ToList();
        if (scored.Count == 0)
        {
            return null;
        }

        int tp = 0, fp = 0, tn = 0, fn = 0;
        foreach (var row in scored)
        {
            bool truth = row.TrueLabel == true;
            _ = (truth, row.PredictedPositive) switch
            {
                (true, true) => tp++,
                (false, true) => fp++,
                (false, false) => tn++,
                (true, false) => fn++,
            };
        }

        return new LabelledEvaluation(tp, fp, tn, fn, RocCurve(scored, tp + fn, tn + fp));
    }

    /// <summary>From (0,0) to (1,1): each distinct probability, highest first, as the threshold for "positive".</summary>
    private static List<RocPoint> RocCurve(List<BatchRow> scored, int positives, int negatives)
    {
        var points = new List<RocPoint> { new(0, 0, 1) };
        int tp = 0, fp = 0;
        foreach (var group in scored.GroupBy(r => r.Probability).OrderByDescending(g => g.Key))
        {
            tp += group.Count(r => r.TrueLabel == true);
            fp += group.Count(r => r.TrueLabel == false);
            points.Add(new RocPoint(Ratio(fp, negatives), Ratio(tp, positives), group.Key));
        }

        return points;
    }

    private static double Ratio(int part, int whole) => whole == 0 ? double.NaN : (double)part / whole;
}

/// <summary>One point of the ROC curve: the rates when P(positive) ≥ <paramref name="Threshold"/> is called positive.</summary>
public sealed record RocPoint(double FalsePositiveRate, double TruePositiveRate, double Threshold);
