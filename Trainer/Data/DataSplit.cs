namespace TwitterSentiment.Trainer.Data;

/// <summary>Three disjoint parts of a data set that together hold every tweet once.</summary>
public sealed record DataSplit(IReadOnlyList<LabeledTweet> Train, IReadOnlyList<LabeledTweet> Validation, IReadOnlyList<LabeledTweet> Test);
