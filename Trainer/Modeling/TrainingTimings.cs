namespace TwitterSentiment.Trainer.Modeling;

/// <summary>Where a run's time went.</summary>
public sealed record TrainingTimings(TimeSpan Load, TimeSpan Encode, TimeSpan Train, TimeSpan Evaluate, TimeSpan Total);
