namespace TwitterSentiment.Trainer.Tracking;

/// <summary>A tracking request that MLflow would reject (bad key, conflicting param, unsupported URI...).</summary>
public class TrackingException : Exception
{
    public TrackingException()
    {
    }

    public TrackingException(string message) : base(message)
    {
    }

    public TrackingException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
