using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.WebClient.Serving;

/// <summary>
/// The circuit breaker is open: calls are refused locally to give TF Serving time to recover. <see cref="Cause"/> is
/// what the failed calls that opened it ran into.
/// </summary>
public sealed class CircuitOpenException(TimeSpan? retryAfter, OutageKind cause, Exception innerException)
    : TfServingException("The model server failed repeatedly; calls are paused for a moment.", innerException)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public OutageKind Cause { get; } = cause;
}
