namespace TwitterSentiment.Contracts.Rest;

/// <summary>The signatures of the served model version (TF Serving's model metadata API: GET /v1/models/&lt;name&gt;/metadata).</summary>
public sealed record ModelMetadata(string ModelName, long? Version, IReadOnlyList<SignatureSummary> Signatures);
