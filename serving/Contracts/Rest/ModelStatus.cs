namespace TwitterSentiment.Contracts.Rest;

/// <summary>The versions TF Serving knows for the model and their states (TF Serving's model status API: GET /v1/models/&lt;name&gt;).</summary>
public sealed record ModelStatus(IReadOnlyList<ModelVersionState> Versions)
{
    public const string Available = "AVAILABLE";

    /// <summary>The version TF Serving answers with: the highest AVAILABLE one.</summary>
    public long? ServedVersion => Versions.Where(v => v.State == Available).Select(v => (long?)v.Version).Max();

    public bool IsAvailable => ServedVersion is not null;

    public bool IsLoading => !IsAvailable && Versions.Any(v => v.State is "START" or "LOADING");
}
