using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Commands.Bench;

/// <summary>One `train` process of a bench: what it ran under and what it measured, epoch by epoch.</summary>
/// <param name="LoadBefore">The 1-minute load average when it started (null where the system has none).</param>
/// <param name="Epochs">
/// Per epoch: training sequences/s (validation excluded), the validation pass's seconds and the CPU seconds the
/// training steps used (null where the build does not report them).
/// </param>
/// <param name="Steps">Mean milliseconds per training step and phase over its epochs (null if the build does not report them).</param>
/// <param name="TrainRows">Tweets in its training split.</param>
/// <param name="ValidationRows">Tweets in its validation split.</param>
/// <param name="PolicyInEffect">The wait policy the run used, as it tracked it (null where the build does not).</param>
internal sealed record BenchRun(
    int Round,
    string Trainer,
    string WaitPolicy,
    double? LoadBefore,
    double? LoadAfter,
    IReadOnlyList<EpochFigures> Epochs,
    StepMilliseconds? Steps,
    int TrainRows,
    int ValidationRows,
    string? PolicyInEffect)
{
    /// <summary>Sentiment140's full file: 1.6M tweets, split 80/10/10 as train does by default.</summary>
    public const int FullTrainRows = 1_280_000, FullValidationRows = 160_000;

    /// <summary>The run's training rate over all its epochs (equal sizes, so the harmonic mean of theirs).</summary>
    public double SequencesPerSecond => Epochs.Count / Epochs.Sum(epoch => 1 / epoch.SequencesPerSecond);

    /// <summary>Mean seconds of an epoch, validation included.</summary>
    public double EpochSeconds => Epochs.Average(epoch => epoch.Seconds);

    /// <summary>
    /// An epoch on the full 1.6M-tweet file at this run's rates: its training split at the training rate, its
    /// validation split at the validation pass's rate (an epoch's time less its training steps').
    /// </summary>
    public double ProjectedFullEpochSeconds =>
        FullTrainRows / SequencesPerSecond
        + Epochs.Average(epoch => epoch.Seconds - TrainRows / epoch.SequencesPerSecond) * FullValidationRows / ValidationRows;
}

/// <summary>What a bench run's epoch measured; the last two are null where the build does not report them.</summary>
/// <param name="Seconds">The whole epoch, validation included.</param>
internal sealed record EpochFigures(double SequencesPerSecond, double Seconds, double? ValidationSeconds, double? TrainingCpuSeconds);

/// <summary>Mean milliseconds of one training step, by phase (see <see cref="StepTimes"/>).</summary>
internal sealed record StepMilliseconds(double Data, double Forward, double Backward, double Optimizer, double Metrics)
{
    public double Total => Data + Forward + Backward + Optimizer + Metrics;
}
