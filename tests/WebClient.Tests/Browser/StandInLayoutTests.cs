using System.Text;
using Microsoft.Playwright;
using TwitterSentiment.WebClient.Tests.Fakes;

namespace TwitterSentiment.WebClient.Tests.Browser;

/// <summary>
/// The states only the stand-in can produce (a failing server, an open circuit, a rate-limited visitor, hundreds of rows
/// in a few milliseconds), at a phone's and a laptop's width: nothing overflows its column or the viewport. The pages
/// of a real export are checked the same way in <c>RealExportInBrowserTests</c>.
/// </summary>
[Category("Browser")]
[NonParallelizable]
[CancelAfter(300_000)]
public sealed class StandInLayoutTests : IAsyncDisposable
{
    private FakeTfServing _tfServing = null!;
    private SiteFactory _site = null!;
    private Uri _siteAddress = null!;
    private ChromiumSession _chromium = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _chromium = await ChromiumSession.LaunchOrIgnoreAsync();
        _tfServing = await FakeTfServing.StartAsync();
        _site = new SiteFactory(_tfServing.BaseAddress, new Dictionary<string, string?> { ["TfServing:MaxRetryAttempts"] = "0", ["Site:RateLimitPermits"] = "100000" });
        _siteAddress = _site.Start();
    }

    public async ValueTask DisposeAsync()
    {
        _site?.Dispose();
        if (_tfServing is not null)
        {
            await _tfServing.DisposeAsync();
        }

        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
    }

    [TestCase(390)]
    [TestCase(1280)]
    public async Task A_batch_of_three_hundred_rows_with_long_words_and_notes_fits(int width)
    {
        var page = await _chromium.NewPageAsync(width);
        string longWord = "Supercalifragilisticexpialidocious" + new string('o', 40);
        string csv = "text,label\n" + string.Concat(Enumerable.Range(0, 300).Select(i => i % 7 == 0 ? $"zxq blorf {longWord} {i},1\n" : $"I love tweet number {i} https://example.com/{longWord},{i % 2}\n"))
            + new string('x', 300) + ",1\n";
        await page.GotoAsync(new Uri(_siteAddress, "Batch").AbsoluteUri);
        await page.GetByLabel("Or upload a CSV file").SetInputFilesAsync(new FilePayload { Name = "many.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze all" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=results] tbody tr")).ToHaveCountAsync(100);

        await PageFit.AssertFitsAsync(page, "Batch with 301 rows, page 1", noSidewaysScrolling: width < 600);
        await ChromiumSession.ScreenshotAsync(page, $"layout-batch-{width}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Page 4" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=results] tbody tr")).ToHaveCountAsync(1);
        await PageFit.AssertFitsAsync(page, "Batch, last page", noSidewaysScrolling: width < 600);
    }

    [TestCase(390)]
    [TestCase(1280)]
    public async Task A_failing_server_and_an_open_circuit_fit(int width)
    {
        var page = await _chromium.NewPageAsync(width);
        _tfServing.PersistentPredictFault = Fault.InternalError;
        try
        {
            await page.GotoAsync(_siteAddress.AbsoluteUri);
            for (int i = 0; i < 4; i++)
            {
                await page.GetByLabel("Tweet").FillAsync("hello");
                await page.GetByRole(AriaRole.Button, new() { Name = "Analyze", Exact = true }).ClickAsync();
                await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
                await PageFit.AssertFitsAsync(page, $"Analyze with a failing server, request {i + 1}");
            }
        }
        finally
        {
            _tfServing.PersistentPredictFault = null;
        }
    }

    [Test]
    public async Task The_fit_check_does_fail_on_a_value_wider_than_its_column()
    {
        var page = await _chromium.NewPageAsync(390);
        await page.SetContentAsync("<html><body><div style='display:grid;grid-template-columns:1fr 1fr'><dl><dt>SHA-256</dt><dd>" + new string('a', 64) + "</dd></dl><p>x</p></div></body></html>");

        var error = Assert.ThrowsAsync<AssertionException>(() => PageFit.AssertFitsAsync(page, "a hash in a grid"));

        Assert.That(error?.Message, Does.Contain("dd").And.Contain("390 px"));
    }

    [Test]
    public async Task The_no_sideways_scrolling_check_does_fail_on_a_table_that_scrolls_inside_its_card()
    {
        var page = await _chromium.NewPageAsync(390);
        await page.SetContentAsync("<html><body><div style='overflow-x:auto'><table><tr><td style='white-space:nowrap'>" + new string('x', 200) + "</td></tr></table></div></body></html>");

        Assert.DoesNotThrowAsync(() => PageFit.AssertFitsAsync(page, "a scrolling table"), "scrolling in its own box is not overflow");
        var error = Assert.ThrowsAsync<AssertionException>(() => PageFit.AssertFitsAsync(page, "a scrolling table", noSidewaysScrolling: true));

        Assert.That(error?.Message, Does.Contain("scrolls sideways"));
    }
}
