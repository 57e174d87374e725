using System.Text;
using Microsoft.Playwright;
using TwitterSentiment.WebClient.Tests.Site;

namespace TwitterSentiment.WebClient.Tests.Browser;

/// <summary>End to end in a real browser against the site and the fault-injecting TF Serving.</summary>
[CancelAfter(120_000)]
public sealed class SiteInBrowserTests : SiteTestBase
{
    private ChromiumSession _chromium = null!;

    [OneTimeSetUp]
    public async Task LaunchAsync() => _chromium = await ChromiumSession.LaunchOrIgnoreAsync();

    [OneTimeTearDown]
    public async Task CloseAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
    }

    [Test]
    public async Task A_visitor_analyzes_a_typed_tweet_and_sees_label_probability_and_version()
    {
        StartSite();
        TfServing.Version = 5;
        var page = await _chromium.NewPageAsync();
        var consoleErrors = CollectConsoleErrors(page);

        await page.GotoAsync(SiteAddress.AbsoluteUri);
        await page.GetByLabel("Tweet").FillAsync("I love this, best day ever");
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze", Exact = true }).ClickAsync();

        var result = page.Locator("[data-testid=result]");
        await Assertions.Expect(result.Locator(".label-badge")).ToHaveTextAsync("positive");
        await Assertions.Expect(result).ToContainTextAsync("P(positive) = 0.982");
        await Assertions.Expect(page.Locator("[data-testid=model-version]")).ToHaveTextAsync("5");
        await ChromiumSession.ScreenshotAsync(page, "analyze");
        Assert.That(consoleErrors, Is.Empty, "no CSP violations or script errors");
    }

    [Test]
    public async Task One_click_on_an_example_analyzes_it()
    {
        StartSite();
        var page = await _chromium.NewPageAsync();

        await page.GotoAsync(SiteAddress.AbsoluteUri);
        await page.GetByRole(AriaRole.Button, new() { Name = "Worst customer service ever." }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=result] .label-badge")).ToHaveTextAsync("negative");
    }

    [Test]
    public async Task The_core_flow_works_without_javascript()
    {
        StartSite();
        var page = await _chromium.NewPageAsync(javaScriptEnabled: false);

        await page.GotoAsync(SiteAddress.AbsoluteUri);
        await page.GetByLabel("Tweet").FillAsync("so tired of this");
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=result] .label-badge")).ToHaveTextAsync("negative");
    }

    [Test]
    public async Task A_visitor_uploads_a_csv_sees_table_and_chart_and_downloads_the_results()
    {
        StartSite();
        var page = await _chromium.NewPageAsync();
        var consoleErrors = CollectConsoleErrors(page);
        string csv = "text,label\nI love sunny days,1\nworst traffic ever,0\n<b>bold</b> & happy,1\n@friend see you at 8,1\n";

        await page.GotoAsync(new Uri(SiteAddress, "Batch").AbsoluteUri);
        await page.GetByLabel("Or upload a CSV file").SetInputFilesAsync(new FilePayload
        {
            Name = "tweets.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes(csv),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze all" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=results] tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=results]")).ToContainTextAsync("<b>bold</b> & happy");
        await Assertions.Expect(page.Locator("[data-testid=positive-count]")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("svg.distribution rect")).ToHaveCountAsync(10);
        await ChromiumSession.ScreenshotAsync(page, "batch");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Download results as CSV" }).ClickAsync());
        string path = Path.Combine(Path.GetTempPath(), $"sentiment-{Guid.NewGuid():N}.csv");
        try
        {
            await download.SaveAsAsync(path);
            string[] lines = await File.ReadAllLinesAsync(path);

            Assert.That(download.SuggestedFilename, Is.EqualTo("sentiment-results.csv"));
            Assert.That(lines[0], Is.EqualTo("line,text,label,probability,model_label,correct"), "input columns kept; the added label gets a prefix");
            Assert.That(lines[1], Is.EqualTo("2,I love sunny days,1,0.880797,positive,yes"));
            Assert.That(lines, Has.Length.EqualTo(5));
        }
        finally
        {
            File.Delete(path);
        }

        Assert.That(consoleErrors, Is.Empty);
    }

    [Test]
    public async Task The_model_page_shows_the_served_version_and_signatures()
    {
        StartSite();
        TfServing.Version = 9;
        var page = await _chromium.NewPageAsync();

        await page.GotoAsync(new Uri(SiteAddress, "Model").AbsoluteUri);

        await Assertions.Expect(page.Locator("[data-testid=versions]")).ToContainTextAsync("9 (newest) (shown)");
        await Assertions.Expect(page.Locator("[data-testid=signature-serving_default]")).ToContainTextAsync("DT_STRING");
        await ChromiumSession.ScreenshotAsync(page, "model");
    }

    [Test]
    public async Task A_stopped_model_server_shows_a_friendly_message()
    {
        StartSite(new Dictionary<string, string?> { ["TfServing:MaxRetryAttempts"] = "1" });
        var page = await _chromium.NewPageAsync();
        await page.GotoAsync(SiteAddress.AbsoluteUri);
        await TfServing.StopAsync();

        await page.GetByLabel("Tweet").FillAsync("hello?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze", Exact = true }).ClickAsync();

        var problem = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(problem).ToContainTextAsync("The model server is not reachable");
        await ChromiumSession.ScreenshotAsync(page, "server-down");
    }

    [Test]
    public async Task A_loading_model_is_explained_and_the_site_reports_not_ready()
    {
        StartSite();
        TfServing.State = "LOADING";
        var page = await _chromium.NewPageAsync();

        await page.GotoAsync(SiteAddress.AbsoluteUri);
        await page.GetByRole(AriaRole.Button, new() { Name = "I love this new phone, best purchase all year!" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The model is still loading");
        await ChromiumSession.ScreenshotAsync(page, "loading");
        var ready = await page.APIRequest.GetAsync(new Uri(SiteAddress, "readyz").AbsoluteUri);
        Assert.That(ready.Status, Is.EqualTo(503));
    }

    [Test]
    public async Task Too_long_input_is_explained_next_to_the_text_box()
    {
        StartSite();
        var page = await _chromium.NewPageAsync();

        await page.GotoAsync(SiteAddress.AbsoluteUri);
        await page.GetByLabel("Tweet").FillAsync(new string('x', 300));
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#text-error")).ToHaveTextAsync("That text has 300 characters; the limit is 280. Shorten it and try again.");
        await Assertions.Expect(page.GetByLabel("Tweet")).ToHaveAttributeAsync("aria-invalid", "true");
        await ChromiumSession.ScreenshotAsync(page, "too-long");
    }

    private static List<string> CollectConsoleErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        return errors;
    }
}
