namespace TwitterSentiment.Trainer.Modeling;

/// <summary>What was read, for the console, the report and run tracking.</summary>
/// <param name="Source">The file path, or the name of the bundled sample.</param>
/// <param name="Description">A human description, e.g. "full Sentiment140 (1.6M tweets)" or "bundled sample".</param>
/// <param name="Format">The detected CSV format.</param>
/// <param name="RowsRead">Data rows read (header excluded).</param>
/// <param name="Tweets">Usable labelled tweets.</param>
/// <param name="NeutralSkipped">Neutral rows (label 2, as Sentiment140 marks them), counted and skipped.</param>
/// <param name="MalformedRows">Rows skipped as malformed.</param>
/// <param name="FirstMalformed">The first few malformed rows as "line N: reason".</param>
/// <param name="Sha256">Hex SHA-256 of the bytes read (of several files: of their hashes, in order).</param>
public sealed record DataFacts(
    string Source,
    string Description,
    string Format,
    long RowsRead,
    int Tweets,
    int NeutralSkipped,
    int MalformedRows,
    IReadOnlyList<string> FirstMalformed,
    string Sha256)
{
    /// <summary>Malformed rows named in <see cref="FirstMalformed"/>; the rest are counted.</summary>
    public const int MalformedRowsShown = 5;

    /// <summary>The facts of one file read, described as <paramref name="description"/>.</summary>
    public static DataFacts From(Data.LoadedData loaded, string description)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        return new DataFacts(
            loaded.Source,
            description,
            loaded.Format.ToString(),
            loaded.RowsRead,
            loaded.Tweets.Count,
            loaded.NeutralSkipped,
            loaded.Malformed.Count,
            [.. loaded.Malformed.Take(MalformedRowsShown).Select(row => $"line {row.LineNumber}: {row.Reason}")],
            loaded.Sha256);
    }

    /// <summary>Each file's own facts when the run read several (<c>--data</c> given more than once); else empty.</summary>
    public IReadOnlyList<DataFacts> Files { get; init; } = [];

    /// <summary>The facts of several files as one: counts summed, malformed rows named with their file.</summary>
    public static DataFacts Combine(IReadOnlyList<DataFacts> files)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(files.Count, 1);
        if (files.Count == 1) return files[0];
        string hashes = string.Concat(files.Select(file => file.Sha256));
        return new DataFacts(
            string.Join(", ", files.Select(file => file.Source)),
            $"{files.Count} files",
            string.Join(", ", files.Select(file => file.Format).Distinct()),
            files.Sum(file => file.RowsRead),
            files.Sum(file => file.Tweets),
            files.Sum(file => file.NeutralSkipped),
            files.Sum(file => file.MalformedRows),
            [.. files.SelectMany(file => file.FirstMalformed.Select(row => $"{Path.GetFileName(file.Source)}, {row}")).Take(MalformedRowsShown)],
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(hashes))))
        {
            Files = files,
        };
    }
}
