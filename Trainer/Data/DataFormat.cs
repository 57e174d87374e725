namespace TwitterSentiment.Trainer.Data;

/// <summary>The CSV layouts <see cref="TweetDataReader"/> recognises by itself.</summary>
public enum DataFormat
{
    /// <summary>Sentiment140's original file: 6 columns, no header, Latin-1, polarity 0 / 2 / 4 first, text last.</summary>
    Sentiment140,

    /// <summary>A UTF-8 CSV with a header naming a <c>text</c> and a <c>label</c> column (0/1 or negative/positive).</summary>
    TextLabelCsv,
}
