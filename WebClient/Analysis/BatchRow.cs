namespace TwitterSentiment.WebClient.Analysis;

/// <summary>One analysed text of a batch, numbered from 1 in input order.</summary>
public sealed record BatchRow(int Number, string Text, double Probability, string Label);
