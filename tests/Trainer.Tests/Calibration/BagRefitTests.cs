using TwitterSentiment.Trainer.Calibration;
using TwitterSentiment.Trainer.Modeling;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Tests.Calibration;

/// <summary>The cross-validation behind <c>calibrate</c>'s before/after report, and the bag refit it runs per fold.</summary>
public sealed class BagRefitTests
{
    private static readonly TermWeights LstmAndBagWeights = new(1, 0, 1, 0);
    private static readonly IReadOnlyList<bool> LstmAndBag = [true, false, true];

    [Test]
    public void Each_fold_is_fitted_without_its_own_rows_and_every_row_is_scored_once()
    {
        int[] labels = [.. Enumerable.Range(0, 53).Select(row => row % 3 == 0 ? 1 : 0)];
        int[] timesScored = new int[labels.Length];
        int fits = 0;

        double[] scores = CrossValidation.OutOfFold(labels, folds: 5, seed: 42, (fitRows, scoreRows) =>
        {
            fits++;
            Assert.That(fitRows.Intersect(scoreRows), Is.Empty, "a fold's fit never sees the rows it scores");
            Assert.That(fitRows.Concat(scoreRows).Order(), Is.EqualTo(Enumerable.Range(0, labels.Length)));
            Assert.That(scoreRows.Count(row => labels[row] == 1), Is.InRange(3, 4), "stratified: each fold holds its share of positives");
            foreach (int row in scoreRows) timesScored[row]++;
            return [.. scoreRows.Select(row => (double)row)];
        });

        Assert.That(fits, Is.EqualTo(5));
        Assert.That(timesScored, Is.All.EqualTo(1));
        Assert.That(scores, Is.EqualTo(Enumerable.Range(0, labels.Length).Select(row => (double)row)), "each score goes back to its row");
    }

    [Test]
    public void A_bag_feature_that_identifies_each_tweet_is_memorised_in_sample_but_does_not_raise_the_cross_validated_score()
    {
        // Arrange: random labels; the LSTM's logit agrees with them 70 % of the time; each tweet has a bag feature of
        // its own (a one-hot row), so a fit that saw a held-out tweet would know its label, and one that did not cannot.
        const int rows = 100;
        var random = new Random(3);
        int[] labels = [.. Enumerable.Range(0, rows).Select(_ => random.Next(2))];
        float[] lstm = [.. labels.Select(label => (random.NextDouble() < 0.7 ? label : 1 - label) == 1 ? 1f : -1f)];
        using var terms = stack([tensor(lstm), zeros(rows), zeros(rows)], 1);
        using var features = eye(rows, dtype: float32);
        var inputs = new CalibrationInputs(terms, features, labels);
        var method = new CalibrationMethod(FitWeights: false, Balanced: false) { FitBag = true, BagPenalty = 1e-3 };

        // Act
        var (before, after) = CrossValidation.Probabilities(inputs, LstmAndBagWeights, LstmAndBag, method, folds: 5, seed: 42);
        var inSample = CrossValidation.Fit(inputs, LstmAndBagWeights, LstmAndBag, method, folds: 5, seed: 42);

        // Assert: the final layer memorises every tweet, the held-out folds gain nothing from it.
        double[] bagLogits = inSample.Bag!.Logits(features);
        Assert.That(Accuracy(labels, bagLogits), Is.EqualTo(1.0), "the bag can memorise the tweets it is fitted on");
        double beforeAccuracy = Accuracy(labels, [.. before.Select(p => p - 0.5)]);
        double afterAccuracy = Accuracy(labels, [.. after.Select(p => p - 0.5)]);
        TestContext.Out.WriteLine($"accuracy before {beforeAccuracy:P1}, cross-validated after {afterAccuracy:P1}");
        Assert.That(afterAccuracy, Is.LessThanOrEqualTo(beforeAccuracy + 0.05), "no held-out tweet's label leaked into its fold's fit");
    }

    [Test]
    public void The_penalty_chosen_by_cross_validation_is_the_strongest_for_noise_and_weaker_for_a_real_signal()
    {
        const int rows = 400, columns = 20;
        var random = new Random(8);
        float[] values = [.. Enumerable.Range(0, rows * columns).Select(_ => (float)Normal(random))];
        using var features = tensor(values, [rows, columns]);
        int[] signal = [.. Enumerable.Range(0, rows).Select(row => random.NextDouble() < 1 / (1 + Math.Exp(-3 * values[row * columns])) ? 1 : 0)];
        int[] noise = [.. Enumerable.Range(0, rows).Select(_ => random.Next(2))];

        var onSignal = BagRefit.Fit(features, signal, sampleWeights: null, penalty: null, folds: 5, seed: 42);
        var onNoise = BagRefit.Fit(features, noise, sampleWeights: null, penalty: null, folds: 5, seed: 42);

        Assert.That(onNoise.Penalty, Is.EqualTo(BagRefit.Penalties.Max()));
        Assert.That(onSignal.Penalty, Is.LessThan(onNoise.Penalty));
        Assert.That(onSignal.PenaltyChosen, Is.True);
        Assert.That(onSignal.Layer.Coefficients[0], Is.GreaterThan(1), "the signal's column carries the weight");
        Assert.That(Accuracy(signal, [.. onSignal.OutOfFoldLogits]), Is.GreaterThan(0.75), "the out-of-fold logits carry the signal");
    }

    [Test]
    public void A_fixed_penalty_is_used_as_given()
    {
        using var features = tensor(new float[] { 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1 }, [10, 2]);
        int[] labels = [1, 0, 1, 0, 1, 0, 1, 0, 1, 0];

        var refit = BagRefit.Fit(features, labels, sampleWeights: null, penalty: 0.5, folds: 2, seed: 1);

        Assert.That((refit.Penalty, refit.PenaltyChosen), Is.EqualTo((0.5, false)));
        Assert.That(refit.OutOfFoldLogits, Has.Count.EqualTo(10));
    }

    private static double Accuracy(int[] labels, double[] logits) =>
        labels.Select((label, row) => (logits[row] > 0 ? 1 : 0) == label).Count(correct => correct) / (double)labels.Length;

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
