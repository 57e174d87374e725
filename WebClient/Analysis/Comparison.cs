using TwitterSentiment.Contracts;
using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>Two versions' answers for the same tweets, or the problem that stopped the comparison.</summary>
public sealed record Comparison(IReadOnlyList<ComparisonRow> Rows, ModelProblem? Problem)
{
    public static Comparison Failed(ModelProblem problem) => new([], problem);

    /// <summary>What answered on each side (a label with the version it pointed to).</summary>
    public ResolvedModel? First { get; init; }

    public ResolvedModel? Second { get; init; }

    public IReadOnlyList<ComparisonRow> Disagreements => [.. Rows.Where(r => r.Disagree)];

    /// <summary>Rows labelled positive or negative (a neutral label cannot be right or wrong).</summary>
    public int Labelled => Rows.Count(r => r.Label is Sentiment.Positive or Sentiment.Negative);

    /// <summary>Share of labelled rows the first (true) or second (false) version got right; null without labels.</summary>
    public double? Accuracy(bool first) => Labelled == 0
        ? null
        : (double)Rows.Count(r => r.Label is Sentiment.Positive or Sentiment.Negative && (first ? r.First : r.Second).IsPositive == (r.Label == Sentiment.Positive)) / Labelled;
}

/// <summary>One tweet (with its label when given) and both answers.</summary>
public sealed record ComparisonRow(string Text, Sentiment? Label, SentimentPrediction First, SentimentPrediction Second)
{
    public bool Disagree => First.IsPositive != Second.IsPositive;

    public double Difference => Second.Probability - First.Probability;
}

/// <summary>A line of the Compare form: the tweet and an optional label.</summary>
public sealed record CompareInput(string Text, Sentiment? Label)
{
    /// <summary>
    /// "text" or "text,label", the label read by the one label rule (<see cref="SentimentLabel"/>). A comma not followed
    /// by a label is part of the tweet.
    /// </summary>
    public static CompareInput Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        int comma = line.LastIndexOf(',');
        if (comma > 0 && SentimentLabel.TryParse(line[(comma + 1)..], out var label))
        {
            return new CompareInput(line[..comma].Trim(), label);
        }

        return new CompareInput(line.Trim(), null);
    }
}

/// <summary>What the comparison table partial shows.</summary>
public sealed record ComparisonTable(IReadOnlyList<ComparisonRow> Rows, string First, string Second, string TestId);
