using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Embeddings;

/// <summary>
/// A model's vocabulary extended for its bag of vectors, and the bag's frozen vectors, one row per id. The LSTM's
/// vocabulary keeps its ids; after it come the words only the bag knows (<see cref="BagOnlyRows"/>; [UNK] to the LSTM
/// and the lexicon): the training split's tokens that have a vector, by frequency, then the tokens of
/// <see cref="TokenMeanings"/> (emoticon placeholders, emoji; Sentiment140 has none), then the set's
/// <see cref="DefaultExtraWords"/> most frequent words (GloVe lists them first) that the tokenizer can produce. Each id
/// gets its token's vector, or its meaning's (":)" → "smile"); ids without one keep a zero row.
/// </summary>
/// <param name="Vocabulary">All tokens by id: the LSTM's, then the bag's own.</param>
/// <param name="BagOnlyRows">How many ids at the end only the bag knows.</param>
/// <param name="Vectors">Row-major [Vocabulary.Count, dimension].</param>
/// <param name="Facts">What the vectors cover, for the console and tracking.</param>
public sealed record BagVocabulary(Vocabulary Vocabulary, int BagOnlyRows, float[] Vectors, BagFacts Facts)
{
    /// <summary>
    /// The set's most frequent words added beyond the training split's: on the 100k sample they raise the share of
    /// TweetEval's token occurrences that have a vector from 85.2 to 86.6 % for 2.6 MiB of export; more words add
    /// little (all 341k: 89.3 %, 135 MiB), and neither scored better beyond seed noise (docs/experiments.md).
    /// </summary>
    public const int DefaultExtraWords = 20_000;

    public static BagVocabulary Build(Vocabulary vocabulary, IReadOnlyList<IReadOnlyList<string>> trainingTokens, PretrainedEmbeddings embeddings, int extraWords = DefaultExtraWords)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(trainingTokens);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentOutOfRangeException.ThrowIfNegative(extraWords);

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var tokens in trainingTokens)
        {
            foreach (string token in tokens) counts[token] = counts.GetValueOrDefault(token) + 1;
        }

        // Tokens the vocabulary already resolves (its own, or an alias such as "don’t") keep their ids.
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var added = new List<string>();
        void Add(string token)
        {
            if (vocabulary.IdOf(token) == Vocabulary.OutOfVocabularyId && token != Vocabulary.OutOfVocabularyToken && taken.Add(token)) added.Add(token);
        }
        foreach (var (token, _) in counts.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (embeddings.VectorWordFor(token) is not null) Add(token);
        }
        foreach (string token in TokenMeanings.All.Keys.Order(StringComparer.Ordinal))
        {
            if (embeddings.VectorWordFor(token) is not null) Add(token);
        }
        var tokenizer = TweetTokenizer.Default;
        foreach (string word in embeddings.Words.Take(extraWords))
        {
            if (tokenizer.IsOwnToken(word)) Add(word);
        }

        var extended = Vocabulary.FromTokens([.. vocabulary.Tokens, .. added]);
        int dimension = embeddings.Dimension;
        float[] vectors = new float[(long)extended.Count * dimension];
        int withVector = 0;
        for (int id = Vocabulary.OutOfVocabularyId + 1; id < extended.Count; id++)
        {
            if (embeddings.VectorWordFor(extended.Tokens[id]) is not { } word) continue;
            embeddings.VectorOf(word).CopyTo(vectors.AsSpan(id * dimension, dimension));
            withVector++;
        }

        long occurrences = counts.Values.Sum(count => (long)count);
        long covered = counts.Where(pair => embeddings.VectorWordFor(pair.Key) is not null).Sum(pair => (long)pair.Value);
        var facts = new BagFacts(embeddings.Source, dimension, embeddings.Count, withVector, added.Count, occurrences == 0 ? 0 : (double)covered / occurrences);
        return new BagVocabulary(extended, added.Count, vectors, facts);
    }
}

/// <summary>Which pretrained vectors a bag of vectors reads and how well they cover the training tweets.</summary>
/// <param name="Source">The file the vectors were read from.</param>
/// <param name="Dimension">Values per word.</param>
/// <param name="Words">Words in the file.</param>
/// <param name="VocabularyRows">Vocabulary ids that have a vector.</param>
/// <param name="BagOnlyRows">Ids added for the bag alone.</param>
/// <param name="Coverage">Share of the training split's token occurrences that have a vector.</param>
public sealed record BagFacts(string Source, int Dimension, int Words, int VocabularyRows, int BagOnlyRows, double Coverage);
