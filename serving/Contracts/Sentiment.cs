namespace TwitterSentiment.Contracts;

/// <summary>The true sentiment a labelled file gives a tweet. The model knows only <see cref="Negative"/> and <see cref="Positive"/>.</summary>
public enum Sentiment
{
    Negative,
    Positive,

    /// <summary>Sentiment140's polarity 2: read, counted and left out, since the model has no neutral class.</summary>
    Neutral,
}
