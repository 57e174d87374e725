using TwitterSentiment.Trainer.Modeling;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Tests.Modeling;

public sealed class TermCalibrationTests
{
    /// <summary>
    /// Term logits whose true log-odds are <c>0.8·lstm + 1.6·lexicon − 0.5·bag + 0.3</c>, labels drawn from them.
    /// </summary>
    private static (Tensor Terms, int[] Labels) Synthetic(int rows, int seed, Func<double, double, double, double> trueLogit)
    {
        var random = new Random(seed);
        float[] terms = new float[rows * 3];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            double a = Normal(random) * 2, b = Normal(random), c = Normal(random);
            (terms[3 * i], terms[(3 * i) + 1], terms[(3 * i) + 2]) = ((float)a, (float)b, (float)c);
            labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-trueLogit(a, b, c))) ? 1 : 0;
        }
        return (tensor(terms, [rows, 3]), labels);
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Test]
    public void Temperature_and_intercept_are_recovered_from_logits_with_a_known_miscalibration()
    {
        // The model says 2.5 × (true logit) − 0.8: too confident and tilted. Calibrated = reported / 2.5 + 0.32.
        var reported = new TermWeights(2.5, 0, 0, -0.8);
        var (terms, labels) = Synthetic(40_000, seed: 5, (a, _, _) => a);
        using var _ = terms;

        var fit = TermCalibration.FitTemperature(terms, labels, reported);

        Assert.That(fit.Temperature, Is.EqualTo(2.5).Within(0.08));
        Assert.That(fit.Shift, Is.EqualTo(0.32).Within(0.05));
        Assert.That(fit.Combination.Lstm, Is.EqualTo(1.0).Within(0.03));
        Assert.That(fit.Combination.Intercept, Is.EqualTo(0).Within(0.05));
    }

    [Test]
    public void Temperature_scaling_keeps_the_ratios_between_the_terms()
    {
        var (terms, labels) = Synthetic(5_000, seed: 6, (a, b, c) => (0.8 * a) + (1.6 * b) - (0.5 * c));
        using var _ = terms;
        var before = new TermWeights(1, 2.5, 1, 0);

        var after = TermCalibration.FitTemperature(terms, labels, before).Combination;

        Assert.That(after.Lexicon / after.Lstm, Is.EqualTo(2.5).Within(1e-9));
        Assert.That(after.Bag / after.Lstm, Is.EqualTo(1).Within(1e-9));
    }

    [Test]
    public void Fitting_the_weights_recovers_each_terms_weight_and_leaves_an_absent_term_at_zero()
    {
        var (terms, labels) = Synthetic(40_000, seed: 7, (a, b, _) => (0.8 * a) + (1.6 * b) + 0.3);
        using var _ = terms;

        var fitted = TermCalibration.FitWeights(terms, labels, [true, true, false]);

        Assert.That(fitted.Lstm, Is.EqualTo(0.8).Within(0.05));
        Assert.That(fitted.Lexicon, Is.EqualTo(1.6).Within(0.07));
        Assert.That(fitted.Bag, Is.Zero);
        Assert.That(fitted.Intercept, Is.EqualTo(0.3).Within(0.05));
    }

    [Test]
    public void Balanced_weights_give_each_class_half_the_total_and_move_the_intercept_to_a_balanced_set()
    {
        int[] labels = [1, 1, 1, 0];
        double[] weights = TermCalibration.BalancedWeights(labels);
        Assert.That(weights, Is.EqualTo(new[] { 0.5 / 3, 0.5 / 3, 0.5 / 3, 0.5 }).Within(1e-12));

        // 75 % positive, the model knows nothing: unweighted, the intercept is log 3; balanced, 0.
        using var terms = zeros(400, 3);
        int[] skewed = [.. Enumerable.Range(0, 400).Select(i => i % 4 == 0 ? 0 : 1)];
        using var signal = tensor(Enumerable.Range(0, 400).Select(i => (float)((i % 7) - 3)).ToArray());
        terms.select(1, 0).copy_(signal);
        var plain = TermCalibration.FitTemperature(terms, skewed, new TermWeights(1, 0, 0, 0));
        var balanced = TermCalibration.FitTemperature(terms, skewed, new TermWeights(1, 0, 0, 0), TermCalibration.BalancedWeights(skewed));
        Assert.That(plain.Shift, Is.EqualTo(Math.Log(3)).Within(0.05));
        Assert.That(balanced.Shift, Is.EqualTo(0).Within(0.05));
    }

    [Test]
    public void A_model_that_ranks_the_tweets_backwards_is_refused()
    {
        var (terms, labels) = Synthetic(2_000, seed: 8, (a, _, _) => -a);
        using var _ = terms;

        Assert.That(() => TermCalibration.FitTemperature(terms, labels, new TermWeights(1, 0, 0, 0)),
            Throws.TypeOf<CalibrationException>().With.Message.Contains("no better than chance"));
    }
}
