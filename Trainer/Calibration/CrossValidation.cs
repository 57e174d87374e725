using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Modeling;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Calibration;

/// <summary>
/// How calibrating would do on tweets it was not fitted on: stratified k-fold cross-validation over the user's
/// tweets. Each fold is scored by a calibration fitted on the other folds; the model as it is scores every tweet
/// unchanged. Both are measured on the same tweets, so before and after compare like with like.
/// </summary>
public static class CrossValidation
{
    /// <param name="terms">[rows, 3] term logits of the user's tweets.</param>
    /// <returns>P(positive) per tweet before (the model's own weights) and after (out-of-fold calibration).</returns>
    public static (float[] Before, float[] After) Probabilities(
        Tensor terms, IReadOnlyList<int> labels, TermWeights current, IReadOnlyList<bool> present, CalibrationMethod method, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(method);
        using var scope = NewDisposeScope();
        float[] before = Probabilities(TermCalibration.Combine(terms, current));
        float[] after = new float[labels.Count];
        int[] foldOf = StratifiedSplitter.Folds(labels, folds, seed);
        for (int fold = 0; fold < folds; fold++)
        {
            int heldOut = fold;
            long[] fitRows = [.. Enumerable.Range(0, labels.Count).Where(row => foldOf[row] != heldOut).Select(row => (long)row)];
            long[] scoreRows = [.. Enumerable.Range(0, labels.Count).Where(row => foldOf[row] == heldOut).Select(row => (long)row)];
            var fitted = Fit(terms.index_select(0, tensor(fitRows)), [.. fitRows.Select(row => labels[(int)row])], current, present, method);
            float[] scored = Probabilities(TermCalibration.Combine(terms.index_select(0, tensor(scoreRows)), fitted));
            for (int i = 0; i < scoreRows.Length; i++) after[scoreRows[i]] = scored[i];
        }
        return (before, after);
    }

    /// <summary>The calibration <paramref name="method"/> asks for, fitted on these tweets.</summary>
    public static TermWeights Fit(Tensor terms, IReadOnlyList<int> labels, TermWeights current, IReadOnlyList<bool> present, CalibrationMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        double[]? weights = method.Balanced ? TermCalibration.BalancedWeights(labels) : null;
        return method.FitWeights
            ? TermCalibration.FitWeights(terms, labels, present, weights)
            : TermCalibration.FitTemperature(terms, labels, current, weights).Combination;
    }

    private static float[] Probabilities(Tensor logits) => [.. logits.sigmoid().data<double>().ToArray().Select(p => (float)p)];
}
