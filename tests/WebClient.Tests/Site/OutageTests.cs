using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TwitterSentiment.WebClient.Tests.Fakes;

namespace TwitterSentiment.WebClient.Tests.Site;

/// <summary>
/// A stopped model server, as visitors meet it with the default resilience settings: each page says it is not reachable
/// (stopped or restarting) from the first request on; the circuit opens only after failures across several requests,
/// and still says why; once the server is back and the break is over, pages answer again.
/// </summary>
public sealed class OutageTests : SiteTestBase
{
    /// <summary>The default CircuitMinimumThroughput: failed calls that open the circuit.</summary>
    private const int CallsToOpen = 6;

    [Test]
    public async Task A_stopped_server_is_not_reachable_from_the_first_request_then_paused_then_back_after_a_restart(CancellationToken cancellationToken)
    {
        var clock = new FakeTimeProvider();
        // Default circuit and retries; no back-off, since the back-off waits on the (fake) clock.
        using var site = StartSite(new Dictionary<string, string?> { ["TfServing:RetryBaseDelay"] = "00:00:00" }, services => services.AddSingleton<TimeProvider>(clock));
        int port = TfServing.BaseAddress.Port;
        await TfServing.StopAsync();

        var pages = new List<string>();
        for (int i = 0; i <= CallsToOpen; i++)
        {
            pages.Add(SiteClient.Text(await site.PostFormForPageAsync("/", Form(("Text", "anyone there?")), cancellationToken)));
        }

        Assert.That(pages[..CallsToOpen], Has.All.Contain("data-problem=\"down\"").And.All.Contain("The model server is not reachable (stopped or restarting)"),
            "every request until the circuit opens: one failed status call each, whose retries count once");
        Assert.That(pages[CallsToOpen], Does.Contain("data-problem=\"circuit-open\"").And.Contain("The model server is not reachable (stopped or restarting)")
            .And.Contain("it tries again in 15 seconds"), "the pause still says what is wrong");

        await using var restarted = await FakeTfServing.StartAsync(port);
        clock.Advance(TimeSpan.FromSeconds(15));
        string back = await site.PostFormForPageAsync("/", Form(("Text", "I love it")), cancellationToken);

        Assert.That(back, Does.Contain("<span class=\"label-badge\">positive</span>"));
        Assert.That(Factory.Logs.Entries.Select(e => e.Message), Has.One.Contains("Circuit to TF Serving opened").And.One.Contains("closed"));
    }

    [Test]
    public async Task A_status_failure_ends_the_page_request_without_calling_the_model(CancellationToken cancellationToken)
    {
        using var site = StartSite(new Dictionary<string, string?> { ["TfServing:MaxRetryAttempts"] = "2" });
        string token = await site.AntiforgeryTokenAsync("/Batch", cancellationToken);
        int before = TfServing.Requests;
        TfServing.EnqueueStatusFaults(Fault.Unavailable, Fault.Unavailable, Fault.Unavailable);

        using var response = await site.PostFormWithTokenAsync("/Batch", Form(("Lines", "a\nb")), token, cancellationToken);
        string html = SiteClient.Text(await response.Content.ReadAsStringAsync(cancellationToken));

        Assert.That(html, Does.Contain("data-problem=\"failing\""));
        Assert.That(TfServing.Requests - before, Is.EqualTo(3), "the status call and its two retries; no tokenize or predict call spends retries of its own");
        Assert.That(TfServing.PredictRequests + TfServing.TokenizeRequests, Is.Zero);
    }
}
