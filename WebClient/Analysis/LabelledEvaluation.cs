using TwitterSentiment.Contracts.Metrics;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// How the model did on the rows whose true label is known and whose probability is a number: the classification
/// metrics as the trainer computes them (the contract library's <see cref="ClassificationMetrics"/>, at the exported
/// label's threshold), the ROC curve and the reliability diagram's bins for the charts.
/// </summary>
/// <param name="Reliability">Ten equal-width bins of P(positive), each with its rows' mean probability and share positive
/// (<see cref="ReliabilityCurve"/>; what the expected calibration error is computed from).</param>
public sealed record LabelledEvaluation(ClassificationMetrics Metrics, RocCurve Roc, IReadOnlyList<ReliabilityBin> Reliability)
{
    /// <summary>Null when no row has both a positive or negative label and a probability.</summary>
    public static LabelledEvaluation? From(IEnumerable<BatchRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var scored = rows.Where(r => r.IsCorrect is not null).ToList();
        if (scored.Count == 0)
        {
            return null;
        }

        var examples = ScoredExamples.Create([.. scored.Select(r => r.TrueLabel == true ? 1 : 0)], [.. scored.Select(r => (float)r.Probability)]);
        return new LabelledEvaluation(ClassificationMetrics.Compute(examples), RocCurve.From(examples), ReliabilityCurve.Bins(examples));
    }
}
