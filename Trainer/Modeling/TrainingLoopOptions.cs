namespace TwitterSentiment.Trainer.Modeling;

/// <summary>How <see cref="SentimentTrainer"/> optimises a model.</summary>
public sealed record TrainingLoopOptions
{
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 128;

    /// <summary>How batches are drawn each epoch; <see cref="BatchingMode.Length"/> computes far fewer padding steps.</summary>
    public BatchingMode Batching { get; init; } = BatchingMode.Length;
    public double LearningRate { get; init; } = 0.002;

    /// <summary>Adam's L2 penalty on all weights; 0 = none.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Epochs without a better validation loss before training stops (the best weights are restored).</summary>
    public int Patience { get; init; } = 2;

    /// <summary>Epochs without a better validation loss before the learning rate is multiplied by <see cref="LearningRateFactor"/>.</summary>
    public int LearningRatePatience { get; init; } = 1;

    public double LearningRateFactor { get; init; } = 0.5;
    public double MinLearningRate { get; init; } = 1e-5;

    /// <summary>An improvement smaller than this does not count (guards against noise-level "progress").</summary>
    public double MinDelta { get; init; } = 1e-4;

    /// <summary>Global L2 norm the gradients are clipped to; LSTMs occasionally produce exploding gradients.</summary>
    public double GradientClipNorm { get; init; } = 1.0;

    public int EvaluationBatchSize { get; init; } = 1024;
    public int Seed { get; init; } = 42;
}
