namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// Each epoch's batches of row indices. Every epoch starts by shuffling the rows. <see cref="BatchingMode.Random"/>
/// then cuts them into batches in that order. <see cref="BatchingMode.Length"/> cuts them into windows of
/// <see cref="WindowBatches"/> batches, sorts each window by token length, cuts it into batches and shuffles the
/// order of all the epoch's batches: a batch holds tweets of about one length (so the model's skipping of steps
/// after the longest row saves most of the padding), while which tweets meet in a batch, and the order of short and
/// long batches, still changes every epoch. Only the given random generator decides the order, so a seed gives one
/// sequence of epochs.
/// </summary>
public sealed class LengthBucketSampler
{
    /// <summary>
    /// Small windows still mix neighbouring lengths in a batch: on the 100k-tweet sample, windows of 10 batches
    /// trained as accurately as random batches (two seeds) at the same speed as windows of 100, which lost 0.7 points
    /// of test accuracy (see the README's Trainer quality section).
    /// </summary>
    public const int DefaultWindowBatches = 10;

    private readonly int[] _lengths;
    private readonly int[] _order;

    /// <param name="lengths">Real (non-padding) tokens of each row.</param>
    public LengthBucketSampler(IReadOnlyList<int> lengths, int batchSize, BatchingMode mode, int windowBatches = DefaultWindowBatches)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowBatches, 1);
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown batching mode.");
        _lengths = [.. lengths];
        _order = [.. Enumerable.Range(0, _lengths.Length)];
        BatchSize = batchSize;
        Mode = mode;
        WindowBatches = windowBatches;
    }

    public int BatchSize { get; }

    public BatchingMode Mode { get; }

    /// <summary>Batches per sorted window in <see cref="BatchingMode.Length"/> mode.</summary>
    public int WindowBatches { get; }

    public int RowCount => _lengths.Length;

    /// <summary>Batches per epoch, the same in both modes: only the last one may be smaller than <see cref="BatchSize"/>.</summary>
    public int BatchCount => (_lengths.Length + BatchSize - 1) / BatchSize;

    /// <summary>The next epoch's batches; together they hold every row exactly once.</summary>
    public IReadOnlyList<long[]> NextEpoch(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        // The rows are reshuffled from the previous epoch's order (not from 0..n-1): random batching thereby draws
        // exactly the batches the trainer drew before length batching existed.
        random.Shuffle(_order);
        if (Mode == BatchingMode.Random) return CutIntoBatches(_order);

        int[] sorted = new int[_order.Length];
        int window = BatchSize * WindowBatches;
        for (int start = 0; start < sorted.Length; start += window)
        {
            int size = Math.Min(window, sorted.Length - start);
            SortByLength(_order.AsSpan(start, size), sorted.AsSpan(start, size), _lengths);
        }
        long[][] batches = CutIntoBatches(sorted);
        random.Shuffle(batches);
        return batches;
    }

    /// <summary>All rows sorted by length (ties in row order): how evaluation batches rows when order does not matter.</summary>
    public static int[] SortedByLength(IReadOnlyList<int> lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        int[] rows = [.. Enumerable.Range(0, lengths.Count)];
        int[] sorted = new int[rows.Length];
        SortByLength(rows, sorted, [.. lengths]);
        return sorted;
    }

    /// <summary>
    /// The LSTM steps <paramref name="batches"/> cost: each batch runs to its longest row (at least one step), and
    /// only a row's own tokens are useful.
    /// </summary>
    public static LstmSteps CountSteps(IEnumerable<IReadOnlyList<long>> batches, IReadOnlyList<int> lengths)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(lengths);
        long useful = 0, computed = 0;
        foreach (var batch in batches)
        {
            int longest = 1;
            foreach (long row in batch)
            {
                useful += lengths[(int)row];
                longest = Math.Max(longest, lengths[(int)row]);
            }
            computed += (long)longest * batch.Count;
        }
        return new LstmSteps(useful, computed);
    }

    /// <summary>Stable sort by length: the key holds the position as well, so equal lengths keep their order.</summary>
    private static void SortByLength(ReadOnlySpan<int> rows, Span<int> destination, int[] lengths)
    {
        long[] keys = new long[rows.Length];
        for (int i = 0; i < rows.Length; i++) keys[i] = ((long)lengths[rows[i]] << 32) | (uint)i;
        Array.Sort(keys);
        for (int i = 0; i < rows.Length; i++) destination[i] = rows[(int)(keys[i] & uint.MaxValue)];
    }

    private long[][] CutIntoBatches(int[] rows)
    {
        long[][] batches = new long[BatchCount][];
        for (int batch = 0; batch < batches.Length; batch++)
        {
            int start = batch * BatchSize;
            int size = Math.Min(BatchSize, rows.Length - start);
            long[] indices = new long[size];
            for (int i = 0; i < size; i++) indices[i] = rows[start + i];
            batches[batch] = indices;
        }
        return batches;
    }
}

/// <summary>LSTM steps computed for a set of batches, and how many of them read a real token (the rest read padding).</summary>
public sealed record LstmSteps(long Useful, long Computed)
{
    /// <summary>Useful / computed; 1 when nothing was computed.</summary>
    public double UsefulShare => Computed == 0 ? 1 : (double)Useful / Computed;
}
