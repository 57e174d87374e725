namespace TwitterSentiment.Trainer.Data;

/// <summary>Where to fetch Sentiment140 from, where to put it, and what the result must look like.</summary>
public sealed record Sentiment140DownloadOptions
{
    /// <summary>The authors' archive (Go, Bhayani and Huang, Stanford).</summary>
    public const string StanfordUrl = "https://cs.stanford.edu/people/alecmgo/trainingandtestdata.zip";

    /// <summary>MD5 of <c>trainingandtestdata.zip</c> as published by dataset tools that mirror it (datamaestro, LEAF).</summary>
    public const string StanfordArchiveMd5 = "1647eb110dd2492512e27b9a70d5d1bc";

    public const string ArchiveFileName = "trainingandtestdata.zip";

    public Uri Url { get; init; } = new(StanfordUrl);

    /// <summary>The folder that receives the CSV (normally &lt;repo&gt;/data).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The archive's expected MD5 (lower-case hex), or null to skip the check (another archive, a test).</summary>
    public string? ExpectedArchiveMd5 { get; init; } = StanfordArchiveMd5;

    /// <summary>Rows per class the training file must hold: 800,000 negatives and 800,000 positives.</summary>
    public int ExpectedRowsPerClass { get; init; } = 800_000;

    /// <summary>How long the server may send nothing before the download is abandoned (it can be resumed).</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Keep the archive after a successful extraction instead of deleting it.</summary>
    public bool KeepArchive { get; init; }

    /// <summary>The archive's file name in <see cref="DataDirectory"/> (other archives, such as GloVe's, reuse the download).</summary>
    public string ArchiveName { get; init; } = ArchiveFileName;

    public string ArchivePath => Path.Combine(DataDirectory, ArchiveName);

    public string CsvPath => Path.Combine(DataDirectory, DefaultData.Sentiment140FileName);
}
