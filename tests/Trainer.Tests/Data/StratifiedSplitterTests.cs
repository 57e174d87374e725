using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Tests.Data;

public sealed class StratifiedSplitterTests
{
    // 700 negatives and 300 positives, interleaved irregularly, each text unique.
    private static readonly LabeledTweet[] Tweets = Enumerable.Range(0, 1000)
        .Select(i => new LabeledTweet($"tweet {i}", i % 10 < 3 ? 1 : 0))
        .ToArray();

    [Test]
    public void The_parts_are_disjoint_and_together_hold_every_tweet_once()
    {
        var split = StratifiedSplitter.Split(Tweets, 0.1, 0.2, seed: 42);

        var all = split.Train.Concat(split.Validation).Concat(split.Test).Select(t => t.Text).ToList();
        Assert.That(all, Is.Unique);
        Assert.That(all, Is.EquivalentTo(Tweets.Select(t => t.Text)));
    }

    [Test]
    public void Each_part_has_the_requested_size_and_the_class_balance_of_the_whole()
    {
        var split = StratifiedSplitter.Split(Tweets, 0.1, 0.2, seed: 42);

        Assert.That(split.Validation, Has.Count.EqualTo(100));
        Assert.That(split.Test, Has.Count.EqualTo(200));
        Assert.That(split.Train, Has.Count.EqualTo(700));
        Assert.That(split.Validation.Count(t => t.Label == 1), Is.EqualTo(30));
        Assert.That(split.Test.Count(t => t.Label == 1), Is.EqualTo(60));
        Assert.That(split.Train.Count(t => t.Label == 1), Is.EqualTo(210));
    }

    [Test]
    public void The_same_seed_gives_the_same_split()
    {
        var first = StratifiedSplitter.Split(Tweets, 0.1, 0.1, seed: 7);
        var second = StratifiedSplitter.Split(Tweets, 0.1, 0.1, seed: 7);

        Assert.That(second.Train, Is.EqualTo(first.Train));
        Assert.That(second.Validation, Is.EqualTo(first.Validation));
        Assert.That(second.Test, Is.EqualTo(first.Test));
    }

    [Test]
    public void The_split_is_pinned_so_it_stays_the_same_on_every_machine_and_runtime()
    {
        // Golden values: a change here means old runs can no longer be reproduced.
        var split = StratifiedSplitter.Split(Tweets, 0.1, 0.1, seed: 7);

        Assert.That(split.Test.Take(5).Select(t => t.Text), Is.EqualTo(GoldenTestHead));
    }

    [Test]
    public void Different_seeds_give_different_splits()
    {
        var first = StratifiedSplitter.Split(Tweets, 0.1, 0.1, seed: 1);
        var second = StratifiedSplitter.Split(Tweets, 0.1, 0.1, seed: 2);

        Assert.That(second.Test, Is.Not.EqualTo(first.Test));
    }

    [Test]
    public void Each_part_keeps_the_input_order()
    {
        var split = StratifiedSplitter.Split(Tweets, 0.2, 0.2, seed: 3);

        var position = Tweets.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
        Assert.That(split.Train.Select(t => position[t]), Is.Ordered);
        Assert.That(split.Test.Select(t => position[t]), Is.Ordered);
    }

    [Test]
    public void Zero_fractions_put_everything_into_training()
    {
        var split = StratifiedSplitter.Split(Tweets, 0, 0, seed: 3);

        Assert.That(split.Train, Is.EqualTo(Tweets));
        Assert.That(split.Validation, Is.Empty);
        Assert.That(split.Test, Is.Empty);
    }

    [TestCase(-0.1, 0.1)]
    [TestCase(0.5, 0.5)]
    [TestCase(0.1, double.NaN)]
    public void Fractions_that_leave_nothing_for_training_are_rejected(double validation, double test)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedSplitter.Split(Tweets, validation, test, seed: 1));
    }

    private static readonly string[] GoldenTestHead = ["tweet 9", "tweet 15", "tweet 24", "tweet 27", "tweet 48"];
}

public sealed class StratifiedFoldsTests
{
    [Test]
    public void Every_fold_holds_each_labels_share_and_a_seed_gives_the_same_folds()
    {
        int[] labels = [.. Enumerable.Range(0, 103).Select(i => i % 4 == 0 ? 1 : 0)];

        int[] folds = TwitterSentiment.Trainer.Data.StratifiedSplitter.Folds(labels, 5, seed: 3);

        Assert.That(folds, Has.All.InRange(0, 4));
        foreach (int label in new[] { 0, 1 })
        {
            var sizes = Enumerable.Range(0, 5).Select(fold => Enumerable.Range(0, labels.Length).Count(i => labels[i] == label && folds[i] == fold)).ToList();
            Assert.That(sizes.Max() - sizes.Min(), Is.LessThanOrEqualTo(1), $"label {label}: {string.Join(", ", sizes)}");
        }
        Assert.That(TwitterSentiment.Trainer.Data.StratifiedSplitter.Folds(labels, 5, seed: 3), Is.EqualTo(folds));
        Assert.That(TwitterSentiment.Trainer.Data.StratifiedSplitter.Folds(labels, 5, seed: 4), Is.Not.EqualTo(folds));
    }
}
