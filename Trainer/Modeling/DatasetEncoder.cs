using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>Text → tokens → ids. Tokenization runs on all cores; results land by index, so they are deterministic.</summary>
public static class DatasetEncoder
{
    public static IReadOnlyList<string>[] Tokenize(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var tokens = new IReadOnlyList<string>[texts.Count];
        var tokenizer = TweetTokenizer.Default;
        Parallel.For(
            0,
            texts.Count,
            new ParallelOptions { CancellationToken = cancellationToken },
            i => tokens[i] = tokenizer.Tokenize(texts[i]));
        return tokens;
    }

    public static EncodedDataset Encode(
        IReadOnlyList<IReadOnlyList<string>> tokens,
        IReadOnlyList<int> labels,
        Vocabulary vocabulary,
        int sequenceLength)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (tokens.Count != labels.Count)
            throw new ArgumentException($"{tokens.Count} token lists but {labels.Count} labels.", nameof(labels));

        long[] ids = new long[(long)tokens.Count * sequenceLength];
        Parallel.For(0, tokens.Count, i => vocabulary.EncodeInto(tokens[i], ids.AsSpan(i * sequenceLength, sequenceLength)));
        return new EncodedDataset(ids, [.. labels], sequenceLength);
    }
}
