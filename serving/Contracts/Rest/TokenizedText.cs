namespace TwitterSentiment.Contracts.Rest;

/// <summary>
/// What the served model's <c>tokenize</c> signature says about one text: the ids it reads (sequence-length many;
/// <see cref="ServingContract.PaddingId"/>, <see cref="ServingContract.UnknownTokenId"/> or a known word) and how many tokens the text had before the cut. <see cref="TokenCount"/> is null for
/// exports made before <c>token_count</c> existed.
/// </summary>
public sealed record TokenizedText(IReadOnlyList<long> TokenIds, long? TokenCount)
{
    /// <summary>Positions the model reads (its sequence length).</summary>
    public int SequenceLength => TokenIds.Count;

    /// <summary>Positions holding a word the vocabulary knows.</summary>
    public int KnownTokens => CountKnown(TokenIds);

    /// <summary>Positions holding a word the vocabulary does not know.</summary>
    public int UnknownTokens => TokenIds.Count(id => id == ServingContract.UnknownTokenId);

    /// <summary>True when the text had more tokens than the model reads; null when the export does not say.</summary>
    public bool? WasCut => TokenCount is { } count ? count > SequenceLength : null;

    /// <summary>How many of <paramref name="ids"/> are known words: the one rule, for the trainer's ids and the served ones.</summary>
    public static int CountKnown(IEnumerable<long> ids) => ids.Count(id => id > ServingContract.UnknownTokenId);
}
