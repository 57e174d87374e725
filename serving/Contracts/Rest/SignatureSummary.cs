namespace TwitterSentiment.Contracts.Rest;

public sealed record SignatureSummary(
    string Name,
    string MethodName,
    IReadOnlyList<TensorSummary> Inputs,
    IReadOnlyList<TensorSummary> Outputs)
{
    /// <summary>SavedModel plumbing such as __saved_model_init_op (it fills lookup tables), not something to call.</summary>
    public bool IsInternal => Name.StartsWith("__", StringComparison.Ordinal);
}
