namespace TwitterSentiment.Contracts;

/// <summary>
/// The one rule for what a label says, for files the trainer reads, files the site evaluates and the label strings the
/// served model returns: <c>0</c>, <c>neg</c>, <c>negative</c> are negative; <c>1</c>, <c>4</c> (Sentiment140),
/// <c>pos</c>, <c>positive</c> are positive; <c>2</c> (Sentiment140) is neutral. Case and surrounding whitespace do
/// not matter. It is the union of the rules the trainer, the Batch page and the Compare page used to apply separately.
/// </summary>
public static class SentimentLabel
{
    /// <summary>The spellings <see cref="TryParse"/> accepts, for messages ("label 'x' is not …").</summary>
    public const string Accepted = "0/1, 0/4 (Sentiment140), neg/pos or negative/positive, in any case; 2 is neutral";

    /// <returns>False when the value is none of the accepted spellings.</returns>
    public static bool TryParse(string? value, out Sentiment sentiment)
    {
        Sentiment? parsed = value?.Trim().ToLowerInvariant() switch
        {
            "0" or "neg" or "negative" => Sentiment.Negative,
            "1" or "4" or "pos" or "positive" => Sentiment.Positive,
            "2" => Sentiment.Neutral,
            _ => null,
        };
        sentiment = parsed ?? default;
        return parsed is not null;
    }

    /// <summary>Whether a label the served model returned (its <see cref="ServingContract.LabelOutput"/>) means positive.</summary>
    public static bool IsPositive(string? servedLabel) => TryParse(servedLabel, out var sentiment) && sentiment == Sentiment.Positive;
}
