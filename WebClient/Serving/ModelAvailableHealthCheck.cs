using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.WebClient.Serving;

/// <summary>Readiness: the site is only useful when TF Serving reports a version of the model AVAILABLE.</summary>
internal sealed class ModelAvailableHealthCheck(TfServingClient client, IOptions<TfServingOptions> serving, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The timeout runs on the site's clock, so tests can pass it without waiting.
        using var timeout = new CancellationTokenSource(serving.Value.ReadinessTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var status = await client.GetModelStatusAsync(linked.Token);
            if (status.ServedVersion is { } version)
            {
                return HealthCheckResult.Healthy($"Model version {version} is AVAILABLE.");
            }

            return HealthCheckResult.Unhealthy(status.IsLoading ? "The model is loading." : "No version of the model is AVAILABLE.");
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
