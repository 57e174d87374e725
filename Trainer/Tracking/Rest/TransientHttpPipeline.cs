using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace TwitterSentiment.Trainer.Tracking.Rest;

/// <summary>
/// Retries what a busy or restarting tracking server produces — connection errors, timeouts, 408, 429 and 5xx —
/// with exponential backoff and jitter, like MLflow's own client. Unlike MLflow's client (120 s per request, five
/// retries: minutes), each attempt and all attempts together are bounded, so a silent server costs seconds and the
/// run moves to the local store instead.
/// </summary>
public static class TransientHttpPipeline
{
    /// <param name="attemptTimeout">The longest one attempt may take; null = unbounded.</param>
    /// <param name="totalTimeout">The longest all attempts and the delays between them may take; null = unbounded.</param>
    public static ResiliencePipeline<HttpResponseMessage> Create(int maxRetries, TimeSpan baseDelay, TextWriter? notices = null,
        TimeSpan? attemptTimeout = null, TimeSpan? totalTimeout = null)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (totalTimeout is { } total)
            builder.AddTimeout(total);
        if (maxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = maxRetries,
                Delay = baseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<TaskCanceledException>(ex => ex.InnerException is TimeoutException)
                    .HandleResult(response => IsTransient(response.StatusCode)),
                OnRetry = args =>
                {
                    string why = args.Outcome.Exception switch
                    {
                        TimeoutRejectedException timeout => $"no answer within {timeout.Timeout.TotalSeconds:0.#} s",
                        { } error => error.Message.TrimEnd('.'),
                        null => $"HTTP {(int?)args.Outcome.Result?.StatusCode}",
                    };
                    notices?.WriteLine($"Tracking server: {why}; retry {args.AttemptNumber + 1} of {maxRetries} in {args.RetryDelay.TotalSeconds:0.#} s.");
                    return default;
                },
            });
        }

        if (attemptTimeout is { } attempt)
            builder.AddTimeout(attempt);
        return builder.Build();
    }

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
