using TwitterSentiment.Trainer.Modeling;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Tests.Modeling;

public sealed class LogisticRegressionTests
{
    /// <summary>Labels drawn from σ(1.5·x₀ − 2·x₁ + 0.5) on 20,000 rows.</summary>
    private static (float[] Features, int[] Labels) Synthetic(int rows, int seed)
    {
        var random = new Random(seed);
        float[] features = new float[rows * 2];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            double a = (random.NextDouble() * 4) - 2, b = (random.NextDouble() * 4) - 2;
            features[2 * i] = (float)a;
            features[(2 * i) + 1] = (float)b;
            labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-((1.5 * a) - (2 * b) + 0.5))) ? 1 : 0;
        }
        return (features, labels);
    }

    [Test]
    public void Newtons_method_recovers_the_coefficients_the_labels_were_drawn_with()
    {
        var (features, labels) = Synthetic(20_000, seed: 3);
        using var x = tensor(features, [labels.Length, 2]);

        var fit = LogisticRegression.Fit(x, labels);

        Assert.That(fit.Coefficients[0], Is.EqualTo(1.5).Within(0.08));
        Assert.That(fit.Coefficients[1], Is.EqualTo(-2.0).Within(0.08));
        Assert.That(fit.Intercept, Is.EqualTo(0.5).Within(0.08));
        Assert.That(fit.Iterations, Is.LessThan(20));
    }

    [Test]
    public void A_penalty_shrinks_the_coefficients_but_not_the_intercept_and_separable_data_stays_finite()
    {
        // Perfectly separable: without a penalty the coefficient would grow without bound.
        using var x = tensor(new float[] { -2, -1, 1, 2 }, [4, 1]);
        int[] labels = [0, 0, 1, 1];

        var fit = LogisticRegression.Fit(x, labels, l2: 0.1);

        Assert.That(fit.Coefficients[0], Is.GreaterThan(0).And.LessThan(10));
        Assert.That(fit.Intercept, Is.EqualTo(0).Within(1e-6), "symmetric data, unpenalised intercept");
    }

    [Test]
    public void Sample_weights_count_as_repeated_rows()
    {
        using var x = tensor(new float[] { 0, 1, 2, 0, 1, 2 }, [6, 1]);
        int[] labels = [0, 0, 1, 1, 0, 1];
        using var repeated = tensor(new float[] { 0, 1, 2, 0, 1, 2, 2 }, [7, 1]);

        var weighted = LogisticRegression.Fit(x, labels, sampleWeights: [1, 1, 2, 1, 1, 1]);
        var copied = LogisticRegression.Fit(repeated, [0, 0, 1, 1, 0, 1, 1]);

        Assert.That(weighted.Coefficients[0], Is.EqualTo(copied.Coefficients[0]).Within(1e-8));
        Assert.That(weighted.Intercept, Is.EqualTo(copied.Intercept).Within(1e-8));
    }

    [Test]
    public void One_class_mismatched_rows_and_bad_weights_are_refused()
    {
        using var x = tensor(new float[] { 1, 2, 3 }, [3, 1]);

        Assert.That(() => LogisticRegression.Fit(x, [1, 1, 1]), Throws.ArgumentException.With.Message.Contains("Both classes"));
        Assert.That(() => LogisticRegression.Fit(x, [1, 0]), Throws.ArgumentException.With.Message.Contains("3 rows"));
        Assert.That(() => LogisticRegression.Fit(x, [1, 0, 1], sampleWeights: [1, 0, 1]), Throws.ArgumentException.With.Message.Contains("positive"));
    }
}
