namespace TwitterSentiment.WebClient.Analysis;

/// <summary>The Analyze page's answer: the prediction and why, or the problem to show.</summary>
public sealed record ExplainedAnalysis(AnalyzeResult? Result, Explanation? Explanation, ModelProblem? Problem);
