namespace TwitterSentiment.Trainer.Commands.Predict;

/// <summary>One scored text: the label the threshold gives and P(positive).</summary>
public sealed record Prediction(string Text, string Label, float Probability);
