namespace TwitterSentiment.Trainer.Modeling;

/// <summary>A model's predictions on a dataset.</summary>
/// <param name="Loss">Mean binary cross-entropy computed from the logits (exact even for confident predictions).</param>
/// <param name="Accuracy">At threshold 0.5.</param>
/// <param name="Probabilities">P(positive) per row, in dataset order.</param>
public sealed record Evaluation(double Loss, double Accuracy, float[] Probabilities);
