using TorchSharp;
using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Tests.Modeling;

public sealed class SentimentTrainerTests
{
    private static readonly TrainingLoopOptions FastLoop = new()
    {
        Epochs = 8,
        BatchSize = 32,
        LearningRate = 0.01,
        Patience = 3,
        Seed = 5,
    };

    [TestCase(false, BatchingMode.Length, false)]
    [TestCase(true, BatchingMode.Length, false)]
    [TestCase(false, BatchingMode.Random, false)]
    [TestCase(false, BatchingMode.Length, true)]
    [TestCase(true, BatchingMode.Random, true)]
    public void A_tiny_run_learns_a_separable_set(bool bidirectional, BatchingMode batching, bool sparseEmbeddingGradients)
    {
        using var train = SyntheticSets.Separable(640, seed: 1);
        using var validation = SyntheticSets.Separable(160, seed: 2);
        using var test = SyntheticSets.Separable(200, seed: 3);
        torch.manual_seed(5);
        using var model = new SentimentModel(SyntheticSets.SmallModel(bidirectional) with { SparseEmbeddingGradients = sparseEmbeddingGradients });

        var fit = new SentimentTrainer(FastLoop with { Batching = batching }, new RecordingObserver()).Fit(model, train, validation, CancellationToken.None);
        var evaluation = ModelEvaluator.Evaluate(model, test, 64);

        Assert.That(evaluation.Accuracy, Is.GreaterThanOrEqualTo(0.95));
        Assert.That(fit.History[^1].Loss, Is.LessThan(fit.History[0].Loss));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Two_runs_with_the_same_seed_give_identical_weights_and_metrics(bool sparseEmbeddingGradients)
    {
        (SentimentModelWeights Weights, IReadOnlyList<EpochResult> History) RunOnce()
        {
            using var train = SyntheticSets.Separable(256, seed: 1);
            using var validation = SyntheticSets.Separable(64, seed: 2);
            torch.manual_seed(9);
            using var model = new SentimentModel(SyntheticSets.SmallModel(bidirectional: true) with { SparseEmbeddingGradients = sparseEmbeddingGradients });
            var fit = new SentimentTrainer(FastLoop with { Epochs = 3 }, new RecordingObserver()).Fit(model, train, validation, CancellationToken.None);
            return (model.ExportWeights(), fit.History);
        }

        var first = RunOnce();
        var second = RunOnce();

        Assert.That(second.Weights.Embedding, Is.EqualTo(first.Weights.Embedding));
        Assert.That(second.Weights.Forward.Kernel, Is.EqualTo(first.Weights.Forward.Kernel));
        Assert.That(second.Weights.Backward?.RecurrentKernel, Is.EqualTo(first.Weights.Backward?.RecurrentKernel));
        Assert.That(second.Weights.DenseKernel, Is.EqualTo(first.Weights.DenseKernel));
        Assert.That(second.History.Select(e => (e.Loss, e.ValidationLoss, e.ValidationAccuracy)),
            Is.EqualTo(first.History.Select(e => (e.Loss, e.ValidationLoss, e.ValidationAccuracy))));
    }

    [Test]
    public void A_different_seed_gives_different_weights()
    {
        float[] Train(int seed)
        {
            using var train = SyntheticSets.Separable(128, seed: 1);
            using var validation = SyntheticSets.Separable(32, seed: 2);
            torch.manual_seed(seed);
            using var model = new SentimentModel(SyntheticSets.SmallModel());
            new SentimentTrainer(FastLoop with { Epochs = 1, Seed = seed }, new RecordingObserver()).Fit(model, train, validation, CancellationToken.None);
            return model.ExportWeights().DenseKernel;
        }

        Assert.That(Train(2), Is.Not.EqualTo(Train(3)));
    }

    [Test]
    public void Early_stopping_restores_the_weights_of_the_best_epoch()
    {
        // Validation labels are the opposite of what training teaches: validation loss is best after epoch 1
        // and only grows afterwards, so training must stop and go back to epoch 1's weights.
        using var train = SyntheticSets.Separable(640, seed: 1);
        using var validation = SyntheticSets.Separable(160, seed: 2, flipLabels: true);
        torch.manual_seed(5);
        using var model = new SentimentModel(SyntheticSets.SmallModel());
        var options = FastLoop with { Epochs = 10, Patience = 2 };

        var fit = new SentimentTrainer(options, new RecordingObserver()).Fit(model, train, validation, CancellationToken.None);
        var restored = ModelEvaluator.Evaluate(model, validation, 64);

        Assert.Multiple(() =>
        {
            Assert.That(fit.BestEpoch, Is.EqualTo(1));
            Assert.That(fit.StoppedEarly, Is.True);
            Assert.That(fit.History, Has.Count.EqualTo(3));
            Assert.That(restored.Loss, Is.EqualTo(fit.History[0].ValidationLoss).Within(1e-6));
            Assert.That(restored.Loss, Is.LessThan(fit.History[^1].ValidationLoss));
        });
    }

    [Test]
    public void The_learning_rate_halves_after_each_epoch_without_improvement()
    {
        using var train = SyntheticSets.Separable(320, seed: 1);
        using var validation = SyntheticSets.Separable(96, seed: 2, flipLabels: true);
        torch.manual_seed(5);
        using var model = new SentimentModel(SyntheticSets.SmallModel());
        var options = FastLoop with { Epochs = 10, Patience = 3, LearningRatePatience = 1, LearningRateFactor = 0.5, LearningRate = 0.01 };

        var fit = new SentimentTrainer(options, new RecordingObserver()).Fit(model, train, validation, CancellationToken.None);

        Assert.That(fit.History.Select(epoch => epoch.LearningRate), Is.EqualTo(new[] { 0.01, 0.01, 0.005, 0.0025 }).Within(1e-12));
    }

    [Test]
    public void The_learning_rate_is_not_reduced_below_its_minimum()
    {
        using var train = SyntheticSets.Separable(128, seed: 1);
        using var validation = SyntheticSets.Separable(64, seed: 2, flipLabels: true);
        torch.manual_seed(5);
        using var model = new SentimentModel(SyntheticSets.SmallModel());
        var options = FastLoop with { Epochs = 5, Patience = 5, LearningRate = 0.01, LearningRateFactor = 0.1, MinLearningRate = 0.0005 };

        var fit = new SentimentTrainer(options, new RecordingObserver()).Fit(model, train, validation, CancellationToken.None);

        Assert.That(fit.History.Select(epoch => epoch.LearningRate), Is.EqualTo(new[] { 0.01, 0.01, 0.001, 0.0005, 0.0005 }).Within(1e-12));
    }

    [Test]
    public void Cancellation_stops_training_at_the_next_batch_with_OperationCanceledException()
    {
        using var train = SyntheticSets.Separable(640, seed: 1);
        using var validation = SyntheticSets.Separable(64, seed: 2);
        torch.manual_seed(5);
        using var model = new SentimentModel(SyntheticSets.SmallModel());
        using var cancellation = new CancellationTokenSource();
        var observer = new RecordingObserver(cancellation, batchesBeforeCancel: 3);

        Assert.That(
            () => new SentimentTrainer(FastLoop, observer).Fit(model, train, validation, cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(observer.Batches, Is.EqualTo(3));
        Assert.That(observer.Epochs, Is.Empty);
    }

    [Test]
    public void With_sparse_embedding_gradients_a_token_no_batch_uses_keeps_its_vector()
    {
        // Token 1 ([UNK]) is in no row of the synthetic sets: dense Adam moves its row anyway (weight decay here),
        // lazy updates leave it alone.
        float[] UnusedRow(bool sparse)
        {
            using var train = SyntheticSets.Separable(128, seed: 1);
            using var validation = SyntheticSets.Separable(32, seed: 2);
            torch.manual_seed(5);
            using var model = new SentimentModel(SyntheticSets.SmallModel() with { SparseEmbeddingGradients = sparse });
            float[] before = model.ExportWeights().Embedding[8..16];
            new SentimentTrainer(FastLoop with { Epochs = 2, WeightDecay = 0.01 }, new RecordingObserver()).Fit(model, train, validation, CancellationToken.None);
            float[] after = model.ExportWeights().Embedding[8..16];
            return [.. after.Zip(before, (a, b) => a - b)];
        }

        Assert.That(UnusedRow(sparse: true), Has.All.EqualTo(0f));
        Assert.That(UnusedRow(sparse: false), Has.Some.Not.EqualTo(0f));
    }

    [Test]
    public void Every_epoch_reports_its_metrics_to_the_observer_in_order()
    {
        using var train = SyntheticSets.Separable(100, seed: 1);
        using var validation = SyntheticSets.Separable(40, seed: 2);
        torch.manual_seed(5);
        using var model = new SentimentModel(SyntheticSets.SmallModel());
        var observer = new RecordingObserver();

        var fit = new SentimentTrainer(FastLoop with { Epochs = 2, Patience = 5 }, observer).Fit(model, train, validation, CancellationToken.None);

        Assert.That(observer.Events, Is.EqualTo(new[] { "epoch 1 of 4 batches", "epoch 1 done", "epoch 2 of 4 batches", "epoch 2 done" }));
        Assert.That(observer.Batches, Is.EqualTo(8));
        Assert.That(observer.Epochs, Is.EqualTo(fit.History));
        Assert.That(fit.History, Has.All.Matches<EpochResult>(e =>
            e.Loss > 0 && e.Accuracy is >= 0 and <= 1 && e.ValidationAccuracy is >= 0 and <= 1 && e.SequencesPerSecond > 0 && e.Duration > TimeSpan.Zero));
        Assert.That(fit.History, Has.All.Matches<EpochResult>(e =>
            e.Steps.Steps == 4 && e.Steps.Forward > TimeSpan.Zero && e.Steps.Backward > TimeSpan.Zero && e.Steps.Optimizer > TimeSpan.Zero
            && e.ValidationTime > TimeSpan.Zero && e.Steps.Total + e.ValidationTime <= e.Duration));
    }

    [Test]
    public void Empty_training_or_validation_sets_are_rejected()
    {
        using var empty = new EncodedDataset([], [], SyntheticSets.SequenceLength);
        using var some = SyntheticSets.Separable(10, seed: 1);
        using var model = new SentimentModel(SyntheticSets.SmallModel());
        var trainer = new SentimentTrainer(FastLoop, new RecordingObserver());

        Assert.Throws<ArgumentException>(() => trainer.Fit(model, empty, some, CancellationToken.None));
        Assert.Throws<ArgumentException>(() => trainer.Fit(model, some, empty, CancellationToken.None));
    }
}
