using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace TwitterSentiment.WebClient.Serving;

internal static class TfServingRegistration
{
    private const string PipelineName = "tf-serving";

    /// <summary>
    /// Registers <see cref="TfServingClient"/> (with the status cache in front of it) with validated options and a
    /// Polly v8 pipeline, outermost first: total timeout → circuit breaker → retry (exponential back-off with jitter) →
    /// per-attempt timeout. The circuit sits outside the retries, so it counts calls, not attempts: a call that fails
    /// after its retries is one failure, and it takes failures across several requests (six calls in 30 s by default)
    /// to open it, never one page request alone. Every timer of the pipeline runs on the registered <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddTfServingClient(this IServiceCollection services)
    {
        services.AddOptions<TfServingOptions>()
            .BindConfiguration(TfServingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ModelStatusCache>();
        services.AddSingleton<ServingCircuit>();

        services.AddHttpClient<TfServingClient>((provider, http) =>
            {
                var options = provider.GetRequiredService<IOptions<TfServingOptions>>().Value;
                // A trailing slash keeps a path prefix (e.g. behind a proxy) when relative paths are appended.
                http.BaseAddress = new Uri(options.BaseAddress.AbsoluteUri.TrimEnd('/') + "/");
                // Polly owns the timeouts; HttpClient's own 100 s default would only confuse them.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddResilienceHandler(PipelineName, ConfigurePipeline);
        return services;
    }

    private static void ConfigurePipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<TfServingOptions>>().Value;
        var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("TwitterSentiment.WebClient.Serving.Resilience");
        var circuit = context.ServiceProvider.GetRequiredService<ServingCircuit>();
        pipeline.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();

        pipeline.AddTimeout(new TimeoutStrategyOptions
        {
            Timeout = options.TotalTimeout,
            OnTimeout = args =>
            {
                ResilienceLog.TotalTimedOut(logger, args.Timeout.TotalMilliseconds);
                return default;
            },
        });

        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = options.CircuitFailureRatio,
            MinimumThroughput = options.CircuitMinimumThroughput,
            SamplingDuration = options.CircuitSamplingDuration,
            BreakDuration = options.CircuitBreakDuration,
            OnOpened = args =>
            {
                circuit.Opened(Outages.Of(args.Outcome));
                ResilienceLog.CircuitOpened(logger, args.BreakDuration.TotalMilliseconds, Describe(args.Outcome));
                return default;
            },
            OnHalfOpened = _ =>
            {
                ResilienceLog.CircuitHalfOpened(logger);
                return default;
            },
            OnClosed = _ =>
            {
                ResilienceLog.CircuitClosed(logger);
                return default;
            },
        });

        // Predict is idempotent (same text in, same probabilities out, no server-side state), so retrying the
        // POST is as safe as retrying the GETs. The default predicate retries only transient failures:
        // connection errors, timeouts, 408, 429 and 5xx; never 400 (bad input) or 404 (unknown model).
        if (options.MaxRetryAttempts > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                OnRetry = args =>
                {
                    ResilienceLog.Retrying(logger, Describe(args.Outcome), args.AttemptNumber + 1, options.MaxRetryAttempts, args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        pipeline.AddTimeout(new TimeoutStrategyOptions
        {
            Timeout = options.AttemptTimeout,
            OnTimeout = args =>
            {
                ResilienceLog.AttemptTimedOut(logger, args.Timeout.TotalMilliseconds);
                return default;
            },
        });
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } exception
            ? exception.GetType().Name
            : $"HTTP {(int?)outcome.Result?.StatusCode}";
}
