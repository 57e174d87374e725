using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>Two versions' answers for the same tweets, or the problem that stopped the comparison.</summary>
public sealed record Comparison(IReadOnlyList<ComparisonRow> Rows, ModelProblem? Problem)
{
    public static Comparison Failed(ModelProblem problem) => new([], problem);

    public IReadOnlyList<ComparisonRow> Disagreements => [.. Rows.Where(r => r.Disagree)];

    public int Labelled => Rows.Count(r => r.Label is not null);

    /// <summary>Share of labelled rows the first (true) or second (false) version got right; null without labels.</summary>
    public double? Accuracy(bool first) => Labelled == 0
        ? null
        : (double)Rows.Count(r => r.Label is { } label && (first ? r.First : r.Second).IsPositive == (label == 1)) / Labelled;
}

/// <summary>One tweet (with its label when given: 1 positive, 0 negative) and both answers.</summary>
public sealed record ComparisonRow(string Text, int? Label, SentimentPrediction First, SentimentPrediction Second)
{
    public bool Disagree => First.IsPositive != Second.IsPositive;

    public double Difference => Second.Probability - First.Probability;
}

/// <summary>A line of the Compare form: the tweet and an optional label.</summary>
public sealed record CompareInput(string Text, int? Label)
{
    /// <summary>
    /// "text" or "text,label" with label 0/1/negative/positive. A comma not followed by a label is part of the tweet.
    /// </summary>
    public static CompareInput Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        int comma = line.LastIndexOf(',');
        if (comma > 0)
        {
            int? label = line[(comma + 1)..].Trim().ToLowerInvariant() switch
            {
                "1" or "positive" => 1,
                "0" or "negative" => 0,
                _ => null,
            };
            if (label is not null)
            {
                return new CompareInput(line[..comma].Trim(), label);
            }
        }

        return new CompareInput(line.Trim(), null);
    }
}

/// <summary>What the comparison table partial shows.</summary>
public sealed record ComparisonTable(IReadOnlyList<ComparisonRow> Rows, string First, string Second, string TestId);
