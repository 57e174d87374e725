namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// Refits a model's intercept on held-out data: the one shift b of every logit that minimises the log loss, so the
/// mean predicted probability equals the share of positives. The lexicon adds its own sum to every logit, and VADER's
/// words lean positive, so after training the LSTM alone the combined model's intercept no longer fits; this puts it
/// back where the validation split says it belongs.
/// </summary>
public static class InterceptCalibration
{
    private const int MaxSteps = 50;
    private const double Tolerance = 1e-9;

    /// <param name="probabilities">The model's P(positive) per row (logits are recovered from them).</param>
    /// <param name="labels">0 or 1 per row; both must occur.</param>
    /// <returns>The shift to add to every logit.</returns>
    public static double Fit(IReadOnlyList<float> probabilities, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        if (probabilities.Count != labels.Count) throw new ArgumentException($"{probabilities.Count} probabilities for {labels.Count} labels.", nameof(labels));
        if (!labels.Contains(0) || !labels.Contains(1)) throw new ArgumentException("Both classes must occur.", nameof(labels));

        double[] logits = [.. probabilities.Select(p => Logit(Math.Clamp(p, 1e-7, 1 - 1e-7)))];
        // Newton's method on a convex function of one variable: the gradient is Σ(σ(z+b) − y), the curvature Σσ(1−σ).
        double shift = 0;
        for (int step = 0; step < MaxSteps; step++)
        {
            double gradient = 0, curvature = 0;
            for (int i = 0; i < logits.Length; i++)
            {
                double q = 1 / (1 + Math.Exp(-(logits[i] + shift)));
                gradient += q - labels[i];
                curvature += q * (1 - q);
            }
            double move = gradient / Math.Max(curvature, 1e-12);
            shift -= move;
            if (Math.Abs(move) < Tolerance) break;
        }
        return shift;
    }

    private static double Logit(double p) => Math.Log(p / (1 - p));
}
