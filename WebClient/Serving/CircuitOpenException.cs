using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.WebClient.Serving;

/// <summary>The circuit breaker is open: calls are refused locally to give TF Serving time to recover.</summary>
public sealed class CircuitOpenException(TimeSpan? retryAfter, Exception innerException)
    : TfServingException("The model server failed repeatedly; calls are paused for a moment.", innerException)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
