using System.Text.Json;

namespace TwitterSentiment.Trainer.Tests.Commands;

/// <summary>The check that two of evaluate's file scores (--json) come from the same model run two ways.</summary>
internal static class ScoreParity
{
    private static readonly string[] Metrics = ["accuracy", "balanced_accuracy", "roc_auc", "f1", "predicted_positive_rate", "ece"];

    /// <summary>
    /// Every metric within 1e-5, log loss within 0.1 %. The shared tiny models are sure of most tweets
    /// (probabilities within 1e-6 of 0 or 1), where float32 steps by 6e-8: two runs of one model that agree within 1e-7
    /// (the parity tests' per-tweet bound) can give a confidently wrong tweet log losses ln 2 apart.
    /// </summary>
    public static void AssertSameScores(JsonElement expected, JsonElement actual)
    {
        Assert.Multiple(() =>
        {
            Assert.That(actual.GetProperty("n").GetInt32(), Is.EqualTo(expected.GetProperty("n").GetInt32()), "n");
            foreach (string metric in Metrics)
            {
                Assert.That(actual.GetProperty(metric).GetDouble(), Is.EqualTo(expected.GetProperty(metric).GetDouble()).Within(1e-5), metric);
            }

            Assert.That(actual.GetProperty("log_loss").GetDouble(), Is.EqualTo(expected.GetProperty("log_loss").GetDouble()).Within(0.1).Percent, "log_loss");
        });
    }
}
