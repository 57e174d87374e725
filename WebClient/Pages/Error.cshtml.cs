using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace TwitterSentiment.WebClient.Pages;

/// <summary>
/// The friendly page for unhandled exceptions and bare error status codes. It answers re-executed POSTs too,
/// so it must neither check antiforgery tokens nor count against the rate limit.
/// </summary>
[IgnoreAntiforgeryToken]
[DisableRateLimiting]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "";

    public string Message { get; private set; } = "";

    /// <summary>The page that was asked for when it was refused with 429, so the visitor can go back to it.</summary>
    public string? RetryPath { get; private set; }

    /// <summary>The name of that page as the menu says it ("Analyze" for "/"), for the link text.</summary>
    public string? RetryName => RetryPath?.TrimEnd('/') switch
    {
        null => null,
        "" => "Analyze",
        var path => path[(path.LastIndexOf('/') + 1)..] is { Length: > 0 } last ? last : path,
    };

    // No handler parameters: binding them could read the very request body that was refused.
    public void OnGet() => Describe(Response.StatusCode);

    public void OnPost() => Describe(Response.StatusCode);

    private void Describe(int statusCode)
    {
        if (statusCode == StatusCodes.Status429TooManyRequests)
        {
            // OriginalPath is a local path of this site, so the link cannot lead elsewhere.
            var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
            RetryPath = original is null ? null : original.OriginalPathBase + original.OriginalPath;
        }

        (Title, Message) = statusCode switch
        {
            StatusCodes.Status400BadRequest => ("That request could not be used",
                "The form may have expired. Reload the page and try again."),
            StatusCodes.Status404NotFound => ("Page not found", "There is no page at this address."),
            StatusCodes.Status413PayloadTooLarge => ("That upload is too large",
                "The request was larger than this site accepts. Upload a smaller file."),
            StatusCodes.Status429TooManyRequests => ("Too many requests",
                "You have sent many requests in a short time. Wait a minute, then try again."),
            _ => ("Something went wrong", "The site hit an unexpected problem. It has been logged; please try again."),
        };
    }
}
