using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// Fits how a model's terms make its logit on labelled tweets — the validation split after training, a user's tweets
/// in <c>trainer calibrate</c> — with <see cref="LogisticRegression"/>:
/// <list type="bullet">
/// <item><see cref="FitTemperature"/>: temperature scaling (Guo et al., 2017) with a new intercept (Platt scaling), a
/// logistic regression on the combined logit: every weight divided by T, the intercept refit. The ranking is
/// unchanged.</item>
/// <item><see cref="FitWeights"/>: a weight per term the model has, and the intercept: a logistic regression on the
/// term logits (stacking). It may reorder tweets.</item>
/// </list>
/// </summary>
public static class TermCalibration
{
    /// <summary>Keeps a fit finite when the tweets are perfectly separated; too small to matter otherwise.</summary>
    private const double Penalty = 1e-6;

    /// <param name="terms">[rows, 3] term logits (<see cref="SentimentModel.TermLogits"/>).</param>
    /// <param name="labels">0 or 1 per row; both must occur.</param>
    /// <param name="current">The weights the terms were combined with.</param>
    /// <param name="sampleWeights">Per row; null = equal (see <see cref="BalancedWeights"/>).</param>
    /// <exception cref="CalibrationException">The model ranks these tweets no better than chance.</exception>
    public static TemperatureFit FitTemperature(Tensor terms, IReadOnlyList<int> labels, TermWeights current, IReadOnlyList<double>? sampleWeights = null)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(current);
        using var scope = NewDisposeScope();
        var combined = Combine(terms, current).unsqueeze(1);
        var fit = LogisticRegression.Fit(combined, labels, Penalty, sampleWeights);
        double slope = fit.Coefficients[0];
        if (!(slope > 0))
            throw new CalibrationException($"The model ranks these tweets no better than chance (fitted slope {slope:G3}): a temperature cannot calibrate it.");
        return new TemperatureFit(1 / slope, fit.Intercept, current.Scaled(slope, fit.Intercept));
    }

    /// <summary>A weight for each term the model has (<paramref name="present"/>) and the intercept; absent terms keep weight 0.</summary>
    /// <param name="present">Per term (<see cref="TermWeights.TermNames"/> order): whether the model has it.</param>
    public static TermWeights FitWeights(Tensor terms, IReadOnlyList<int> labels, IReadOnlyList<bool> present, IReadOnlyList<double>? sampleWeights = null)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(present);
        if (present.Count != TermWeights.TermNames.Count) throw new ArgumentException($"Say for each of the {TermWeights.TermNames.Count} terms whether the model has it.", nameof(present));
        using var scope = NewDisposeScope();
        long[] columns = [.. Enumerable.Range(0, present.Count).Where(term => present[term]).Select(term => (long)term)];
        var fit = LogisticRegression.Fit(terms.index_select(1, tensor(columns)), labels, Penalty, sampleWeights);
        double[] weights = new double[present.Count];
        for (int i = 0; i < columns.Length; i++) weights[columns[i]] = fit.Coefficients[i];
        return new TermWeights(weights[0], weights[1], weights[2], fit.Intercept);
    }

    /// <summary>Weights that give both classes the same total, so a fit is not pulled towards the majority class.</summary>
    public static double[] BalancedWeights(IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        int positives = labels.Count(label => label == 1);
        int negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) throw new ArgumentException("Both classes must occur.", nameof(labels));
        return [.. labels.Select(label => label == 1 ? 0.5 / positives : 0.5 / negatives)];
    }

    /// <summary>The combined logit per row: [rows].</summary>
    public static Tensor Combine(Tensor terms, TermWeights weights)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(weights);
        using var vector = tensor(weights.Weights, dtype: ScalarType.Float64);
        return terms.to_type(ScalarType.Float64).mv(vector) + weights.Intercept;
    }
}

/// <summary>The result of temperature scaling: logit → logit / <paramref name="Temperature"/> + <paramref name="Shift"/>.</summary>
/// <param name="Combination">The calibrated term weights.</param>
public sealed record TemperatureFit(double Temperature, double Shift, TermWeights Combination);
