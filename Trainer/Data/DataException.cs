namespace TwitterSentiment.Trainer.Data;

/// <summary>
/// Data that cannot be used, with a message a user can act on (which file, which line, what to do).
/// Commands print the message and exit with a non-zero code instead of showing a stack trace.
/// </summary>
public sealed class DataException : Exception
{
    public DataException()
    {
    }

    public DataException(string message)
        : base(message)
    {
    }

    public DataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
