using TwitterSentiment.Contracts;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// Counts and the distribution of P(positive) over the scored rows of a batch (<see cref="Total"/>); rows not scored (too
/// long) are only counted in <see cref="NotScored"/>. <see cref="Unsure"/> rows are also counted in Positive or Negative.
/// </summary>
public sealed record BatchSummary(int Total, int Positive, int Negative, int NotANumber, double MeanProbability, IReadOnlyList<HistogramBin> Bins)
{
    public const int BinCount = 10;

    /// <summary>Rows in the unsure band (<see cref="Explanation.IsUnsure"/>), by the side they lean to included in Positive or Negative.</summary>
    public int Unsure { get; init; }

    /// <summary>Rows listed but not scored.</summary>
    public int NotScored { get; init; }

    public static BatchSummary From(IReadOnlyList<BatchRow> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        var rows = all.Where(r => r.Skipped is null).ToList();
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
            bins)
        {
            Unsure = rows.Count(r => Explanation.IsUnsure(r.Probability)),
            NotScored = all.Count - rows.Count,
        };
    }
}
