namespace TwitterSentiment.Trainer.Modeling;

/// <summary>How <see cref="SentimentTrainer"/> optimises a model.</summary>
public sealed record TrainingLoopOptions
{
    // The defaults, once: the run options use them and the command-line settings show them as [DefaultValue].
    public const int DefaultEpochs = 10;
    public const int DefaultBatchSize = 128;
    public const BatchingMode DefaultBatching = BatchingMode.Length;
    public const double DefaultLearningRate = 0.002;
    public const double DefaultWeightDecay = 0.0;
    public const int DefaultPatience = 2;
    public const int DefaultSeed = 42;

    public int Epochs { get; init; } = DefaultEpochs;
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>How batches are drawn each epoch; <see cref="BatchingMode.Length"/> computes far fewer padding steps.</summary>
    public BatchingMode Batching { get; init; } = DefaultBatching;
    public double LearningRate { get; init; } = DefaultLearningRate;

    /// <summary>Adam's L2 penalty on all weights; 0 = none.</summary>
    public double WeightDecay { get; init; } = DefaultWeightDecay;

    /// <summary>Epochs without a better validation loss before training stops (the best weights are restored).</summary>
    public int Patience { get; init; } = DefaultPatience;

    /// <summary>Epochs without a better validation loss before the learning rate is multiplied by <see cref="LearningRateFactor"/>.</summary>
    public int LearningRatePatience { get; init; } = 1;

    public double LearningRateFactor { get; init; } = 0.5;
    public double MinLearningRate { get; init; } = 1e-5;

    /// <summary>An improvement smaller than this does not count (guards against noise-level "progress").</summary>
    public double MinDelta { get; init; } = 1e-4;

    /// <summary>Global L2 norm the gradients are clipped to; LSTMs occasionally produce exploding gradients.</summary>
    public double GradientClipNorm { get; init; } = 1.0;

    public int EvaluationBatchSize { get; init; } = 1024;
    public int Seed { get; init; } = DefaultSeed;
}
