using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.WebClient.Analysis;

namespace TwitterSentiment.WebClient.Pages;

/// <summary>Two versions or labels of the model side by side on a tweet or a list of tweets; where they disagree.</summary>
public sealed class CompareModel(VersionComparer comparer, IOptions<InputLimits> limits) : PageModel
{
    [BindProperty, Display(Name = "First version or label")]
    public string? First { get; set; }

    [BindProperty, Display(Name = "Second version or label")]
    public string? Second { get; set; }

    [BindProperty, Display(Name = "Tweets, one per line")]
    public string? Tweets { get; set; }

    public int MaxLines => limits.Value.MaxBatchLines;

    public int MaxTextLength => limits.Value.MaxTextLength;

    public IReadOnlyList<ModelVersionState> Versions { get; private set; } = [];

    public string? InputError { get; private set; }

    public Comparison? Comparison { get; private set; }

    public ModelTarget? FirstTarget { get; private set; }

    public ModelTarget? SecondTarget { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Versions = await comparer.VersionsAsync(cancellationToken);
        // Offer the two newest versions (the served one first) when there are two.
        var available = Versions.Where(v => v.State == ModelStatus.Available).Select(v => v.Version).ToList();
        First ??= available.Count > 1 ? available[1].ToString(System.Globalization.CultureInfo.InvariantCulture) : available.FirstOrDefault().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Second ??= available.Count > 0 ? available[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        if (First == "0")
        {
            First = "";
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Versions = await comparer.VersionsAsync(cancellationToken);
        FirstTarget = ModelTarget.Parse(First);
        SecondTarget = ModelTarget.Parse(Second);
        var lines = (Tweets ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        InputError = FirstTarget is null || SecondTarget is null
            ? "Give two versions (numbers such as 3) or labels (such as stable or canary)."
            : lines.Count == 0
                ? "Type or paste at least one tweet."
                : lines.Count > MaxLines
                    ? $"That is {lines.Count} lines; the limit is {MaxLines}."
                    : null;
        if (InputError is null)
        {
            var inputs = lines.Select(CompareInput.Parse).ToList();
            var tooLong = inputs.Select((input, i) => (input, i)).FirstOrDefault(x => !limits.Value.Fits(x.input.Text));
            if (tooLong.input is not null)
            {
                InputError = $"Line {tooLong.i + 1} has {tooLong.input.Text.Length} characters; each tweet needs 1 to {MaxTextLength}.";
            }
            else
            {
                Comparison = await comparer.CompareAsync(FirstTarget!, SecondTarget!, inputs, cancellationToken);
            }
        }

        return Page();
    }
}
