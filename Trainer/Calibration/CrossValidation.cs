using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Modeling;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Calibration;

/// <summary>
/// How calibrating would do on tweets it was not fitted on: stratified k-fold cross-validation over the user's
/// tweets. Each fold is scored by a calibration fitted on the other folds only (with <c>--fit-bag</c>, the bag's layer
/// and its penalty too); the model as it is scores every tweet unchanged. Both are measured on the same tweets, so
/// before and after compare like with like.
/// </summary>
public static class CrossValidation
{
    /// <returns>P(positive) per tweet before (the model's own weights) and after (out-of-fold calibration).</returns>
    public static (float[] Before, float[] After) Probabilities(
        CalibrationInputs inputs, TermWeights current, IReadOnlyList<bool> present, CalibrationMethod method, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(method);
        using var scope = NewDisposeScope();
        float[] before = Probabilities(TermCalibration.Combine(inputs.Terms, current));
        double[] after = OutOfFold(inputs.Labels, folds, seed, (fitRows, scoreRows) =>
        {
            using var foldScope = NewDisposeScope();
            var fitted = Fit(inputs.Rows(fitRows), current, present, method, folds, seed);
            return fitted.Logits(inputs.Rows(scoreRows)).sigmoid().data<double>().ToArray();
        });
        return (before, [.. after.Select(p => (float)p)]);
    }

    /// <summary>
    /// Out-of-fold scores: for each stratified fold, <paramref name="fitAndScore"/> is given the other folds' rows to fit
    /// on and the fold's rows to score, so every row is scored once, by a fit that never saw it.
    /// </summary>
    /// <param name="fitAndScore">(rows to fit on, rows to score) → one score per row to score, in that order.</param>
    public static double[] OutOfFold(IReadOnlyList<int> labels, int folds, int seed, Func<int[], int[], double[]> fitAndScore)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(fitAndScore);
        int[] foldOf = StratifiedSplitter.Folds(labels, folds, seed);
        double[] scores = new double[labels.Count];
        for (int fold = 0; fold < folds; fold++)
        {
            int heldOut = fold;
            int[] fitRows = [.. Enumerable.Range(0, labels.Count).Where(row => foldOf[row] != heldOut)];
            int[] scoreRows = [.. Enumerable.Range(0, labels.Count).Where(row => foldOf[row] == heldOut)];
            double[] scored = fitAndScore(fitRows, scoreRows);
            if (scored.Length != scoreRows.Length) throw new InvalidOperationException($"{scored.Length} scores for {scoreRows.Length} rows.");
            for (int i = 0; i < scoreRows.Length; i++) scores[scoreRows[i]] = scored[i];
        }
        return scores;
    }

    /// <summary>
    /// The calibration <paramref name="method"/> asks for, fitted on these tweets: with <see cref="CalibrationMethod.FitBag"/>
    /// the bag's layer first (its penalty chosen by <paramref name="folds"/>-fold cross-validation within them), then the
    /// combination on top.
    /// </summary>
    /// <exception cref="CalibrationException">The model ranks the tweets no better than chance.</exception>
    public static FittedCalibration Fit(CalibrationInputs inputs, TermWeights current, IReadOnlyList<bool> present, CalibrationMethod method, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(method);
        using var scope = NewDisposeScope();
        double[]? weights = method.Balanced ? TermCalibration.BalancedWeights(inputs.Labels) : null;
        var terms = inputs.Terms;
        BagRefit? bag = null;
        if (method.FitBag)
        {
            var features = inputs.BagFeatures ?? throw new ArgumentException("Refitting the bag needs its features.", nameof(inputs));
            bag = BagRefit.Fit(features, inputs.Labels, weights, method.BagPenalty, folds, seed);
            terms = BagRefit.WithBagLogits(terms, bag.OutOfFoldLogits);
        }
        if (method.FitWeights) return new FittedCalibration(TermCalibration.FitWeights(terms, inputs.Labels, present, weights), null, bag);
        var temperature = TermCalibration.FitTemperature(terms, inputs.Labels, current, weights);
        return new FittedCalibration(temperature.Combination, temperature, bag);
    }

    private static float[] Probabilities(Tensor logits) => [.. logits.sigmoid().data<double>().ToArray().Select(p => (float)p)];
}

/// <summary>A user's labelled tweets as calibration reads them.</summary>
/// <param name="Terms">[rows, 3] term logits (<see cref="SentimentModel.TermLogits"/>).</param>
/// <param name="BagFeatures">[rows, BagDim] the bag's pooled vectors (<see cref="SentimentModel.BagFeatures"/>); needed only to refit the bag.</param>
/// <param name="Labels">0 or 1 per row.</param>
public sealed record CalibrationInputs(Tensor Terms, Tensor? BagFeatures, IReadOnlyList<int> Labels)
{
    /// <summary>These rows only (tensors in the caller's dispose scope).</summary>
    public CalibrationInputs Rows(int[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var index = tensor(rows.Select(row => (long)row).ToArray());
        return new CalibrationInputs(Terms.index_select(0, index), BagFeatures?.index_select(0, index), [.. rows.Select(row => Labels[row])]);
    }
}

/// <summary>A fitted calibration: the new combination and, with <c>--fit-bag</c>, the bag's new layer.</summary>
/// <param name="Temperature">The temperature fit, unless the weights were fitted.</param>
/// <param name="Bag">The bag's refit layer, if it was refit.</param>
public sealed record FittedCalibration(TermWeights Combination, TemperatureFit? Temperature, BagRefit? Bag)
{
    /// <summary>The calibrated logit of each row of <paramref name="inputs"/>: [rows], float64.</summary>
    public Tensor Logits(CalibrationInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (Bag is null) return TermCalibration.Combine(inputs.Terms, Combination);
        var features = inputs.BagFeatures ?? throw new ArgumentException("A refit bag needs the rows' bag features.", nameof(inputs));
        using var terms = BagRefit.WithBagLogits(inputs.Terms, Bag.Logits(features));
        return TermCalibration.Combine(terms, Combination);
    }
}
