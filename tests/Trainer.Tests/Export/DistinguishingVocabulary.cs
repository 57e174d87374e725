using System.Text;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>
/// A vocabulary in which the variants of a hard case get different ids, so a tokenizer that disagrees with
/// <see cref="TweetTokenizer"/> shows up as a different id instead of hiding behind two [UNK]s: it holds every
/// token the C# tokenizer gives, every piece of a naive whitespace split, and their forms without a byte-order
/// mark, Unicode-lower-cased and NFC/NFKC-normalised (what a decoder or a "helpful" normalisation would produce).
/// "﻿bom" and "bom" are both entries, for example.
/// </summary>
internal static class DistinguishingVocabulary
{
    public static Vocabulary Build(IEnumerable<string> texts) =>
        Vocabulary.Build(texts.Select(text => (IReadOnlyList<string>)[.. Tokens(text)]), maxTokens: int.MaxValue);

    private static IEnumerable<string> Tokens(string text)
    {
        var pieces = TweetTokenizer.Default.Tokenize(text)
            .Concat(text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Concat(LowerAscii(text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return pieces.SelectMany(Variants).Where(token => token.Length > 0).Distinct(StringComparer.Ordinal);
    }

    private static IEnumerable<string> Variants(string token)
    {
        yield return token;
        yield return token.Replace("\uFEFF", "", StringComparison.Ordinal);
        yield return token.ToLowerInvariant();
        if (token.IsNormalized(NormalizationForm.FormC)) yield return token.Normalize(NormalizationForm.FormD);
        yield return token.Normalize(NormalizationForm.FormC);
        yield return token.Normalize(NormalizationForm.FormKC);
    }

    private static string LowerAscii(string text) =>
        string.Concat(text.Select(c => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c));
}
