using System.ComponentModel.DataAnnotations;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// What the site accepts to analyse, for every page alike; bound from the "Site" section, the keys operators set.
/// </summary>
public sealed class InputLimits
{
    public const string SectionName = "Site";

    /// <summary>Characters per text; tweets are at most 280.</summary>
    [Range(1, 10_000)]
    public int MaxTextLength { get; set; } = 280;

    /// <summary>Lines accepted in the batch and compare text boxes.</summary>
    [Range(1, 10_000)]
    public int MaxBatchLines { get; set; } = 200;

    /// <summary>Rows accepted from an uploaded CSV file.</summary>
    [Range(1, 100_000)]
    public int MaxUploadRows { get; set; } = 1_000;

    [Range(1, 64 * 1024 * 1024)]
    public int MaxUploadBytes { get; set; } = 1024 * 1024;

    /// <summary>The one length rule: a text to analyse has 1 to <see cref="MaxTextLength"/> characters.</summary>
    public bool Fits(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length is > 0 && text.Length <= MaxTextLength;
    }
}
