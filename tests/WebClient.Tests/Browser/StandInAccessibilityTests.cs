using System.Text;
using Microsoft.Playwright;
using TwitterSentiment.WebClient.Tests.Fakes;

namespace TwitterSentiment.WebClient.Tests.Browser;

/// <summary>
/// Pages and states in Chromium against the stand-in, checked with axe-core (no serious or critical violations): those a
/// real model server cannot produce on demand (a failing server) and quick ones. The same checks run on a real export,
/// where the docs' screenshots are taken, in <c>RealExportInBrowserTests</c>.
/// </summary>
[Category("Browser")]
[NonParallelizable]
[CancelAfter(300_000)]
public sealed class StandInAccessibilityTests : IAsyncDisposable
{
    private FakeTfServing _tfServing = null!;
    private SiteFactory _site = null!;
    private Uri _siteAddress = null!;
    private ChromiumSession _chromium = null!;
    private string _axeScript = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _axeScript = Accessibility.RequireAxe();
        _chromium = await ChromiumSession.LaunchOrIgnoreAsync();
        _tfServing = await FakeTfServing.StartAsync();
        _tfServing.Version = 2;
        _tfServing.OtherVersions[1] = ("AVAILABLE", text => Math.Min(0.95, FakeTfServing.Score(text) + 0.45));
        _tfServing.ModelInfoJson = """
            {"run":"lstm-20261203-070000","mlflow_run_id":"0f6a8c2e9b7d4f1aa1b2c3d4e5f60718","trained_at":"2026-12-03T07:00:00Z","source":"training",
             "data":{"description":"Sentiment140 sample (100k)","file":"sentiment140-sample-100k.csv","tweets":100000,"train":80000,"validation":10000,"test":10000},
             "model":{"vocabulary_size":10000,"sequence_length":50,"embedding_dim":64,"lstm_units":64,"bidirectional":false,"best_epoch":3},
             "validation":{"accuracy":0.7731,"f1":0.7702,"roc_auc":0.8512},"test":{"accuracy":0.7689,"f1":0.7655,"roc_auc":0.8477}}
            """;
        _site = new SiteFactory(_tfServing.BaseAddress, new Dictionary<string, string?> { ["TfServing:MaxRetryAttempts"] = "0" });
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

    [Test]
    public async Task Analyze_with_word_influences_is_accessible_and_readable_without_colour()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(_siteAddress.AbsoluteUri);
        await AssertAccessibleAsync(page, "analyze empty");

        await page.GetByLabel("Tweet").FillAsync("not bad at all, the concert was actually great");
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze", Exact = true }).ClickAsync();

        var influences = page.Locator("[data-testid=influences]");
        await Assertions.Expect(influences).ToContainTextAsync("great +0.38");
        await Assertions.Expect(influences.Locator(".influence-pos-3")).ToHaveCountAsync(1);
        await AssertAccessibleAsync(page, "analyze result");
        await ScreenshotAsync(page, "analyze-influences");

