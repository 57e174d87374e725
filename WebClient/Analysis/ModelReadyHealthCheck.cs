using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.WebClient.Serving;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// Readiness: the site is only useful when the version it answers with by default (the pinned one, else the newest) is
/// AVAILABLE in TF Serving. A pin TF Serving cannot serve keeps the site unready, with the reason.
/// </summary>
internal sealed class ModelReadyHealthCheck(ModelVersions versions, IOptions<TfServingOptions> serving, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The timeout runs on the site's clock, so tests can pass it without waiting.
        using var timeout = new CancellationTokenSource(serving.Value.ReadinessTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var model = await versions.ResolveAsync(null, linked.Token);
            return model.Problem is { } problem
                ? HealthCheckResult.Unhealthy($"{problem.Title}. {problem.Detail}")
                : HealthCheckResult.Healthy($"Model {model.Description} is AVAILABLE.");
        }
        catch (TfServingException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The model server did not answer the status request in time.");
        }
    }
}
