using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Commands.Evaluate;

/// <summary>One scored file: what was read from it and how well the model did on its usable rows.</summary>
public sealed record FileEvaluation(DataFacts Data, int Positives, ClassificationMetrics Metrics)
{
    /// <summary>Malformed rows listed by line (the rest are counted), as training lists them.</summary>
    public const int MalformedRowsShown = 5;

    public int Negatives => Data.Tweets - Positives;

    /// <summary>The share of the file's tweets that are positive: what <see cref="ClassificationMetrics.PredictedPositiveRate"/> should be near.</summary>
    public double PositiveRate => (double)Positives / Data.Tweets;

    public static DataFacts Describe(LoadedData loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        return new DataFacts(
            loaded.Source,
            loaded.Source,
            loaded.Format.ToString(),
            loaded.RowsRead,
            loaded.Tweets.Count,
            loaded.NeutralSkipped,
            loaded.Malformed.Count,
            [.. loaded.Malformed.Take(MalformedRowsShown).Select(row => $"line {row.LineNumber}: {row.Reason}")],
            loaded.Sha256);
    }
}
