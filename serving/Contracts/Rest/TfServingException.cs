namespace TwitterSentiment.Contracts.Rest;

/// <summary>
/// A call to TF Serving failed; the subclass says why, the message is safe to show. The facts below let each program
/// word it for its own users (the site's friendly states, the trainer's hints about its options).
/// </summary>
public abstract class TfServingException(string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>The HTTP status the server answered with; null when no answer came (unreachable, timed out, refused locally).</summary>
    public int? StatusCode { get; internal set; }

    /// <summary>The server's own reason (TF Serving's <c>{"error": …}</c>, or the body as text), when it gave one.</summary>
    public string? ServerMessage { get; internal set; }

    /// <summary>What was asked, e.g. "GET http://localhost:8501/v1/models/sentiment/metadata".</summary>
    public string? Request { get; internal set; }
}
