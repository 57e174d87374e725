namespace TwitterSentiment.Trainer.Data;

/// <summary>What a check of the Sentiment140 training file found; <see cref="Problems"/> is empty when it passed.</summary>
public sealed record Sentiment140Verification(
    string Path,
    long Bytes,
    string Sha256,
    long Rows,
    int Negative,
    int Positive,
    int Neutral,
    int Malformed,
    IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;
}
