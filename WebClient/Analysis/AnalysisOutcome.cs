using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// Either predictions (one per text, in order) with what the tokenizer says about each text (null entries when the
/// export cannot say), their latency and the model version that answered, or a problem to show.
/// </summary>
public sealed record AnalysisOutcome(
    IReadOnlyList<SentimentPrediction> Predictions, IReadOnlyList<TokenFacts?> Tokens, TimeSpan Latency, ResolvedModel? Model, ModelProblem? Problem)
{
    public static AnalysisOutcome Failed(ModelProblem problem) => new([], [], TimeSpan.Zero, null, problem);
}
