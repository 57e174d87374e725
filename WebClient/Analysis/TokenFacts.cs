using TwitterSentiment.Contracts;
using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// What the served model's <c>tokenize</c> signature says about a text: of the tokens it read
/// how many it knew, and, from its <c>token_count</c>, how many the text had in all.
/// <see cref="TotalTokens"/> is null for exports made before <c>token_count</c> existed.
/// </summary>
public sealed record TokenFacts(int SequenceLength, int KnownTokens, int UnknownTokens, bool FilledEveryPosition, long? TotalTokens)
{
    /// <summary>Knowing fewer than half of the tokens read counts as "only a few".</summary>
    public const double FewKnownShare = 0.5;

    public bool KnewNoWords => KnownTokens == 0;

    public int ReadTokens => KnownTokens + UnknownTokens;

    public bool KnewFewWords => !KnewNoWords && UnknownTokens > 0 && KnownTokens < FewKnownShare * ReadTokens;

    /// <summary>
    /// True or false when known; null when the text filled every position and the export does not count tokens, so
    /// whether words beyond them were cut is not known. A text that leaves positions free was never cut.
    /// </summary>
    public bool? WasCut => TotalTokens is { } total ? total > SequenceLength : FilledEveryPosition ? null : false;

    public static TokenFacts? From(TokenizedText? tokenized)
    {
        if (tokenized is not { TokenIds.Count: > 0 } text)
        {
            return null;
        }

        return new TokenFacts(text.SequenceLength, text.KnownTokens, text.UnknownTokens, text.TokenIds[^1] != ServingContract.PaddingId, text.TokenCount);
    }
}
