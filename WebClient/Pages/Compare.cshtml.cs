using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.WebClient.Analysis;

namespace TwitterSentiment.WebClient.Pages;

/// <summary>Two versions or labels of the model side by side on a tweet or a list of tweets; where they disagree.</summary>
public sealed class CompareModel(VersionComparer comparer, ModelVersions versions, IOptions<InputLimits> limits) : PageModel
{
    [BindProperty, Display(Name = "First version or label")]
    public string? First { get; set; }

    [BindProperty, Display(Name = "Second version or label")]
    public string? Second { get; set; }

    [BindProperty, Display(Name = "Tweets, one per line")]
    public string? Tweets { get; set; }

    /// <summary>Read "text,label" lines: the part after the last comma is the true label. Off, a line is all tweet.</summary>
    [BindProperty, Display(Name = "Each line ends with its true label (text,label)")]
    public bool WithLabels { get; set; }

    public int MaxLines => limits.Value.MaxBatchLines;

    public int MaxTextLength => limits.Value.MaxTextLength;

    public ModelChoices Choices { get; private set; } = null!;

    public string? InputError { get; private set; }

    public Comparison? Comparison { get; private set; }

    /// <summary>Lines whose label could not be read though labels were announced.</summary>
    public IReadOnlyList<int> UnlabelledLines { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Choices = await versions.ChoicesAsync(cancellationToken);
        // Offer the two newest versions (the served one second) when there are two.
        var available = Choices.Versions.Where(v => v.State == ModelStatus.Available).Select(v => v.Version.ToString(CultureInfo.InvariantCulture)).ToList();
        First ??= available.Count > 1 ? available[1] : available.FirstOrDefault() ?? "";
        Second ??= available.FirstOrDefault() ?? "";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        bool targetsRead = ModelPicker.TryRead(First, out var firstTarget) & ModelPicker.TryRead(Second, out var secondTarget);
        var lines = (Tweets ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var inputs = lines.Select(line => WithLabels ? CompareInput.Parse(line) : new CompareInput(line, null)).ToList();
        int tooLong = inputs.FindIndex(input => !limits.Value.Fits(input.Text));
        InputError = !targetsRead ? "Give two versions (numbers such as 3) or labels (such as stable or canary); an empty one means the default."
            : lines.Count == 0 ? "Type or paste at least one tweet."
            : lines.Count > MaxLines ? $"That is {lines.Count} lines; the limit is {MaxLines}."
            : tooLong >= 0 ? $"Line {tooLong + 1} has {inputs[tooLong].Text.Length} characters; each tweet needs 1 to {MaxTextLength}."
            : null;
        if (InputError is null)
        {
            UnlabelledLines = WithLabels ? [.. inputs.Select((input, i) => (input, i)).Where(x => x.input.Label is null).Select(x => x.i + 1)] : [];
            Comparison = await comparer.CompareAsync(firstTarget, secondTarget, inputs, cancellationToken);
        }

        // After the comparison, which has just asked for the status: the pickers need no call of their own.
        Choices = versions.Known;
        return Page();
    }
}
