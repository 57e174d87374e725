namespace TwitterSentiment.WebClient.Analysis;

/// <summary>How much of a word the model reads: tokens past its sequence length are cut off.</summary>
public enum WordRead
{
    Read,

    /// <summary>Some of its tokens are within the sequence length, the rest past it.</summary>
    PartlyRead,

    NotRead,
}

/// <summary>
/// Where each word of a tweet lies in what the model reads, worked out from the served model's own token counts of the
/// tweet's prefixes (its first word, first two words, …): word k holds the tokens from the count of the first k − 1 words
/// to the count of the first k. No rule of the tokenizer is restated; the model counts.
/// </summary>
public sealed record WordReading(IReadOnlyList<WordRead> States, IReadOnlyList<bool> Unknown)
{
    /// <summary>The words the model reads, wholly or partly: the window influences are computed on.</summary>
    public int ReadWords => States.Count(s => s != WordRead.NotRead);

    /// <param name="prefixCounts">The token count of the first k words, for k = 1 … the number of words.</param>
    /// <param name="ids">The ids the model reads for the whole tweet (1 = unknown), sequence-length many.</param>
    public static WordReading From(IReadOnlyList<long> prefixCounts, IReadOnlyList<long> ids)
    {
        ArgumentNullException.ThrowIfNull(prefixCounts);
        ArgumentNullException.ThrowIfNull(ids);
        int length = ids.Count;
        var states = new List<WordRead>(prefixCounts.Count);
        var unknown = new List<bool>(prefixCounts.Count);
        long start = 0;
        foreach (long end in prefixCounts)
        {
            long from = Math.Min(start, end);
            states.Add(end <= length ? WordRead.Read : from >= length ? WordRead.NotRead : WordRead.PartlyRead);
            unknown.Add(Enumerable.Range((int)Math.Min(from, length), (int)(Math.Min(end, length) - Math.Min(from, length))).Any(i => ids[i] == 1));
            start = end;
        }

        return new WordReading(states, unknown);
    }
}
