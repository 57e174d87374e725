namespace TwitterSentiment.Trainer.Data;

/// <summary>
/// Splits tweets into train / validation / test with each label's share preserved in every part. The shuffle
/// uses its own SplitMix64 generator rather than <see cref="Random"/>, whose seeded sequence .NET does not
/// promise to keep, so a seed gives the same split on every machine and runtime. Each part keeps the input order.
/// </summary>
public static class StratifiedSplitter
{
    public static DataSplit Split(IReadOnlyList<LabeledTweet> tweets, double validationFraction, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(tweets);
        if (!(validationFraction >= 0 && testFraction >= 0 && validationFraction + testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction),
                $"The validation ({validationFraction}) and test ({testFraction}) fractions must be ≥ 0 and leave some data for training.");
        }

        var rng = new SplitMix64(unchecked((ulong)seed) ^ 0x5EED_5EED_5EED_5EEDUL);
        var train = new List<int>(tweets.Count);
        var validation = new List<int>();
        var test = new List<int>();
        foreach (var group in tweets.Select((tweet, index) => (tweet.Label, index)).GroupBy(pair => pair.Label).OrderBy(group => group.Key))
        {
            int[] indices = group.Select(pair => pair.index).ToArray();
            rng.Shuffle(indices);
            int testCount = (int)Math.Round(indices.Length * testFraction, MidpointRounding.AwayFromZero);
            int validationCount = Math.Min(indices.Length - testCount, (int)Math.Round(indices.Length * validationFraction, MidpointRounding.AwayFromZero));
            test.AddRange(indices.AsSpan(0, testCount));
            validation.AddRange(indices.AsSpan(testCount, validationCount));
            train.AddRange(indices.AsSpan(testCount + validationCount));
        }
        return new DataSplit(InInputOrder(train, tweets), InInputOrder(validation, tweets), InInputOrder(test, tweets));
    }

    /// <summary>
    /// Stratified k-fold assignment: each label's rows, shuffled by the seed, dealt round-robin into
    /// <paramref name="folds"/> folds, so every fold holds each label's share (±1 row).
    /// </summary>
    /// <returns>The fold (0 … folds−1) of each row.</returns>
    public static int[] Folds(IReadOnlyList<int> labels, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var rng = new SplitMix64(unchecked((ulong)seed) ^ 0xF01D_F01D_F01D_F01DUL);
        int[] fold = new int[labels.Count];
        int next = 0;
        foreach (var group in labels.Select((label, index) => (label, index)).GroupBy(pair => pair.label).OrderBy(group => group.Key))
        {
            int[] indices = group.Select(pair => pair.index).ToArray();
            rng.Shuffle(indices);
            // Continue the deal where the previous label stopped, so small folds do not all start with the same label.
            foreach (int index in indices) fold[index] = next++ % folds;
        }
        return fold;
    }

    private static LabeledTweet[] InInputOrder(List<int> indices, IReadOnlyList<LabeledTweet> tweets)
    {
        indices.Sort();
        var part = new LabeledTweet[indices.Count];
        for (int i = 0; i < part.Length; i++) part[i] = tweets[indices[i]];
        return part;
    }

    /// <summary>Steele, Lea and Flood's SplitMix64: tiny, well mixed, and fully specified.</summary>
    private struct SplitMix64(ulong state)
    {
        private ulong _state = state;

        private ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>An unbiased integer in [0, bound) by rejection.</summary>
        private ulong NextBelow(ulong bound)
        {
            ulong limit = ulong.MaxValue - (ulong.MaxValue % bound);
            ulong value;
            do value = Next(); while (value >= limit);
            return value % bound;
        }

        public void Shuffle(int[] items)
        {
            for (int i = items.Length - 1; i > 0; i--)
            {
                int j = (int)NextBelow((ulong)i + 1);
                (items[i], items[j]) = (items[j], items[i]);
            }
        }
    }
}
