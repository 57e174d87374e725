namespace TwitterSentiment.Trainer.Data;

/// <summary>
/// The usable tweets of one file plus what was left out. <see cref="RowsRead"/> counts every data row met
/// (usable, neutral and malformed); <see cref="Sha256"/> is the lower-case hex hash of the file's bytes, for
/// run tracking; <see cref="Source"/> names the file (or embedded resource) for messages.
/// </summary>
public sealed record LoadedData(
    IReadOnlyList<LabeledTweet> Tweets,
    DataFormat Format,
    long RowsRead,
    int NeutralSkipped,
    IReadOnlyList<MalformedRow> Malformed,
    string Sha256,
    string Source)
{
    public int PositiveCount => Tweets.Count(tweet => tweet.Label == LabeledTweet.Positive);

    public int NegativeCount => Tweets.Count - PositiveCount;
}
