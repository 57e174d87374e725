namespace TwitterSentiment.WebClient.Serving;

public sealed record SignatureSummary(
    string Name,
    string MethodName,
    IReadOnlyList<TensorSummary> Inputs,
    IReadOnlyList<TensorSummary> Outputs);
