namespace TwitterSentiment.Trainer.Lexicon;

/// <summary>
/// How a negation changes a rated word, the way VADER does it: a word with a negation among the
/// <see cref="Window"/> tokens before it counts <see cref="Scale"/> times its valence ("not good" is mildly
/// negative, not positive). The words are in our tokenizer's spelling: apostrophes are dropped, so "don't" is dont.
/// </summary>
public static class NegationRule
{
    /// <summary>Tokens before a word in which a negation flips it.</summary>
    public const int Window = 3;

    /// <summary>VADER's factor for a negated word's valence.</summary>
    public const float Scale = -0.74f;

    public static IReadOnlySet<string> Words { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "not", "never", "no", "nope", "none", "nobody", "nothing", "nowhere", "neither", "nor", "without", "cannot",
        "aint", "arent", "cant", "couldnt", "didnt", "doesnt", "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt",
        "mustnt", "neednt", "shant", "shouldnt", "wasnt", "werent", "wont", "wouldnt", "rarely", "seldom",
    };
}
