using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using TwitterSentiment.WebClient.Analysis;

namespace TwitterSentiment.WebClient.Pages;

/// <summary>The home page: one tweet in, its sentiment out, from the version the visitor picks (default: pinned, else newest).</summary>
public sealed class IndexModel(SentimentAnalyzer analyzer, ModelVersions versions, IOptions<InputLimits> limits) : PageModel
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

    /// <summary>The version or label to ask (empty: the default).</summary>
    [BindProperty, Display(Name = "Model version or label")]
    public string? Version { get; set; }

    public int MaxTextLength => limits.Value.MaxTextLength;

    public ModelPicker Picker { get; private set; } = null!;

    public string? InputError { get; private set; }

    public string? VersionError { get; private set; }

    public ModelProblem? Problem { get; private set; }

    public AnalyzeResult? Result { get; private set; }

    public Explanation? Explanation { get; private set; }

    /// <summary>Showing the form calls no model server: the picker offers the versions last heard.</summary>
    public void OnGet() => Picker = Pick(versions.Known);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        string text = Text?.Trim() ?? "";
        InputError = text.Length == 0 ? "Type or paste a tweet first."
            : !limits.Value.Fits(text) ? $"That text has {text.Length} characters; the limit is {MaxTextLength}. Shorten it and try again."
            : null;
        VersionError = ModelPicker.TryRead(Version, out var choice) ? null : ModelPicker.Invalid;
        if (InputError is null && VersionError is null)
        {
            var analysis = await analyzer.ExplainAsync(text, choice, cancellationToken);
            Problem = analysis.Problem;
            Result = analysis.Result;
            Explanation = analysis.Explanation;
        }

        // After the analysis, which has just asked for the status: the picker needs no call of its own.
        Picker = Pick(versions.Known);
        return Page();
    }

    private ModelPicker Pick(ModelChoices choices) => new(nameof(Version), "version", Version, choices);
}
