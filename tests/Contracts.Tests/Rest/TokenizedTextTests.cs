using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.Contracts.Tests.Rest;

/// <summary>The token-id convention of the tokenize signature, read once for the trainer and the site.</summary>
public sealed class TokenizedTextTests
{
    [Test]
    public void Known_and_unknown_words_are_told_apart_and_padding_is_neither()
    {
        // "the great qwzx" in a vocabulary without "qwzx", sequence length 6.
        var text = new TokenizedText([5, 87, ServingContract.UnknownTokenId, ServingContract.PaddingId, ServingContract.PaddingId, ServingContract.PaddingId], TokenCount: 3);

        Assert.That(text.KnownTokens, Is.EqualTo(2));
        Assert.That(text.UnknownTokens, Is.EqualTo(1));
        Assert.That(text.SequenceLength, Is.EqualTo(6));
        Assert.That(text.WasCut, Is.False);
    }

    [TestCase(7, true)]
    [TestCase(4, false)]
    public void A_text_was_cut_when_it_had_more_tokens_than_positions(long tokenCount, bool cut)
    {
        var text = new TokenizedText([2, 3, 4, 5], tokenCount);

        Assert.That(text.WasCut, Is.EqualTo(cut));
    }

    [Test]
    public void An_export_without_token_count_cannot_say_whether_it_cut()
    {
        Assert.That(new TokenizedText([2, 3, 4, 5], TokenCount: null).WasCut, Is.Null);
    }
}
