namespace TwitterSentiment.Trainer.Data;

/// <summary>One tweet and its sentiment: <see cref="Label"/> 0 = negative, 1 = positive.</summary>
public sealed record LabeledTweet(string Text, int Label)
{
    public const int Negative = 0;
    public const int Positive = 1;
}
