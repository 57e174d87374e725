namespace TwitterSentiment.Contracts.Rest;

/// <summary>One signature input or output; Shape is written like "[-1, 50]", "-1" meaning any size.</summary>
public sealed record TensorSummary(string Alias, string DType, string Shape, string TensorName);
