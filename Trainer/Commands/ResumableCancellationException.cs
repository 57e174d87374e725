namespace TwitterSentiment.Trainer.Commands;

/// <summary>Ctrl+C on work that picks up where it stopped; the message says how (shown after "Cancelled.").</summary>
public sealed class ResumableCancellationException : OperationCanceledException
{
    public ResumableCancellationException()
    {
    }

    public ResumableCancellationException(string message)
        : base(message)
    {
    }

    public ResumableCancellationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
