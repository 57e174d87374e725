using TwitterSentiment.Contracts.Metrics;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>The trained model scored on a labelled file of its own, never used for any training decision.</summary>
/// <param name="Name">A short key for tables and MLflow metric names, e.g. "s140_test" or the file's stem.</param>
/// <param name="Path">The file.</param>
/// <param name="Metrics">The kept weights' metrics on its tweets.</param>
/// <param name="Reliability">Its reliability diagram's bins (<see cref="ReliabilityCurve"/>).</param>
public sealed record HeldOutEvaluation(string Name, string Path, ClassificationMetrics Metrics, IReadOnlyList<ReliabilityBin> Reliability);
