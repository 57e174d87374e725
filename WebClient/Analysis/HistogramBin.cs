namespace TwitterSentiment.WebClient.Analysis;

/// <summary>Texts whose P(positive) falls in [From, To) (the last bin includes 1.0).</summary>
public sealed record HistogramBin(double From, double To, int Count);
