namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// How a <see cref="SentimentModel"/>'s terms make its logit:
/// <c>logit = Lstm × LSTM logit + Lexicon × lexicon score + Bag × bag-of-vectors logit + Intercept</c>.
/// Absent terms have weight 0. Calibration changes only these four numbers, so the exported graph's combining
/// layer (<c>model/combine</c>) takes them as they are and calibrating needs no new node.
/// </summary>
public sealed record TermWeights(double Lstm, double Lexicon, double Bag, double Intercept)
{
    /// <summary>The terms in the order of <see cref="SentimentModel.TermLogits"/> and of the exported <c>term_logits</c>.</summary>
    public static IReadOnlyList<string> TermNames { get; } = ["lstm", "lexicon", "bag_of_vectors"];

    /// <summary>The bag of vectors' index in <see cref="TermNames"/> (the last term).</summary>
    public const int BagTerm = 2;

    /// <summary>The three weights in term order.</summary>
    public double[] Weights => [Lstm, Lexicon, Bag];

    /// <summary>Temperature scaling and a new intercept folded in: every weight divided by the temperature.</summary>
    /// <param name="inverseTemperature">1 / T, above 0.</param>
    /// <param name="shift">Added after scaling.</param>
    public TermWeights Scaled(double inverseTemperature, double shift)
    {
        if (!(inverseTemperature > 0) || !double.IsFinite(inverseTemperature))
            throw new ArgumentOutOfRangeException(nameof(inverseTemperature), inverseTemperature, "The inverse temperature must be a positive number.");
        return new(Lstm * inverseTemperature, Lexicon * inverseTemperature, Bag * inverseTemperature, (Intercept * inverseTemperature) + shift);
    }
}
