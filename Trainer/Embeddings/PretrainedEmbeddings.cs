namespace TwitterSentiment.Trainer.Embeddings;

/// <summary>
/// Pretrained word vectors (GloVe, word2vec): one row of <see cref="Dimension"/> floats per word, in the file's
/// order (GloVe and word2vec list the most frequent words first). A word listed twice keeps its first vector.
/// </summary>
public sealed class PretrainedEmbeddings
{
    private readonly float[] _vectors;
    private readonly Dictionary<string, int> _rows;

    /// <param name="source">Where the vectors came from (a path or a set's name), for messages and tracking.</param>
    /// <param name="words">The words, one per row.</param>
    /// <param name="vectors">Row-major [words, dimension].</param>
    /// <param name="dimension">Values per word.</param>
    public PretrainedEmbeddings(string source, IReadOnlyList<string> words, float[] vectors, int dimension)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (vectors.LongLength != (long)words.Count * dimension)
            throw new ArgumentException($"{vectors.LongLength} values do not make {words.Count} vectors of {dimension}.", nameof(vectors));

        Source = source;
        Words = words;
        Dimension = dimension;
        _vectors = vectors;
        _rows = new Dictionary<string, int>(words.Count, StringComparer.Ordinal);
        for (int row = 0; row < words.Count; row++) _rows.TryAdd(words[row], row);
    }

    public string Source { get; }

    public int Dimension { get; }

    public IReadOnlyList<string> Words { get; }

    public int Count => Words.Count;

    /// <summary>The same vectors under another source name; the arrays are shared, not copied.</summary>
    public PretrainedEmbeddings WithSource(string source) => new(source, Words, _vectors, Dimension);

    public bool Contains(string word) => _rows.ContainsKey(word);

    /// <summary>
    /// The word whose vector <paramref name="token"/> gets: the token itself, else the word it means
    /// (<see cref="TokenMeanings"/>: ":)" → "smile"), when the set holds it; null when neither is in the set.
    /// </summary>
    public string? VectorWordFor(string token) =>
        Contains(token) ? token
        : TokenMeanings.All.TryGetValue(token, out string? word) && Contains(word) ? word
        : null;

    /// <summary>The word's vector, or an empty span when the set does not hold it.</summary>
    public ReadOnlySpan<float> VectorOf(string word) =>
        _rows.TryGetValue(word, out int row) ? Row(row) : ReadOnlySpan<float>.Empty;

    public ReadOnlySpan<float> Row(int row) => _vectors.AsSpan(row * Dimension, Dimension);

    /// <summary>Row-major [words, dimension], for writing the cache.</summary>
    internal ReadOnlySpan<float> AllVectors => _vectors;
}
