using System.Collections.Concurrent;

namespace TwitterSentiment.Trainer.Text;

/// <summary>
/// Tokenizes and encodes many tweets on several cores. Work is split into fixed chunks and every result is written
/// to its input position, so the output is identical for any thread count (and to the one-by-one result).
/// </summary>
public static class TweetEncoder
{
    private const int ChunkSize = 4096;

    /// <summary>Tokens of every text, in input order. <paramref name="threads"/> ≤ 0 means all cores.</summary>
    public static IReadOnlyList<string>[] Tokenize(IReadOnlyList<string> texts, int threads, CancellationToken cancellationToken, TweetTokenizer? tokenizer = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        tokenizer ??= TweetTokenizer.Default;
        var tokens = new IReadOnlyList<string>[texts.Count];
        ForEachChunk(texts.Count, threads, (start, end) =>
        {
            for (int i = start; i < end; i++) tokens[i] = tokenizer.Tokenize(texts[i]);
        }, cancellationToken);
        return tokens;
    }

    /// <summary>Ids of already tokenized texts as one row-major [count, sequenceLength] array (a tensor's layout).</summary>
    public static long[] Encode(IReadOnlyList<IReadOnlyList<string>> tokenized, Vocabulary vocabulary, int sequenceLength, int threads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenized);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequenceLength, 1);
        var ids = new long[checked(tokenized.Count * sequenceLength)];
        ForEachChunk(tokenized.Count, threads, (start, end) =>
        {
            for (int i = start; i < end; i++) vocabulary.EncodeInto(tokenized[i], ids.AsSpan(i * sequenceLength, sequenceLength));
        }, cancellationToken);
        return ids;
    }

    /// <summary>Tokenizes and encodes in one pass without keeping the tokens (for the validation and test splits).</summary>
    public static long[] TokenizeAndEncode(IReadOnlyList<string> texts, Vocabulary vocabulary, int sequenceLength, int threads,
        CancellationToken cancellationToken, TweetTokenizer? tokenizer = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequenceLength, 1);
        tokenizer ??= TweetTokenizer.Default;
        var ids = new long[checked(texts.Count * sequenceLength)];
        ForEachChunk(texts.Count, threads, (start, end) =>
        {
            for (int i = start; i < end; i++) vocabulary.EncodeInto(tokenizer.Tokenize(texts[i]), ids.AsSpan(i * sequenceLength, sequenceLength));
        }, cancellationToken);
        return ids;
    }

    private static void ForEachChunk(int count, int threads, Action<int, int> body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (count == 0) return;
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        Parallel.ForEach(Partitioner.Create(0, count, ChunkSize), options, range => body(range.Item1, range.Item2));
    }
}
