using TorchSharp;
using TwitterSentiment.Contracts.Metrics;
using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Tests.Modeling;

public sealed class ModelEvaluatorTests
{
    [TestCase(false, 16)]
    [TestCase(true, 16)]
    [TestCase(false, 7)]
    public void Length_sorted_evaluation_gives_the_results_of_the_data_order(bool bidirectional, int batchSize)
    {
        using var data = SyntheticSets.Separable(200, seed: 4);
        torch.manual_seed(3);
        using var model = new SentimentModel(SyntheticSets.SmallModel(bidirectional));
        using var train = SyntheticSets.Separable(320, seed: 1);
        new SentimentTrainer(new TrainingLoopOptions { Epochs = 1, BatchSize = 32, LearningRate = 0.01 }, new RecordingObserver())
            .Fit(model, train, data, CancellationToken.None);

        var sorted = ModelEvaluator.Evaluate(model, data, batchSize);
        var inOrder = ModelEvaluator.Evaluate(model, data, batchSize, lengthSorted: false);

        // A row's logit can move by a float rounding step when its batch holds other rows (the matrix kernels choose
        // their blocking by shape), never more; so every decision, count and metric is the same.
        var sortedMetrics = ClassificationMetrics.Compute(data.Labels, sorted.Probabilities);
        var inOrderMetrics = ClassificationMetrics.Compute(data.Labels, inOrder.Probabilities);
        Assert.Multiple(() =>
        {
            Assert.That(sorted.Probabilities, Is.EqualTo(inOrder.Probabilities).Within(1e-6));
            Assert.That(sorted.Loss, Is.EqualTo(inOrder.Loss).Within(1e-6));
            Assert.That(sorted.Accuracy, Is.EqualTo(inOrder.Accuracy));
            Assert.That((sortedMetrics.TruePositives, sortedMetrics.FalsePositives, sortedMetrics.TrueNegatives, sortedMetrics.FalseNegatives),
                Is.EqualTo((inOrderMetrics.TruePositives, inOrderMetrics.FalsePositives, inOrderMetrics.TrueNegatives, inOrderMetrics.FalseNegatives)));
            Assert.That(sortedMetrics.RocAuc, Is.EqualTo(inOrderMetrics.RocAuc).Within(1e-9));
            Assert.That(sortedMetrics.LogLoss, Is.EqualTo(inOrderMetrics.LogLoss).Within(1e-6));
        });
    }

    [Test]
    public void Each_probability_belongs_to_its_own_row()
    {
        // Rows whose lengths are in descending order, so sorting by length reverses them: a probability put back at
        // the wrong index would show up against the model's answer for that row alone.
        long[] ids = new long[5 * SyntheticSets.SequenceLength];
        for (int row = 0; row < 5; row++)
            for (int t = 0; t < SyntheticSets.SequenceLength - row; t++) ids[row * SyntheticSets.SequenceLength + t] = 4 + (row + t) % 10;
        using var data = new EncodedDataset(ids, [1, 0, 1, 0, 1], SyntheticSets.SequenceLength);
        torch.manual_seed(8);
        using var model = new SentimentModel(SyntheticSets.SmallModel());

        var evaluation = ModelEvaluator.Evaluate(model, data, batchSize: 2);

        for (int row = 0; row < 5; row++)
        {
            using var single = data.Ids.narrow(0, row, 1);
            Assert.That(evaluation.Probabilities[row], Is.EqualTo(model.PredictProbabilities(single)[0]).Within(1e-6), $"row {row}");
        }
    }
}
