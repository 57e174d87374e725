namespace TwitterSentiment.Contracts.Rest;

/// <summary>
/// What the served model's <c>tokenize</c> signature says about one text: the ids it reads (sequence-length many; 0 =
/// padding, 1 = unknown word) and how many tokens the text had before the cut. <see cref="TokenCount"/> is null for
/// exports made before <c>token_count</c> existed.
/// </summary>
public sealed record TokenizedText(IReadOnlyList<long> TokenIds, long? TokenCount)
{
    /// <summary>Positions the model reads (its sequence length).</summary>
    public int SequenceLength => TokenIds.Count;

    /// <summary>True when the text had more tokens than the model reads; null when the export does not say.</summary>
    public bool? WasCut => TokenCount is { } count ? count > SequenceLength : null;
}
