using System.Globalization;

namespace TwitterSentiment.Contracts.Rest;

/// <summary>Which servable to call: a version number (<c>/versions/N</c>) or a version label (<c>/labels/L</c>).</summary>
public sealed record ModelTarget(long? Version, string? Label)
{
    public static ModelTarget ForVersion(long version) => new(version, null);

    public static ModelTarget ForLabel(string label) => new(null, label);

    public string PathSegment => Version is { } v
        ? $"versions/{v.ToString(CultureInfo.InvariantCulture)}"
        : $"labels/{Uri.EscapeDataString(Label ?? "")}";

    /// <summary>"3" or "stable": what a visitor types and sees.</summary>
    public override string ToString() => Version?.ToString(CultureInfo.InvariantCulture) ?? Label ?? "";

    /// <summary>
    /// What a label may be, for messages: names like stable or canary. Stricter than TF Serving's REST path, which takes
    /// anything without '/' or ':', because a label such as ".." would be read as a dot segment on its way into the URL.
    /// </summary>
    public const string LabelRule = "a letter, then at most 63 letters, digits, '-' or '_'";

    /// <summary>Whether <paramref name="label"/> follows <see cref="LabelRule"/> (the trainer's --label and the site's Label and picker).</summary>
    public static bool IsValidLabel(string label) =>
        label.Length is > 0 and <= 64 && char.IsAsciiLetter(label[0]) && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>A positive number is a version; <see cref="LabelRule"/> gives a label; anything else is null.</summary>
    public static ModelTarget? Parse(string? text)
    {
        string trimmed = text?.Trim() ?? "";
        if (long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out long version) && version > 0)
        {
            return ForVersion(version);
        }

        return IsValidLabel(trimmed) ? ForLabel(trimmed) : null;
    }
}
