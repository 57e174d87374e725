using TwitterSentiment.Contracts.Metrics;
using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Commands.Evaluate;

/// <summary>One scored file: what was read from it and how well the model did on its usable rows.</summary>
/// <param name="Reliability">The reliability diagram's bins (<see cref="ReliabilityCurve"/>).</param>
/// <param name="BestThreshold">The threshold that maximises balanced accuracy on this file; null with one class.</param>
public sealed record FileEvaluation(DataFacts Data, int Positives, ClassificationMetrics Metrics, IReadOnlyList<ReliabilityBin> Reliability, BalancedThreshold? BestThreshold)
{
    public int Negatives => Data.Tweets - Positives;

    /// <summary>The share of the file's tweets that are positive: what <see cref="ClassificationMetrics.PredictedPositiveRate"/> should be near.</summary>
    public double PositiveRate => (double)Positives / Data.Tweets;

    public static DataFacts Describe(LoadedData loaded) => DataFacts.From(loaded, loaded.Source);
}
