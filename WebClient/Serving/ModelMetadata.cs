namespace TwitterSentiment.WebClient.Serving;

/// <summary>The signatures of the served model version (§10.6).</summary>
public sealed record ModelMetadata(string ModelName, long? Version, IReadOnlyList<SignatureSummary> Signatures);
