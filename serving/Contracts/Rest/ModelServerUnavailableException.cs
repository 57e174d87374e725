namespace TwitterSentiment.Contracts.Rest;

/// <summary>TF Serving could not be reached, timed out or failed (429, 5xx): worth trying again later.</summary>
public sealed class ModelServerUnavailableException(string message, bool timedOut, Exception? innerException = null)
    : TfServingException(message, innerException)
{
    public bool TimedOut { get; } = timedOut;
}
