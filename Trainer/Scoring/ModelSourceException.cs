namespace TwitterSentiment.Trainer.Scoring;

/// <summary>
/// A model that cannot be used (a missing or broken checkpoint or SavedModel, a server that is down or does not
/// serve the model), with a message that says what to do. Commands print it as one line and exit with 1.
/// </summary>
public sealed class ModelSourceException : Exception
{
    public ModelSourceException()
    {
    }

    public ModelSourceException(string message)
        : base(message)
    {
    }

    public ModelSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