        await page.GetByLabel("Tweet").FillAsync("   ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Type or paste a tweet first.");
        await AssertAccessibleAsync(page, "analyze input error");
    }

    [Test]
    public async Task A_model_server_error_on_analyze_is_accessible()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(_siteAddress.AbsoluteUri);
        _tfServing.PersistentPredictFault = Fault.InternalError;
        try
        {
            await page.GetByLabel("Tweet").FillAsync("hello");
            await page.GetByRole(AriaRole.Button, new() { Name = "Analyze", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The model server is failing");
            await AssertAccessibleAsync(page, "analyze model error");
        }
        finally
        {
            _tfServing.PersistentPredictFault = null;
        }
    }

    [Test]
    public async Task Compare_is_accessible_and_lists_disagreements()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(_siteAddress, "Compare").AbsoluteUri);
        await AssertAccessibleAsync(page, "compare empty");

        await page.GetByLabel("Tweets, one per line").FillAsync("I love this new phone,1\nso tired of this,0\nthe weather is ok today,1\nworst customer service ever,negative");
        await page.GetByLabel("Each line ends with its true label (text,label)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=compare-summary]")).ToContainTextAsync("2 with different labels from “version 1” and “version 2”.");
        await Assertions.Expect(page.Locator("[data-testid=compare-summary]")).ToContainTextAsync("“version 1” right 50%");
        await AssertAccessibleAsync(page, "compare result");
        await ScreenshotAsync(page, "compare");

        await page.GetByLabel("Second version or label").FillAsync("9");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Version 9 is not served");
        await AssertAccessibleAsync(page, "compare unknown version");
    }

    [Test]
    public async Task Model_page_with_training_facts_is_accessible()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(_siteAddress, "Model").AbsoluteUri);

        await Assertions.Expect(page.Locator("[data-testid=model-info]")).ToContainTextAsync("sentiment140-sample-100k.csv");
        await Assertions.Expect(page.Locator("[data-testid=mlflow-run]")).ToContainTextAsync("Recorded in MLflow as run 0f6a8c2e9b7d4f1aa1b2c3d4e5f60718");
        await AssertAccessibleAsync(page, "model");
        await ScreenshotAsync(page, "model");
    }

    [Test]
    public async Task Batch_and_the_error_page_are_accessible()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(_siteAddress, "Batch").AbsoluteUri);
        await AssertAccessibleAsync(page, "batch empty");

        await page.GetByLabel("Tweets, one per line").FillAsync("I love this\nworst day ever");
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze all" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=results] tbody tr")).ToHaveCountAsync(2);
        await AssertAccessibleAsync(page, "batch result");

        await page.GotoAsync(new Uri(_siteAddress, "no-such-page").AbsoluteUri);
        await AssertAccessibleAsync(page, "404 page");
    }

    [Test]
    public async Task Batch_evaluation_column_choice_and_file_errors_are_accessible()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(_siteAddress, "Batch").AbsoluteUri);
        await UploadAsync(page, "labelled.csv", "text,label\nI love this phone,1\nworst day ever,0\nthe concert was great,negative\nso happy today,maybe\n");
        await Assertions.Expect(page.Locator("[data-testid=evaluation]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=confusion]")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "batch evaluation");
        await ScreenshotAsync(page, "batch-evaluation");

        await page.GotoAsync(new Uri(_siteAddress, "Batch").AbsoluteUri);
        await UploadAsync(page, "columns.csv", "id,body,score\n1,I love this,3\n2,worst day ever,1\n");
        await Assertions.Expect(page.GetByLabel("Column with the tweets")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "batch column choice");

        await page.GotoAsync(new Uri(_siteAddress, "Batch").AbsoluteUri);
        await page.GetByLabel("Or upload a CSV file").SetInputFilesAsync(new FilePayload { Name = "photo.csv", MimeType = "text/csv", Buffer = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] });
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze all" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("PNG");
        await AssertAccessibleAsync(page, "batch refused file");

        // Chromium does not send Expect: 100-continue: it must still show the page the early 413 carries.
        await page.GotoAsync(new Uri(_siteAddress, "Batch").AbsoluteUri);
        await page.GetByLabel("Or upload a CSV file").SetInputFilesAsync(new FilePayload { Name = "huge.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("I love it\n", 500_000))) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze all" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=input-error]")).ToContainTextAsync("files may have at most 1024 KB");
        await AssertAccessibleAsync(page, "batch upload too large");
    }

    /// <summary>At a phone's width (390 CSS px) no page scrolls sideways and Analyze's result is on screen.</summary>
    [Test]
    public async Task On_a_phone_pages_reflow_and_the_analyze_result_is_in_view()
    {
        var page = await NewPageAsync(width: 390, height: 844);
        await page.GotoAsync(_siteAddress.AbsoluteUri);
        await page.GetByLabel("Tweet").FillAsync("not bad at all, the concert was actually great");
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=influences]")).ToContainTextAsync("great");
        await Assertions.Expect(page.Locator("#result")).ToBeInViewportAsync();
        await AssertNoSidewaysScrollAsync(page, "Analyze");
        await ScreenshotAsync(page, "phone-analyze");

        await page.GotoAsync(new Uri(_siteAddress, "Batch").AbsoluteUri);
        await UploadAsync(page, "labelled.csv", "text,label\n\"I love this phone so much, best purchase of the year\",1\nworst day ever,0\n@someone_with_a_long_handle see you at the concert tonight!!,1\n");
        await Assertions.Expect(page.Locator("[data-testid=results] tbody tr")).ToHaveCountAsync(3);
        await AssertNoSidewaysScrollAsync(page, "Batch results");
        await ScreenshotAsync(page, "phone-batch");

        foreach (string path in new[] { "Compare", "Model" })
        {
            await page.GotoAsync(new Uri(_siteAddress, path).AbsoluteUri);
            await AssertNoSidewaysScrollAsync(page, path);
        }
    }

    [Test]
    public async Task The_sideways_scroll_check_does_fail_on_a_page_wider_than_a_phone()
    {
        var page = await NewPageAsync(width: 390, height: 844);
        await page.SetContentAsync("<html><body><table><tr><td style='white-space:nowrap'>" + new string('x', 200) + "</td></tr></table></body></html>");

        var error = Assert.ThrowsAsync<AssertionException>(() => AssertNoSidewaysScrollAsync(page, "a wide table"));

        Assert.That(error?.Message, Does.Contain("390 px viewport"));
    }

    [Test]
    public async Task The_axe_check_does_fail_on_an_inaccessible_page()
    {
        var page = await NewPageAsync();
        await page.SetContentAsync("<html><body><img src='x.png'><button></button></body></html>");

        var error = Assert.ThrowsAsync<AssertionException>(() => AssertAccessibleAsync(page, "a broken page"));

        Assert.That(error?.Message, Does.Contain("image-alt").And.Contain("button-name"));
    }

    /// <summary>The site's CSP forbids inline scripts, so the test context bypasses CSP to inject axe.</summary>
    private async Task<IPage> NewPageAsync(int width = 960, int height = 720)
    {
        var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BypassCSP = true,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        return await context.NewPageAsync();
    }

    private static async Task UploadAsync(IPage page, string name, string csv)
    {
        await page.GetByLabel("Or upload a CSV file").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Analyze all" }).ClickAsync();
    }

    /// <summary>The document is no wider than the viewport (wide tables scroll inside their own wrapper).</summary>
    private static async Task AssertNoSidewaysScrollAsync(IPage page, string what)
    {
        int[] widths = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, window.innerWidth]");
        Assert.That(widths[0], Is.LessThanOrEqualTo(widths[1]), $"{what} is {widths[0]} px wide in a {widths[1]} px viewport.");
    }

    private Task AssertAccessibleAsync(IPage page, string state) => Accessibility.AssertCleanAsync(page, _axeScript, state);

    private static Task ScreenshotAsync(IPage page, string name) => ChromiumSession.ScreenshotAsync(page, name);
}
