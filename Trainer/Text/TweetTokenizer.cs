using System.Text.RegularExpressions;

namespace TwitterSentiment.Trainer.Text;

/// <summary>Turns a raw tweet into tokens by <see cref="TokenizerSpec"/>. Thread-safe.</summary>
public sealed class TweetTokenizer
{
    private readonly (Regex Regex, string Replacement)[] _rules = TokenizerSpec.Rules
        .Select(rule => (new Regex(rule.Pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled), rule.Replacement))
        .ToArray();

    public static TweetTokenizer Default { get; } = new();

    public IReadOnlyList<string> Tokenize(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];

        string normalised = LowerAscii(text);
        foreach (var (regex, replacement) in _rules)
        {
            normalised = regex.Replace(normalised, replacement);
        }
        return normalised.Split(TokenizerSpec.Separator, StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>TensorFlow's <c>StringLower</c> with the default (ASCII) encoding touches A–Z only.</summary>
    private static string LowerAscii(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                char c = source[i];
                span[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            }
        });
}
