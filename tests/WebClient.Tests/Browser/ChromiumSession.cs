using Microsoft.Playwright;

namespace TwitterSentiment.WebClient.Tests.Browser;

/// <summary>Debian's Chromium driven by Playwright (its own browser download cannot work offline).</summary>
public sealed class ChromiumSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private ChromiumSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Launches Chromium, or ignores the calling tests when it is not installed.</summary>
    public static async Task<ChromiumSession> LaunchOrIgnoreAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Ignore($"{ChromiumPath} is not installed (apt-get install -y chromium); browser tests skipped.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root needs --no-sandbox; the rest keep Chromium from reaching for the (closed) network.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        return new ChromiumSession(playwright, browser);
    }

    public Task<IPage> NewPageAsync(bool javaScriptEnabled = true) => NewPageAsync(1100, javaScriptEnabled);

    /// <summary>A page at <paramref name="width"/> CSS px (390: a phone; 1280: a laptop), CSP bypassed so axe-core can be injected.</summary>
    public async Task<IPage> NewPageAsync(int width, bool javaScriptEnabled = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            AcceptDownloads = true,
            BypassCSP = true,
            JavaScriptEnabled = javaScriptEnabled,
            ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 844 : 900 },
        });
        return await context.NewPageAsync();
    }

    /// <summary>Saves a full-page screenshot and attaches it to the current test.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        string directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
