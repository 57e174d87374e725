using TwitterSentiment.Contracts;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// One analysed text of a batch: its source line (as a spreadsheet numbers it), the model's answer, the fields
/// of its input row, its true label when the file had one (by the label rule), and what the tokenizer says about it.
/// </summary>
public sealed record BatchRow(
    int Line,
    string Text,
    double Probability,
    string Label,
    IReadOnlyList<string>? Fields = null,
    Sentiment? Truth = null,
    TokenFacts? Tokens = null)
{
    /// <summary>Why the model was not asked about this row (a text over the length limit); its probability is then NaN.</summary>
    public string? Skipped { get; init; }

    /// <summary>A row the model was not asked about: listed, left out of the counts, the chart and the evaluation.</summary>
    public static BatchRow NotScored(BatchItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new BatchRow(item.Line, item.Text, double.NaN, "", item.Fields, item.Label) { Skipped = item.Skipped };
    }

    /// <summary>The model's label by the one label rule (any case).</summary>
    public bool PredictedPositive => SentimentLabel.IsPositive(Label);

    /// <summary>True for a positive row, false for a negative one; null without a label, or for a neutral one.</summary>
    public bool? TrueLabel => Truth switch
    {
        Sentiment.Positive => true,
        Sentiment.Negative => false,
        _ => null,
    };

    /// <summary>Null when the row has no positive or negative label, or its probability is not one (NaN, outside [0, 1]).</summary>
    public bool? IsCorrect => TrueLabel is { } truth && Probability is >= 0 and <= 1 ? truth == PredictedPositive : null;

    /// <summary>What the tokenizer says about this row, in words, for the table and the CSV-free reader.</summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            if (Skipped is not null)
            {
                return [Skipped];
            }

            if (Tokens is not { } facts)
            {
                return [];
            }

            var notes = new List<string>();
            if (facts.KnewNoWords)
            {
                notes.Add("The model knew none of these words: this is its overall leaning, not a reading of the tweet.");
            }
            else if (facts.KnewFewWords)
            {
                notes.Add($"The model knew only {facts.KnownTokens} of the {facts.ReadTokens} tokens it read.");
            }

            if (facts is { WasCut: true, TotalTokens: { } total })
            {
                notes.Add($"Cut: the model read the first {facts.SequenceLength} of its {total} tokens.");
            }
            else if (facts.WasCut is null)
            {
                notes.Add($"Filled all {facts.SequenceLength} token positions; whether words beyond them were cut is not known (this export does not count tokens).");
            }

            return notes;
        }
    }
}
