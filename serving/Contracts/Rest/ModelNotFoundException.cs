namespace TwitterSentiment.Contracts.Rest;

/// <summary>TF Serving answered 404: the model (or version) is unknown or not loaded yet.</summary>
public sealed class ModelNotFoundException(string message) : TfServingException(message)
{
    /// <summary>TF Serving says "Servable not found" while a model is still loading.</summary>
    public bool IsNotLoadedYet => Message.Contains("Servable not found", StringComparison.OrdinalIgnoreCase);
}
