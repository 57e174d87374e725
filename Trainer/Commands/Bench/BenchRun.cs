using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Commands.Bench;

/// <summary>One `train` process of a bench: what it ran under and what it measured, epoch by epoch.</summary>
/// <param name="LoadBefore">The 1-minute load average when it started (null where the system has none).</param>
/// <param name="Epochs">
/// Per epoch: training sequences/s (validation excluded), the validation pass's seconds and the CPU seconds the
/// training steps used (null where the build does not report them).
/// </param>
/// <param name="Steps">Mean milliseconds per training step and phase over its epochs (null if the build does not report them).</param>
internal sealed record BenchRun(
    int Round,
    string Trainer,
    string WaitPolicy,
    double? LoadBefore,
    double? LoadAfter,
    IReadOnlyList<EpochFigures> Epochs,
    StepMilliseconds? Steps)
{
    /// <summary>The run's training rate over all its epochs (equal sizes, so the harmonic mean of theirs).</summary>
    public double SequencesPerSecond => Epochs.Count / Epochs.Sum(epoch => 1 / epoch.SequencesPerSecond);
}

/// <summary>What a bench run's epoch measured; the last two are null where the build does not report them.</summary>
internal sealed record EpochFigures(double SequencesPerSecond, double? ValidationSeconds, double? TrainingCpuSeconds);

/// <summary>Mean milliseconds of one training step, by phase (see <see cref="StepTimes"/>).</summary>
internal sealed record StepMilliseconds(double Data, double Forward, double Backward, double Optimizer, double Metrics)
{
    public double Total => Data + Forward + Backward + Optimizer + Metrics;
}
