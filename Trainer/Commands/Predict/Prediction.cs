namespace TwitterSentiment.Trainer.Commands.Predict;

/// <summary>One scored text: the label the threshold gives, P(positive), and how many of its tokens the model knew.</summary>
public sealed record Prediction(string Text, string Label, float Probability, int KnownTokens);
