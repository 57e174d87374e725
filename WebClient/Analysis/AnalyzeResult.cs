using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>One analysed tweet with how long TF Serving took and which model version answered.</summary>
public sealed record AnalyzeResult(string Text, SentimentPrediction Prediction, TimeSpan Latency, ResolvedModel Model);
