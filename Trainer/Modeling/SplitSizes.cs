namespace TwitterSentiment.Trainer.Modeling;

/// <summary>How many tweets each split holds.</summary>
public sealed record SplitSizes(int Train, int Validation, int Test);
