using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Lexicon;

/// <summary>
/// A lexicon laid out by token id of one vocabulary, the form the model and the exported graph compute with.
/// </summary>
/// <param name="Valences">[vocabulary size]: each id's valence, −1…1 (0 for [PAD], [UNK] and unrated tokens).</param>
/// <param name="Negations">[vocabulary size]: 1 for the ids of <see cref="NegationRule.Words"/>, else 0.</param>
public sealed record LexiconTable(float[] Valences, float[] Negations)
{
    public int RatedTokens => Valences.Count(valence => valence != 0);

    public static LexiconTable For(Vocabulary vocabulary, SentimentLexicon lexicon)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(lexicon);
        float[] valences = new float[vocabulary.Count];
        float[] negations = new float[vocabulary.Count];
        for (int id = Vocabulary.OutOfVocabularyId + 1; id < vocabulary.Count; id++)
        {
            string token = vocabulary.Tokens[id];
            valences[id] = lexicon.ValenceOf(token);
            negations[id] = NegationRule.Words.Contains(token) ? 1 : 0;
        }
        return new LexiconTable(valences, negations);
    }

    /// <summary>
    /// The lexicon's tokens and the negations that <paramref name="vocabulary"/> lacks, in a fixed order: without
    /// an id of their own they would be [UNK] and lose their valence on tweets unlike the training data.
    /// </summary>
    public static IReadOnlyList<string> MissingTokens(Vocabulary vocabulary, SentimentLexicon lexicon)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(lexicon);
        var missing = new List<string>();
        var seen = new HashSet<string>(vocabulary.Tokens, StringComparer.Ordinal);
        foreach (string token in lexicon.Tokens.Concat(NegationRule.Words.Order(StringComparer.Ordinal)))
        {
            if (seen.Add(token)) missing.Add(token);
        }
        return missing;
    }
}
