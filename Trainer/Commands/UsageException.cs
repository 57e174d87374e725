namespace TwitterSentiment.Trainer.Commands;

/// <summary>
/// An option that cannot be used, found once its value was looked at (a file it names is unreadable, or contradicts
/// another option): a usage error like a bad value, so it exits with <see cref="CommandLineErrors.UsageError"/>, and
/// it is found before any work (data read, MLflow run opened).
/// </summary>
public sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
