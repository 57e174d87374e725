namespace TwitterSentiment.Contracts;

/// <summary>The two layouts <see cref="CsvLayout.Detect"/> recognises.</summary>
public enum CsvLayoutKind
{
    /// <summary>Sentiment140's original file: no header, six columns, polarity first, text last.</summary>
    Sentiment140,

    /// <summary>A header row names the columns.</summary>
    Header,
}
