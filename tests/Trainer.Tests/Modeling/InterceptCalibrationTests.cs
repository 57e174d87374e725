using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Tests.Modeling;

public sealed class InterceptCalibrationTests
{
    [Test]
    public void The_shift_makes_the_mean_probability_the_share_of_positives_and_removes_a_known_offset()
    {
        // Labels drawn from σ(z); the model reports σ(z + 1.5), one too positive by a constant.
        var random = new Random(3);
        double[] logits = [.. Enumerable.Range(0, 20_000).Select(_ => random.NextDouble() * 8 - 4)];
        int[] labels = [.. logits.Select(z => random.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0)];
        float[] reported = [.. logits.Select(z => (float)(1 / (1 + Math.Exp(-(z + 1.5)))))];

        double shift = InterceptCalibration.Fit(reported, labels);

        double meanAfter = reported.Select(p => 1 / (1 + Math.Exp(-(Math.Log(p / (1 - p)) + shift)))).Average();
        Assert.That(meanAfter, Is.EqualTo(labels.Average()).Within(1e-6), "the log-loss optimum's condition");
        Assert.That(shift, Is.EqualTo(-1.5).Within(0.1));
    }

    [Test]
    public void A_calibrated_model_keeps_its_intercept_and_one_class_alone_is_refused()
    {
        float[] probabilities = [0.2f, 0.2f, 0.2f, 0.2f, 0.2f, 0.8f, 0.8f, 0.8f, 0.8f, 0.8f];
        int[] labels = [0, 0, 0, 0, 1, 1, 1, 1, 1, 0];

        Assert.That(InterceptCalibration.Fit(probabilities, labels), Is.EqualTo(0).Within(1e-6), "0.2 and 0.8 are right 4 times in 5");
        Assert.That(() => InterceptCalibration.Fit([0.5f, 0.6f], [1, 1]), Throws.ArgumentException);
    }
}
