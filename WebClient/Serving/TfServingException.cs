namespace TwitterSentiment.WebClient.Serving;

/// <summary>A call to TF Serving failed; the subclass says why, the message is safe to show.</summary>
public abstract class TfServingException(string message, Exception? innerException = null)
    : Exception(message, innerException);
