namespace TwitterSentiment.Trainer.Modeling;

/// <summary>A run about to train: its options, its data, and the model it builds.</summary>
public sealed record TrainingSetup(
    TrainingRunOptions Options,
    DataFacts Data,
    SplitSizes Split,
    ModelOptions Model,
    TrainingLoopOptions Loop);
