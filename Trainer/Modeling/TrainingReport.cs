using TwitterSentiment.Contracts.Metrics;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// What the training step found: data, split, history and metrics of the kept weights. Where the run saved them
/// (checkpoint, SavedModel, tracking run) is the run's business, see <c>Runs.TrainingRunResult</c>.
/// </summary>
/// <param name="Options">The options the run used.</param>
/// <param name="Data">What was read.</param>
/// <param name="Split">Split sizes.</param>
/// <param name="Model">The architecture, including the vocabulary size actually built.</param>
/// <param name="History">One entry per epoch run.</param>
/// <param name="BestEpoch">The epoch (1-based) whose weights were kept: the lowest validation loss.</param>
/// <param name="StoppedEarly">Whether early stopping ended training before the last epoch.</param>
/// <param name="Validation">Metrics of the kept weights on the validation split.</param>
/// <param name="Test">Metrics of the kept weights on the test split (never used for any decision).</param>
/// <param name="TestLabels">Test labels, for ROC and calibration plots.</param>
/// <param name="TestProbabilities">P(positive) per test tweet, in the order of <paramref name="TestLabels"/>.</param>
/// <param name="Timings">Where the time went.</param>
public sealed record TrainingReport(
    TrainingRunOptions Options,
    DataFacts Data,
    SplitSizes Split,
    ModelOptions Model,
    IReadOnlyList<EpochResult> History,
    int BestEpoch,
    bool StoppedEarly,
    ClassificationMetrics Validation,
    ClassificationMetrics Test,
    IReadOnlyList<int> TestLabels,
    IReadOnlyList<float> TestProbabilities,
    TrainingTimings Timings)
{
    /// <summary>Scores on Sentiment140's own test set (when present) and on the files given to --evaluate.</summary>
    public IReadOnlyList<HeldOutEvaluation> HeldOut { get; init; } = [];

    /// <summary>The temperature and intercept fitted on the validation split after training (see <see cref="TermCalibration"/>).</summary>
    public required TemperatureFit Calibration { get; init; }

    /// <summary>Validation metrics before that calibration: the terms combined with the training weights.</summary>
    public required ClassificationMetrics ValidationBeforeCalibration { get; init; }
}
