namespace TwitterSentiment.WebClient.Serving;

/// <summary>The model's answer for one text. Probability may be NaN if the model produced one.</summary>
public sealed record SentimentPrediction(double Probability, string Label)
{
    public bool IsPositive => string.Equals(Label, "positive", StringComparison.OrdinalIgnoreCase);
}
