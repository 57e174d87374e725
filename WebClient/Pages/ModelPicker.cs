using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.WebClient.Analysis;

namespace TwitterSentiment.WebClient.Pages;

/// <summary>
/// A version-or-label field: free text, since TF Serving lists versions but no labels, with the listed versions (and a
/// pinned label) offered as suggestions; empty means the site's default (pinned, else newest).
/// </summary>
/// <param name="Name">The form field (bound to the page's property of that name).</param>
/// <param name="Id">The element id, unique on the page.</param>
/// <param name="Value">What the visitor asked for last, or null.</param>
public sealed record ModelPicker(string Name, string Id, string? Value, ModelChoices Choices, string Label = "Model version or label")
{
    /// <summary>The one message for text that is neither a version nor a label.</summary>
    public const string Invalid = "Give a version number (such as 2) or a label (such as stable), or leave it empty for the default.";

    /// <summary>The visitor's choice: null when empty; false when it is neither a version nor a label.</summary>
    public static bool TryRead(string? value, out ModelTarget? target)
    {
        target = string.IsNullOrWhiteSpace(value) ? null : ModelTarget.Parse(value);
        return string.IsNullOrWhiteSpace(value) || target is not null;
    }
}
