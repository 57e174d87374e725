using System.Text.Json;
using Microsoft.Playwright;

namespace TwitterSentiment.WebClient.Tests.Browser;

/// <summary>axe-core injected into a page (serious and critical violations fail), and the screenshots the docs show.</summary>
public static class Accessibility
{
    /// <summary>The axe-core script, or the calling tests are ignored with how to install it.</summary>
    public static string RequireAxe()
    {
        string? axe = Repository.TryFindRoot() is { } root ? Path.Combine(root, "tests", "WebClient.Tests", "Browser", "axe", "node_modules", "axe-core", "axe.min.js") : null;
        if (axe is null || !File.Exists(axe))
        {
            Assert.Ignore("axe-core is not installed: run `npm ci` in tests/WebClient.Tests/Browser/axe (.ci/run does).");
        }

        return axe;
    }

    /// <summary>Fails with every serious or critical violation axe-core finds (the page's context must bypass CSP).</summary>
    public static async Task AssertCleanAsync(IPage page, string axeScript, string state)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = axeScript });
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => {
                const result = await axe.run(document);
                return result.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join('; ')}`);
            }
            """);
        var found = violations.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.That(found, Is.Empty, $"axe-core on {state}:\n{string.Join('\n', found)}");
    }

    /// <summary>Attaches a full-page screenshot to the test; with UPDATE_SCREENSHOTS=1 also writes docs/screenshots/<paramref name="name"/>.png.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        await ChromiumSession.ScreenshotAsync(page, name);
        if (Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1" && Repository.TryFindRoot() is { } root)
        {
            var directory = Directory.CreateDirectory(Path.Combine(root, "docs", "screenshots"));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory.FullName, name + ".png"), FullPage = true });
        }
    }
}
