using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Embeddings;

/// <summary>
/// A vocabulary built from the training split and a pretrained set, and the pretrained rows of its embedding.
/// Ids: [PAD], [UNK], then the training tokens the set lacks (learned; seen at least <see cref="MinLearnedCount"/>
/// times, by frequency), then every token that has a pretrained vector — the training tokens first (by
/// frequency), then the tokens of <see cref="TokenMeanings"/> (emoticon placeholders, emoji) with their word's
/// vector, then the set's other words in its own order (most frequent first) — up to the size limit. So a word the
/// training tweets never used still has its pretrained vector when the served model meets it.
/// </summary>
/// <param name="Vocabulary">All tokens by id.</param>
/// <param name="LearnedRows">Ids below this are learned; ids from it on are pretrained rows.</param>
/// <param name="PretrainedVectors">Row-major [Vocabulary.Count − LearnedRows, dimension].</param>
/// <param name="Coverage">Share of the training split's token occurrences that have a pretrained vector.</param>
public sealed record PretrainedVocabulary(Vocabulary Vocabulary, int LearnedRows, float[] PretrainedVectors, double Coverage)
{
    /// <summary>A token without a pretrained vector seen only once is noise to memorise, not a word to learn.</summary>
    public const int MinLearnedCount = 2;

    public static PretrainedVocabulary Build(IEnumerable<IReadOnlyList<string>> trainingTokens, int maxTokens, PretrainedEmbeddings embeddings)
    {
        ArgumentNullException.ThrowIfNull(trainingTokens);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 3);

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var tokens in trainingTokens)
        {
            foreach (string token in tokens) counts[token] = counts.GetValueOrDefault(token) + 1;
        }
        var byFrequency = counts
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .ToList();

        // A token has a vector of its own, or its meaning's (":)" → "smile").
        string? VectorWord(string token) => embeddings.VectorWordFor(token);

        long occurrences = 0, covered = 0;
        foreach (var (token, count) in byFrequency)
        {
            occurrences += count;
            if (VectorWord(token) is not null) covered += count;
        }

        int budget = maxTokens - 2;
        var pretrainedTraining = byFrequency.Where(pair => VectorWord(pair.Key) is not null).Select(pair => pair.Key)
            .Concat(TokenMeanings.All.Keys.Where(token => !counts.ContainsKey(token) && VectorWord(token) is not null))
            .ToList();
        var learned = byFrequency
            .Where(pair => pair.Value >= MinLearnedCount && VectorWord(pair.Key) is null)
            .Select(pair => pair.Key)
            .Take(budget)
            .ToList();

        // The training tokens come first; the set's own words fill what is left, if the tokenizer can produce them
        // (GloVe also holds punctuation and pieces such as "n't" that never reach the lookup).
        var pretrained = new List<string>(pretrainedTraining.Take(budget - learned.Count));
        var taken = new HashSet<string>(pretrained, StringComparer.Ordinal);
        var tokenizer = TweetTokenizer.Default;
        foreach (string word in embeddings.Words)
        {
            if (learned.Count + pretrained.Count >= budget) break;
            if (taken.Contains(word) || counts.ContainsKey(word)) continue;
            if (tokenizer.IsOwnToken(word) && taken.Add(word)) pretrained.Add(word);
        }

        var vocabulary = Vocabulary.FromTokens([Vocabulary.PaddingToken, Vocabulary.OutOfVocabularyToken, .. learned, .. pretrained]);
        int dimension = embeddings.Dimension;
        float[] vectors = new float[(long)pretrained.Count * dimension];
        for (int row = 0; row < pretrained.Count; row++)
        {
            embeddings.VectorOf(VectorWord(pretrained[row])!).CopyTo(vectors.AsSpan(row * dimension, dimension));
        }
        return new PretrainedVocabulary(vocabulary, 2 + learned.Count, vectors, occurrences == 0 ? 0 : (double)covered / occurrences);
    }
}
