using System.Text.Json;
using Microsoft.Playwright;

namespace TwitterSentiment.WebClient.Tests.Browser;

/// <summary>
/// Whether a page fits its viewport: no element reaches past the viewport, and no element's content runs out of its own
/// box (a value wider than its column shows as a column whose content is wider than it), except in boxes made to scroll.
/// Elements placed off-screen on purpose (visually hidden text, the skip link) and the inside of SVG drawings are left out.
/// </summary>
public static class PageFit
{
    private const string Script = """
        (strict) => {
            const width = document.documentElement.clientWidth;
            const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '')
                + (el.dataset && el.dataset.testid ? `[${el.dataset.testid}]` : '');
            const path = el => { const parts = []; for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(name(e)); return parts.join(' > '); };
            const placedAside = el => { for (let e = el; e; e = e.parentElement) { const p = getComputedStyle(e).position; if (p === 'absolute' || p === 'fixed') return true; } return false; };
            const clipped = el => { for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) { if (getComputedStyle(e).overflowX !== 'visible') return true; } return false; };
            const problems = [];
            for (const el of document.body.querySelectorAll('*')) {
                if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
                if (['option', 'datalist', 'script', 'br', 'title', 'desc'].includes(el.tagName.toLowerCase())) continue;
                const style = getComputedStyle(el);
                if (style.display === 'none' || style.display === 'contents' || placedAside(el)) continue;
                const box = el.getBoundingClientRect();
                if (box.width === 0 && box.height === 0) continue;
                if (!clipped(el) && (box.right > width + 1 || box.left < -1)) {
                    problems.push(`${path(el)} spans ${Math.round(box.left)}–${Math.round(box.right)} px of a ${width} px viewport`);
                    continue;
                }
                const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
                if (style.display !== 'inline' && el.scrollWidth > el.clientWidth + 1 && (strict || !scrolls)) {
                    problems.push(`${path(el)} holds ${el.scrollWidth} px of content in ${el.clientWidth} px${scrolls ? ' (scrolls sideways)' : ''}`);
                }
            }
            return problems;
        }
        """;

    /// <summary>Fails with every element that does not fit.</summary>
    /// <param name="noSidewaysScrolling">Also fail on boxes made to scroll that do scroll sideways (tables that should be cards).</param>
    public static async Task AssertFitsAsync(IPage page, string state, bool noSidewaysScrolling = false)
    {
        ArgumentNullException.ThrowIfNull(page);
        var problems = await page.EvaluateAsync<JsonElement>(Script, noSidewaysScrolling);
        var found = problems.EnumerateArray().Select(p => p.GetString()).Distinct().ToList();
        int width = await page.EvaluateAsync<int>("() => document.documentElement.clientWidth");
        Assert.That(found, Is.Empty, $"{state} at {width} px:\n{string.Join('\n', found.Take(20))}");
    }
}
