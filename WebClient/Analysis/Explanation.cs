using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// Per-word influences (null when the tweet has too many words to explain in one request) and token facts. When the
/// tweet was cut, the influences are computed on the part the model read and the words past it are marked not read.
/// </summary>
public sealed record Explanation(IReadOnlyList<WordInfluence>? Words, TokenFacts? Tokens)
{
    /// <summary>The words with a token the model did not know, when the export's token counts let them be placed.</summary>
    public IReadOnlyList<string> UnknownWords { get; init; } = [];

    /// <summary>How many words the model read (wholly or partly) of a cut tweet; null when it was not cut or that is not known.</summary>
    public int? ReadWords { get; init; }

    /// <summary>P(positive) in [UnsureLow, UnsureHigh] is called "unsure": the model leans, it does not decide.</summary>
    public const double UnsureLow = 0.4;

    public const double UnsureHigh = 0.6;

    public static bool IsUnsure(double probability) => probability is >= UnsureLow and <= UnsureHigh;

    /// <summary>"positive", "negative", or "unsure (leans positive)" for probabilities in the unsure band.</summary>
    public static string Verdict(SentimentPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        return IsUnsure(prediction.Probability)
            ? $"unsure (leans {prediction.Label})"
            : prediction.Label;
    }
}

/// <summary>One word and how much it moved P(positive): positive pushes towards positive; NaN for a word the model did not read.</summary>
public sealed record WordInfluence(string Word, double Influence, WordRead Read = WordRead.Read)
{
    public static WordInfluence Unread(string word) => new(word, double.NaN, WordRead.NotRead);

    /// <summary>Below this the word is shown as having no effect.</summary>
    public const double Negligible = 0.005;

    /// <summary>"+0.12", "−0.05" or "±0.00", always with a sign so it reads without colour; "not read" past the cut.</summary>
    public string SignedText => Read == WordRead.NotRead ? "not read" : Math.Abs(Influence) < Negligible
        ? "±0.00"
        : (Influence > 0 ? "+" : "−") + Math.Abs(Influence).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A CSS class for the shade: direction and one of three strengths.</summary>
    public string ShadeClass
    {
        get
        {
            double size = Math.Abs(Influence);
            if (Read == WordRead.NotRead)
            {
                return "influence-unread";
            }

            if (double.IsNaN(size) || size < Negligible)
            {
                return "influence-none";
            }

            int strength = size >= 0.2 ? 3 : size >= 0.05 ? 2 : 1;
            return $"influence-{(Influence > 0 ? "pos" : "neg")}-{strength}";
        }
    }

    /// <summary>Words for screen readers and the title tooltip.</summary>
    public string Description => ShadeClass switch
    {
        "influence-unread" => "not read: past the tokens the model reads",
        "influence-none" => "no effect" + PartlyReadNote,
        _ => $"pushes towards {(Influence > 0 ? "positive" : "negative")} by {Math.Abs(Influence).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}{PartlyReadNote}",
    };

    private string PartlyReadNote => Read == WordRead.PartlyRead ? "; only partly read, the rest is past the cut" : "";
}
