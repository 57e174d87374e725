using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TwitterSentiment.WebClient.Hosting;
using TwitterSentiment.WebClient.Serving;
using TwitterSentiment.WebClient.Tests.Fakes;

namespace TwitterSentiment.WebClient.Tests.Site;

public sealed class SafetyTests : SiteTestBase
{
    [TestCase("/")]
    [TestCase("/Batch")]
    [TestCase("/Model")]
    [TestCase("/no-such-page")]
    public async Task Every_page_carries_the_security_headers(string path)
    {
        using var site = StartSite();

        using var response = await site.GetAsync(path, CancellationToken.None);

        string csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.That(csp, Does.Contain("default-src 'self'").And.Contain("frame-ancestors 'none'").And.Not.Contain("unsafe-inline"));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
        Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("no-referrer"));
        Assert.That(response.Headers.Contains("Server"), Is.False);
    }

    [Test]
    public async Task Pages_load_nothing_from_other_origins_and_use_no_inline_styles_or_scripts(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        string[] pages = new[]
        {
            await site.GetPageAsync("/", cancellationToken),
            await site.PostFormForPageAsync("/Batch", Form(("Lines", "love\nhate")), cancellationToken),
            await site.GetPageAsync("/Model", cancellationToken),
        };

        foreach (string? html in pages)
        {
            var references = Regex.Matches(html, "(?:src|href|action)=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
            Assert.That(references, Is.Not.Empty);
            Assert.That(references, Has.All.Matches<string>(r => r.StartsWith('/') || r.StartsWith('#')));
            Assert.That(html, Does.Not.Contain("style=").And.Not.Contain("<style"));
            var scripts = Regex.Matches(html, "<script([^>]*)>(.*?)</script>", RegexOptions.Singleline);
            Assert.That(scripts.Select(s => s.Groups[2].Value.Trim()), Has.All.Empty, "no inline script");
            Assert.That(scripts.Select(s => s.Groups[1].Value), Has.All.Match("src=\"/js/[^\"]+\""), "only the site's own script files");
        }
    }

    [Test]
    public async Task A_post_without_an_antiforgery_token_is_refused_with_a_friendly_page(CancellationToken cancellationToken)
    {
        using var site = StartSite();
        await site.GetPageAsync("/", cancellationToken);
        using var raw = new HttpClient { BaseAddress = SiteAddress };

        using var response = await raw.PostAsync("/", new FormUrlEncodedContent(Form(("Text", "I love it"))), cancellationToken);
        string html = await response.Content.ReadAsStringAsync(cancellationToken);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(html, Does.Contain("That request could not be used"));
        Assert.That(TfServing.PredictRequests, Is.Zero);
    }

    [Test]
    public async Task Too_many_requests_from_one_client_are_limited_with_a_friendly_page(CancellationToken cancellationToken)
    {
        using var site = StartSite(new Dictionary<string, string?> { ["Site:RateLimitPermits"] = "3", ["Site:RateLimitWindow"] = "00:10:00" });

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 4; i++)
        {
            using var page = await site.GetAsync("/", cancellationToken);
            statuses.Add(page.StatusCode);
        }

        using var limited = await site.GetAsync("/Batch", cancellationToken);
        string html = await limited.Content.ReadAsStringAsync(cancellationToken);
        using var health = await site.GetAsync("/healthz", cancellationToken);

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.That(html, Does.Contain("Too many requests"));
        Assert.That(html, Does.Contain("<a href=\"/Batch\" data-testid=\"retry-link\">Back to Batch</a>"), "a link back to the page asked for, named as the menu names it");
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(10)));
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), "probes are never rate limited");
    }

    [Test]
    public async Task An_unknown_page_gets_a_friendly_not_found_page(CancellationToken cancellationToken)
    {
        using var site = StartSite();

        using var response = await site.GetAsync("/nothing/here", cancellationToken);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(cancellationToken), Does.Contain("Page not found"));
    }

    [Test]
    public async Task An_unexpected_exception_shows_the_error_page_and_no_stack_trace_even_in_development(CancellationToken cancellationToken)
    {
        using var site = StartSite(services: services => services.AddSingleton<TimeProvider>(new BrokenClock()));

        using var response = await site.PostFormAsync("/", Form(("Text", "I love it")), cancellationToken);
        string html = await response.Content.ReadAsStringAsync(cancellationToken);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(html, Does.Contain("Something went wrong"));
        Assert.That(html, Does.Not.Contain("BrokenClock").And.Not.Contain("InvalidOperationException").And.Not.Contain(" at "));
    }

    [Test]
    public async Task Tweet_text_never_reaches_the_logs_above_debug(CancellationToken cancellationToken)
    {
        using var site = StartSite(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" });
        const string marker = "zebra-marker-91";
        TfServing.EnqueuePredictFaults(Fault.Unavailable);

        await site.PostFormForPageAsync("/", Form(("Text", $"I love {marker}")), cancellationToken);
        await site.PostFormForPageAsync("/Batch", Form(("Lines", $"{marker} one\n{marker} two")), cancellationToken);

        var entries = Factory.Logs.Entries.Where(e => e.Level > LogLevel.Debug).ToList();
        Assert.That(entries.Count(e => e.Message.Contains("retry", StringComparison.Ordinal)), Is.EqualTo(1), "the logs were captured");
        Assert.That(entries.Select(e => e.Message), Has.None.Contains(marker));
    }

    [Test]
    public async Task Data_protection_keys_go_to_the_configured_directory(CancellationToken cancellationToken)
    {
        string keys = Path.Combine(Path.GetTempPath(), $"webclient-keys-{Guid.NewGuid():N}");
        try
        {
            using var site = StartSite(new Dictionary<string, string?> { ["DataProtection:KeysDirectory"] = keys });

            await site.GetPageAsync("/", cancellationToken);

            Assert.That(Directory.GetFiles(keys, "key-*.xml"), Is.Not.Empty);
        }
        finally
        {
            if (Directory.Exists(keys))
            {
                Directory.Delete(keys, recursive: true);
            }
        }
    }

    [TestCase("TfServing:BaseAddress", "ftp://model-server", "BaseAddress must be an absolute http(s) URL.")]
    [TestCase("TfServing:TotalTimeout", "00:00:00.100", "TotalTimeout must be at least AttemptTimeout.")]
    [TestCase("TfServing:ModelName", "a/b", TfServingOptions.ModelNameMessage)]
    [TestCase("Site:RateLimitPermits", "0", "RateLimitPermits")]
    [TestCase("Site:MaxRequestBytes", "1048576", SiteOptions.RequestBelowUploadMessage)]
    [TestCase("TfServing:Version", "0", "Version must be a positive whole number.")]
    [TestCase("TfServing:Label", "../stable", TfServingOptions.LabelMessage)]
    public void Invalid_configuration_stops_the_site_at_start_with_a_clear_message(string key, string value, string expected)
    {
        var factory = new SiteFactory(TfServing.BaseAddress, new Dictionary<string, string?> { [key] = value });

        try
        {
            var error = Assert.Throws<OptionsValidationException>(() => factory.Start());
            Assert.That(error?.Message, Does.Contain(expected));
        }
        finally
        {
            factory.Dispose();
        }
    }

    /// <summary>A dependency that fails in a way no page handles.</summary>
    private sealed class BrokenClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException("BrokenClock");
    }
}
