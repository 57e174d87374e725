using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// Either predictions (one per text, in order) with what the tokenizer says about each text (null entries when the
/// export cannot say), their latency and the model version, or a problem to show.
/// </summary>
public sealed record AnalysisOutcome(
    IReadOnlyList<SentimentPrediction> Predictions, IReadOnlyList<TokenFacts?> Tokens, TimeSpan Latency, long? ModelVersion, ModelProblem? Problem)
{
    public static AnalysisOutcome Failed(ModelProblem problem) => new([], [], TimeSpan.Zero, null, problem);
}
