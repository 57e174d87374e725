using TwitterSentiment.Contracts;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>Counts and the distribution of P(positive) over a batch.</summary>
public sealed record BatchSummary(int Total, int Positive, int Negative, int NotANumber, double MeanProbability, IReadOnlyList<HistogramBin> Bins)
{
    public const int BinCount = 10;

    public static BatchSummary From(IReadOnlyList<BatchRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var finite = rows.Where(r => double.IsFinite(r.Probability)).Select(r => r.Probability).ToList();
        int[] counts = new int[BinCount];
        foreach (double p in finite)
        {
            counts[Math.Clamp((int)(p * BinCount), 0, BinCount - 1)]++;
        }

        var bins = counts.Select((count, i) => new HistogramBin((double)i / BinCount, (double)(i + 1) / BinCount, count)).ToList();
        return new BatchSummary(
            rows.Count,
            rows.Count(r => r.PredictedPositive),
            rows.Count(r => SentimentLabel.TryParse(r.Label, out var said) && said == Sentiment.Negative),
            rows.Count - finite.Count,
            finite.Count > 0 ? finite.Average() : double.NaN,
            bins);
    }
}
