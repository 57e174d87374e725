namespace TwitterSentiment.Trainer.Data;

/// <summary>The CSV layouts <see cref="TweetDataReader"/> recognises by itself.</summary>
public enum DataFormat
{
    /// <summary>Sentiment140's original file: 6 columns, no header, Latin-1, polarity 0 / 2 / 4 first, text last.</summary>
    Sentiment140,

    /// <summary>A UTF-8 CSV whose header names a text and a label column (<see cref="Contracts.CsvLayout"/>'s synonyms, <see cref="Contracts.SentimentLabel"/>'s spellings).</summary>
    TextLabelCsv,
}
