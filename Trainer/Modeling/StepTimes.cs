namespace TwitterSentiment.Trainer.Modeling;

/// <summary>Where an epoch's training steps spent their time (wall clock; libtorch runs CPU ops synchronously).</summary>
/// <param name="Steps">Steps taken.</param>
/// <param name="Data">Gathering the batch's rows and targets.</param>
/// <param name="Forward">The model's forward pass and the loss.</param>
/// <param name="Backward">Back-propagation.</param>
/// <param name="Optimizer">Gradient clipping, the optimizer's update and clearing the gradients.</param>
/// <param name="Metrics">Reading the batch's loss and correct count back into .NET.</param>
public sealed record StepTimes(int Steps, TimeSpan Data, TimeSpan Forward, TimeSpan Backward, TimeSpan Optimizer, TimeSpan Metrics)
{
    public static StepTimes None { get; } = new(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public TimeSpan Total => Data + Forward + Backward + Optimizer + Metrics;
}
