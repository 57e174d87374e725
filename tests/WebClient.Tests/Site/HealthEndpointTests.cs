using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TwitterSentiment.WebClient.Tests.Fakes;

namespace TwitterSentiment.WebClient.Tests.Site;

public sealed class HealthEndpointTests : SiteTestBase
{
    /// <summary>How long a test waits for a request to reach a server (the machine may be busy).</summary>
    private static readonly TimeSpan Waiting = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Readyz_is_ready_when_the_model_is_available(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        using var response = await site.GetAsync("/readyz", cancellationToken);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(cancellationToken), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Readyz_is_not_ready_while_the_model_is_loading(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.State = "LOADING";

        using var response = await site.GetAsync("/readyz", cancellationToken);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task Readyz_is_not_ready_when_the_model_server_is_down_but_healthz_stays_live(CancellationToken cancellationToken)
    {
        using var site = StartSite(new Dictionary<string, string?> { ["TfServing:MaxRetryAttempts"] = "1" });
        await TfServing.StopAsync();

        using var ready = await site.GetAsync("/readyz", cancellationToken);
        using var live = await site.GetAsync("/healthz", cancellationToken);

        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Readyz_reports_not_ready_when_the_status_call_outlasts_the_readiness_timeout(CancellationToken cancellationToken)
    {
        var clock = new FakeTimeProvider();
        using var site = StartSite(new Dictionary<string, string?> { ["TfServing:ReadinessTimeout"] = "00:00:00.300" }, services => services.AddSingleton<TimeProvider>(clock));
        TfServing.EnqueueStatusFaults(Fault.Hang);

        var ready = site.GetAsync("/readyz", cancellationToken);
        await Poll.UntilAsync(() => TfServing.StatusRequests == 1, Waiting, () => "TfServing.StatusRequests == 1", cancellationToken);
        clock.Advance(TimeSpan.FromMilliseconds(299));
        Assert.That(ready.IsCompleted, Is.False, "the readiness check still waits 1 ms before its timeout");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        using var response = await ready;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }
}
