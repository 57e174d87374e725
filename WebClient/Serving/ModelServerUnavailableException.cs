namespace TwitterSentiment.WebClient.Serving;

/// <summary>TF Serving could not be reached, timed out or kept failing after the retries.</summary>
public sealed class ModelServerUnavailableException(string message, bool timedOut, Exception? innerException = null)
    : TfServingException(message, innerException)
{
    public bool TimedOut { get; } = timedOut;
}
