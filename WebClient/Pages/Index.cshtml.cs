using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using TwitterSentiment.WebClient.Analysis;

namespace TwitterSentiment.WebClient.Pages;

/// <summary>The home page: one tweet in, its sentiment out.</summary>
public sealed class IndexModel(SentimentAnalyzer analyzer, IOptions<InputLimits> limits) : PageModel
{
    /// <summary>Written for this project; one click analyses them.</summary>
    public static IReadOnlyList<string> Examples { get; } =
    [
        "I love this new phone, best purchase all year!",
        "Worst customer service ever. Still waiting after 2 hours...",
        "not bad at all, the concert was actually great",
        "@airline my flight got cancelled again, so tired of this",
    ];

    [BindProperty, Display(Name = "Tweet")]
    public string? Text { get; set; }

    public int MaxTextLength => limits.Value.MaxTextLength;

    public string? InputError { get; private set; }

    public ModelProblem? Problem { get; private set; }

    public AnalyzeResult? Result { get; private set; }

    public Explanation? Explanation { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        string text = Text?.Trim() ?? "";
        if (text.Length == 0)
        {
            InputError = "Type or paste a tweet first.";
            return Page();
        }

        if (!limits.Value.Fits(text))
        {
            InputError = $"That text has {text.Length} characters; the limit is {MaxTextLength}. Shorten it and try again.";
            return Page();
        }

        var analysis = await analyzer.ExplainAsync(text, cancellationToken);
        Problem = analysis.Problem;
        Result = analysis.Result;
        Explanation = analysis.Explanation;

        return Page();
    }
}
