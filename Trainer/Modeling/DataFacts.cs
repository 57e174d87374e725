namespace TwitterSentiment.Trainer.Modeling;

/// <summary>What was read, for the console, the report and run tracking.</summary>
/// <param name="Source">The file path, or the name of the bundled sample.</param>
/// <param name="Description">A human description, e.g. "full Sentiment140 (1.6M tweets)" or "bundled sample".</param>
/// <param name="Format">The detected CSV format.</param>
/// <param name="RowsRead">Data rows read (header excluded).</param>
/// <param name="Tweets">Usable labelled tweets.</param>
/// <param name="NeutralSkipped">Sentiment140 neutral rows (polarity 2), skipped.</param>
/// <param name="MalformedRows">Rows skipped as malformed.</param>
/// <param name="FirstMalformed">The first few malformed rows as "line N: reason".</param>
/// <param name="Sha256">Hex SHA-256 of the bytes read.</param>
public sealed record DataFacts(
    string Source,
    string Description,
    string Format,
    long RowsRead,
    int Tweets,
    int NeutralSkipped,
    int MalformedRows,
    IReadOnlyList<string> FirstMalformed,
    string Sha256);
