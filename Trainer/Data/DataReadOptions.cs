namespace TwitterSentiment.Trainer.Data;

/// <summary>How <see cref="TweetDataReader"/> treats bad rows and reports progress.</summary>
public sealed record DataReadOptions
{
    public static DataReadOptions Default { get; } = new();

    /// <summary>When set, the first malformed row is a <see cref="DataException"/>; otherwise bad rows are skipped and listed.</summary>
    public bool Strict { get; init; }

    /// <summary>Receives the number of bytes read so far (for a progress bar); reported about every megabyte and at the end.</summary>
    public IProgress<long>? BytesRead { get; init; }
}
