namespace TwitterSentiment.Trainer.Tracking;

/// <summary>The tracking server could not be reached even after retries; the caller may fall back to a local store.</summary>
public sealed class TrackingUnavailableException : TrackingException
{
    public TrackingUnavailableException()
    {
    }

    public TrackingUnavailableException(string message) : base(message)
    {
    }

    public TrackingUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
