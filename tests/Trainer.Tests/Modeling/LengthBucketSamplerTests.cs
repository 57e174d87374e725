using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Tests.Modeling;

public sealed class LengthBucketSamplerTests
{
    /// <summary>Tweet-like lengths 1–30 (and some empty rows), in no order.</summary>
    private static int[] Lengths(int count, int seed = 3)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => random.Next(10) == 0 ? 0 : random.Next(1, 31))];
    }

    [TestCase(BatchingMode.Length, 1000, 16, 4)]
    [TestCase(BatchingMode.Length, 1003, 16, 4)]
    [TestCase(BatchingMode.Length, 7, 16, 100)]
    [TestCase(BatchingMode.Random, 1003, 16, 4)]
    public void Every_epoch_holds_every_row_exactly_once_in_full_batches_but_one(BatchingMode mode, int rows, int batchSize, int windowBatches)
    {
        var sampler = new LengthBucketSampler(Lengths(rows), batchSize, mode, windowBatches);
        var random = new Random(1);

        for (int epoch = 0; epoch < 3; epoch++)
        {
            var batches = sampler.NextEpoch(random);

            Assert.That(batches, Has.Count.EqualTo(sampler.BatchCount).And.Count.EqualTo((rows + batchSize - 1) / batchSize));
            Assert.That(batches.SelectMany(batch => batch).Order(), Is.EqualTo(Enumerable.Range(0, rows).Select(row => (long)row)));
            Assert.That(batches.Count(batch => batch.Length == batchSize), Is.EqualTo(rows / batchSize));
            Assert.That(batches.Where(batch => batch.Length != batchSize).Select(batch => batch.Length),
                Is.EqualTo(rows % batchSize == 0 ? Array.Empty<int>() : new[] { rows % batchSize }));
        }
    }

    [TestCase(BatchingMode.Length)]
    [TestCase(BatchingMode.Random)]
    public void The_same_seed_gives_the_same_epochs_and_the_epochs_differ(BatchingMode mode)
    {
        int[] lengths = Lengths(2000);
        List<IReadOnlyList<long[]>> Epochs(int seed)
        {
            var sampler = new LengthBucketSampler(lengths, 32, mode, windowBatches: 8);
            var random = new Random(seed);
            return [.. Enumerable.Range(0, 3).Select(_ => sampler.NextEpoch(random))];
        }

        var first = Epochs(42);
        var again = Epochs(42);
        var otherSeed = Epochs(7);

        Assert.Multiple(() =>
        {
            for (int epoch = 0; epoch < 3; epoch++) Assert.That(again[epoch], Is.EqualTo(first[epoch]), $"epoch {epoch + 1}");
            Assert.That(first[1], Is.Not.EqualTo(first[0]));
            Assert.That(first[2], Is.Not.EqualTo(first[1]));
            Assert.That(otherSeed[0], Is.Not.EqualTo(first[0]));
            // Not just the batch order: which rows meet in a batch changes too.
            Assert.That(first[1].Select(batch => batch.Order().ToArray()).ToHashSet(new RowSetComparer()).Overlaps(
                first[0].Select(batch => batch.Order().ToArray())), Is.False);
        });
    }

    [Test]
    public void Random_batching_cuts_the_shuffled_rows_in_order_as_the_trainer_always_did()
    {
        // The order the trainer drew before length batching: the previous epoch's order shuffled again, cut in batches.
        long[] expectedOrder = Enumerable.Range(0, 100).Select(row => (long)row).ToArray();
        var expectedRandom = new Random(42);
        var sampler = new LengthBucketSampler(Lengths(100), 16, BatchingMode.Random);
        var random = new Random(42);

        for (int epoch = 0; epoch < 2; epoch++)
        {
            expectedRandom.Shuffle(expectedOrder);
            Assert.That(sampler.NextEpoch(random).SelectMany(batch => batch), Is.EqualTo(expectedOrder));
        }
    }

    [Test]
    public void Length_batches_compute_far_fewer_padding_steps_and_are_mixed_across_windows()
    {
        int[] lengths = Lengths(4 * 10 * 16);
        var sampler = new LengthBucketSampler(lengths, 16, BatchingMode.Length, windowBatches: 10);

        var batches = sampler.NextEpoch(new Random(5));

        var ranges = batches.Select(batch => (Min: batch.Min(row => lengths[row]), Max: batch.Max(row => lengths[row]))).ToList();
        var random = LengthBucketSampler.CountSteps(new LengthBucketSampler(lengths, 16, BatchingMode.Random).NextEpoch(new Random(5)), lengths);
        var byLength = LengthBucketSampler.CountSteps(batches, lengths);
        Assert.Multiple(() =>
        {
            Assert.That(byLength.Useful, Is.EqualTo(random.Useful).And.EqualTo(lengths.Sum()));
            Assert.That(byLength.UsefulShare, Is.GreaterThan(0.8));
            Assert.That(random.UsefulShare, Is.LessThan(0.6));
            // The batches of different windows are mixed, not left window by window in ascending length.
            Assert.That(ranges.Select(range => range.Min), Is.Not.Ordered);
        });
    }

    [Test]
    public void Batches_within_one_window_cover_disjoint_length_ranges()
    {
        // One window holding all rows: its batches, sorted by shortest row, must not overlap in length.
        int[] lengths = Lengths(320);
        var batches = new LengthBucketSampler(lengths, 16, BatchingMode.Length, windowBatches: 20).NextEpoch(new Random(9));

        var ranges = batches.Select(batch => (Min: batch.Min(row => lengths[row]), Max: batch.Max(row => lengths[row]))).OrderBy(range => range.Min).ThenBy(range => range.Max).ToList();

        for (int i = 1; i < ranges.Count; i++) Assert.That(ranges[i].Min, Is.GreaterThanOrEqualTo(ranges[i - 1].Max), $"batch {i}");
    }

    [Test]
    public void Sorting_by_length_keeps_the_row_order_among_equal_lengths()
    {
        int[] lengths = [5, 2, 5, 0, 2, 9, 5];

        Assert.That(LengthBucketSampler.SortedByLength(lengths), Is.EqualTo(new[] { 3, 1, 4, 0, 2, 6, 5 }));
    }

    [Test]
    public void Steps_count_each_batch_up_to_its_longest_row_and_an_empty_batch_of_rows_as_one_step()
    {
        int[] lengths = [3, 1, 0, 0, 4];

        var steps = LengthBucketSampler.CountSteps([new long[] { 0, 1, 4 }, new long[] { 2, 3 }], lengths);

        Assert.That(steps, Is.EqualTo(new LstmSteps(Useful: 8, Computed: 3 * 4 + 2 * 1)));
        Assert.That(steps.UsefulShare, Is.EqualTo(8.0 / 14));
    }

    [Test]
    public void Nonsense_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LengthBucketSampler([1, 2], 0, BatchingMode.Length));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LengthBucketSampler([1, 2], 4, BatchingMode.Length, windowBatches: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LengthBucketSampler([1, 2], 4, (BatchingMode)7));
    }

    private sealed class RowSetComparer : IEqualityComparer<long[]>
    {
        public bool Equals(long[]? x, long[]? y) => x is not null && y is not null && x.SequenceEqual(y);

        public int GetHashCode(long[] rows) => rows.Aggregate(17, (hash, row) => hash * 31 + row.GetHashCode());
    }
}
