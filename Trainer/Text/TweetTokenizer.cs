using System.Text.RegularExpressions;

namespace TwitterSentiment.Trainer.Text;

/// <summary>
/// Turns a raw tweet into tokens by <see cref="TokenizerSpec"/>. Thread-safe. Rules that cannot match are skipped
/// (a cheap check before the regex scan), which halves the cost without changing any result: a test compares it
/// with applying every rule.
/// </summary>
public sealed class TweetTokenizer
{
    private readonly CompiledRule[] _rules = TokenizerSpec.Rules.Select(CompiledRule.From).ToArray();

    public static TweetTokenizer Default { get; } = new();

    public IReadOnlyList<string> Tokenize(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];

        string normalised = LowerAscii(text);
        int letterRuns = -1;
        foreach (var rule in _rules)
        {
            if (rule.RunLetter is char letter)
            {
                // Shrinking one letter's run never creates a run of another letter, so the mask stays valid
                // across consecutive run rules; any other rule may change the text and invalidates it.
                if (letterRuns < 0) letterRuns = LettersRepeatedThrice(normalised);
                if ((letterRuns & (1 << (letter - 'a'))) == 0) continue;
            }
            else
            {
                letterRuns = -1;
                if (rule.RequiredCharacter is char required && !normalised.Contains(required, StringComparison.Ordinal)) continue;
            }
            normalised = rule.Regex.Replace(normalised, rule.Replacement);
        }
        return normalised.Split(TokenizerSpec.Separator, StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Whether <paramref name="word"/> comes out of the tokenizer as itself, one token (a word a lookup can meet).</summary>
    public bool IsOwnToken(string word) => Tokenize(word) is [var token] && token == word;

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

    /// <summary>Bit i set when the letter 'a' + i occurs three or more times in a row.</summary>
    private static int LettersRepeatedThrice(string text)
    {
        int mask = 0;
        for (int i = 2; i < text.Length; i++)
        {
            char c = text[i];
            if (c is >= 'a' and <= 'z' && text[i - 1] == c && text[i - 2] == c) mask |= 1 << (c - 'a');
        }
        return mask;
    }

    private sealed record CompiledRule(Regex Regex, string Replacement, char? RunLetter, char? RequiredCharacter)
    {
        private const string MetaCharacters = @"\^$.|?*+()[]{}";

        public static CompiledRule From(RewriteRule rule) => new(
            new Regex(rule.Pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled),
            rule.Replacement,
            RunLetterOf(rule.Pattern),
            RequiredCharacterOf(rule.Pattern));

        /// <summary>'e' for the pattern "e{3,}" (a run of one lower-case letter), else null.</summary>
        private static char? RunLetterOf(string pattern) =>
            pattern.Length == 5 && pattern[0] is >= 'a' and <= 'z' && pattern.AsSpan(1).SequenceEqual("{3,}") ? pattern[0] : null;

        /// <summary>
        /// A character every match must contain: the literal first character of the pattern, or of each of its
        /// alternatives when they all share it. Null when that cannot be read off the pattern safely.
        /// </summary>
        private static char? RequiredCharacterOf(string pattern)
        {
            string[] alternatives = pattern.Split('|');
            if (alternatives.Length > 1 && pattern.IndexOfAny(['(', '[', '\\']) >= 0) return null;
            char? required = null;
            foreach (string alternative in alternatives)
            {
                if (alternative.Length == 0 || MetaCharacters.Contains(alternative[0], StringComparison.Ordinal)) return null;
                // "x?", "x*" or "x{0,…}" make the first character optional.
                if (alternative.Length > 1 && (alternative[1] is '?' or '*' || alternative.AsSpan(1).StartsWith("{0"))) return null;
                if (required is not null && required != alternative[0]) return null;
                required = alternative[0];
            }
            return required;
        }
    }
}
