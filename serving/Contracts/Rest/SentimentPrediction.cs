namespace TwitterSentiment.Contracts.Rest;

/// <summary>The model's answer for one text. Probability may be NaN if the model produced one.</summary>
public sealed record SentimentPrediction(double Probability, string Label)
{
    public bool IsPositive => SentimentLabel.IsPositive(Label);
}
