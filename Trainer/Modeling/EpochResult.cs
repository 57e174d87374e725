namespace TwitterSentiment.Trainer.Modeling;

/// <summary>What one training epoch achieved; validation figures are measured after the epoch's last batch.</summary>
/// <param name="Epoch">1-based.</param>
/// <param name="Loss">Mean binary cross-entropy over the epoch's training batches (dropout active).</param>
/// <param name="Accuracy">Training accuracy over the epoch's batches (dropout active).</param>
/// <param name="ValidationLoss">Mean binary cross-entropy on the validation split.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split at threshold 0.5.</param>
/// <param name="LearningRate">The learning rate used during this epoch.</param>
/// <param name="SequencesPerSecond">Training throughput (forward + backward + step), validation excluded.</param>
/// <param name="Duration">Wall time of the epoch including validation.</param>
public sealed record EpochResult(
    int Epoch,
    double Loss,
    double Accuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double LearningRate,
    double SequencesPerSecond,
    TimeSpan Duration)
{
    /// <summary>Where the training steps' time went (<see cref="StepTimes.None"/> when not measured).</summary>
    public StepTimes Steps { get; init; } = StepTimes.None;

    /// <summary>Wall time of the validation pass (part of <see cref="Duration"/>).</summary>
    public TimeSpan ValidationTime { get; init; }

    /// <summary>
    /// CPU time the process used during the training steps (all its threads): the work itself, which other processes
    /// on the machine change less than the wall time (threads that spin while waiting count as busy).
    /// </summary>
    public TimeSpan TrainingCpuTime { get; init; }
}
