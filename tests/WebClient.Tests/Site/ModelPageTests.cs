using TwitterSentiment.WebClient.Tests.Fakes;

namespace TwitterSentiment.WebClient.Tests.Site;

public sealed class ModelPageTests : SiteTestBase
{
    [Test]
    public async Task The_model_page_shows_versions_states_and_signatures(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.Version = 3;

        string html = await site.GetPageAsync("/Model", cancellationToken);

        Assert.That(SiteClient.Visible(html), Does.Contain("Version State Status 3 (newest) (shown) AVAILABLE"));
        Assert.That(html, Does.Contain("<span class=\"state state-available\">AVAILABLE</span>"));
        Assert.That(html, Does.Contain("data-testid=\"signature-serving_default\""));
        Assert.That(html, Does.Contain("<td>output</td><td><code>probability</code></td><td>DT_FLOAT</td><td>[-1]</td>"));
        Assert.That(html, Does.Contain("<td>output</td><td><code>token_ids</code></td><td>DT_INT64</td><td>[-1, 50]</td>"));
        Assert.That(html, Does.Not.Contain("data-testid=\"signature-__saved_model_init_op\""));
        Assert.That(html, Does.Contain("Internal signatures are not listed: __saved_model_init_op."));
    }

    [Test]
    public async Task Visitors_see_neither_the_server_address_nor_the_resilience_settings(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        string html = await site.GetPageAsync("/Model", cancellationToken);

        Assert.That(html, Does.Contain("data-testid=\"versions\""), "the page still rendered");
        Assert.That(html, Does.Not.Contain(TfServing.BaseAddress.Authority));
        Assert.That(html, Does.Not.Contain("Circuit breaker"));
        Assert.That(html, Does.Not.Contain("Retries"));
    }

    [Test]
    public async Task Operators_can_show_the_serving_internals_with_a_setting(CancellationToken cancellationToken)
    {
        using var site = StartSite(new Dictionary<string, string?> { ["Site:ShowServingInternals"] = "true" });

        string html = await site.GetPageAsync("/Model", cancellationToken);

        Assert.That(html, Does.Contain(TfServing.BaseAddress.Authority));
        Assert.That(html, Does.Contain("Circuit breaker"));
    }

    [Test]
    public async Task The_model_page_explains_a_loading_model(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        TfServing.State = "LOADING";

        string html = await site.GetPageAsync("/Model", cancellationToken);

        Assert.That(html, Does.Contain("data-problem=\"loading\""));
        Assert.That(html, Does.Contain("<span class=\"state state-loading\">LOADING</span>"));
    }

    [Test]
    public async Task The_model_page_explains_a_server_that_is_down(CancellationToken cancellationToken)
    {
        using var site = StartSite(new Dictionary<string, string?> { ["TfServing:MaxRetryAttempts"] = "1" });
        await TfServing.StopAsync();

        string html = await site.GetPageAsync("/Model", cancellationToken);

        Assert.That(html, Does.Contain("data-problem=\"down\""));
    }
}
