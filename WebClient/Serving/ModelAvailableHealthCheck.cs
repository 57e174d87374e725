using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.WebClient.Hosting;

namespace TwitterSentiment.WebClient.Serving;

/// <summary>Readiness: the site is only useful when TF Serving reports a version of the model AVAILABLE.</summary>
internal sealed class ModelAvailableHealthCheck(TfServingClient client, IOptions<SiteOptions> site) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(site.Value.ReadinessTimeout);
        try
        {
            var status = await client.GetModelStatusAsync(timeout.Token);
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
