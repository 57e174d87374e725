using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>Either predictions (one per text, in order) with their latency and model version, or a problem to show.</summary>
public sealed record AnalysisOutcome(IReadOnlyList<SentimentPrediction> Predictions, TimeSpan Latency, long? ModelVersion, ModelProblem? Problem)
{
    public static AnalysisOutcome Failed(ModelProblem problem) => new([], TimeSpan.Zero, null, problem);
}
