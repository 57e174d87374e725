using TwitterSentiment.Trainer.Modeling;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Calibration;

/// <summary>
/// The bag of vectors' dense layer refit on a user's tweets (<c>calibrate --fit-bag</c>): an L2-penalised logistic
/// regression (<see cref="LogisticRegression"/>) on the bag's pooled frozen vectors (<see cref="SentimentModel.BagFeatures"/>).
/// Unlike a temperature, it can reorder tweets: 100 weights learn which words carry sentiment in the user's domain.
/// The penalty is the one of <see cref="Penalties"/> whose out-of-fold bag logits have the lowest log loss, unless the
/// user fixes it; those out-of-fold logits are what the combination is then fitted on (stacking), because the layer's
/// own logits on the tweets it was fitted on are optimistic and would earn the bag too much weight.
/// </summary>
/// <param name="Layer">The dense layer fitted on all the given tweets: kernel (<see cref="LogisticFit.Coefficients"/>) and bias.</param>
/// <param name="Penalty">Its L2 penalty.</param>
/// <param name="PenaltyChosen">Whether the penalty was chosen by cross-validation (false: the user's).</param>
/// <param name="OutOfFoldLogits">Per tweet, the bag logit of a layer fitted (with <paramref name="Penalty"/>) on the other folds.</param>
public sealed record BagRefit(LogisticFit Layer, double Penalty, bool PenaltyChosen, IReadOnlyList<double> OutOfFoldLogits)
{
    /// <summary>
    /// The candidates, strongest first (ties go to the stronger). The objective is the mean log loss plus
    /// <c>l2/2 × ‖w‖²</c> over the pooled 100-d GloVe vectors. On TweetEval halves (565 tweets) the held-out scores are
    /// flat from 1e-4 to 1e-2 and worse at 1e-5 (docs/experiments.md), so the grid stops at 1e-4; fewer tweets choose a
    /// stronger penalty.
    /// </summary>
    public static IReadOnlyList<double> Penalties { get; } = [1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 3e-4, 1e-4];

    /// <param name="features">[rows, BagDim] pooled bag vectors.</param>
    /// <param name="sampleWeights">Per row; null = equal (<c>--balanced</c> passes <see cref="TermCalibration.BalancedWeights"/>).</param>
    /// <param name="penalty">A fixed penalty; null = choose one of <see cref="Penalties"/> by <paramref name="folds"/>-fold cross-validation.</param>
    public static BagRefit Fit(Tensor features, IReadOnlyList<int> labels, IReadOnlyList<double>? sampleWeights, double? penalty, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        IReadOnlyList<double> candidates = penalty is { } given ? [given] : Penalties;
        (double Penalty, double[] Logits, double Loss)? best = null;
        foreach (double l2 in candidates)
        {
            double[] logits = CrossValidation.OutOfFold(labels, folds, seed, (fitRows, scoreRows) =>
            {
                using var scope = NewDisposeScope();
                var fit = LogisticRegression.Fit(Rows(features, fitRows), [.. fitRows.Select(row => labels[row])], l2, sampleWeights is null ? null : [.. fitRows.Select(row => sampleWeights[row])]);
                return Logits(fit, Rows(features, scoreRows));
            });
            double loss = LogLoss(logits, labels, sampleWeights);
            if (best is null || loss < best.Value.Loss) best = (l2, logits, loss);
        }
        var chosen = best!.Value;
        var layer = LogisticRegression.Fit(features, labels, chosen.Penalty, sampleWeights);
        return new BagRefit(layer, chosen.Penalty, penalty is null, chosen.Logits);
    }

    /// <summary>The refit layer's logit per row of <paramref name="features"/>.</summary>
    public double[] Logits(Tensor features) => Logits(Layer, features);

    /// <summary>[rows, 3] terms with the bag's column replaced by <paramref name="bagLogits"/>.</summary>
    public static Tensor WithBagLogits(Tensor terms, IReadOnlyList<double> bagLogits)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(bagLogits);
        if (terms.shape[1] != TermWeights.TermNames.Count || terms.shape[0] != bagLogits.Count)
            throw new ArgumentException($"{bagLogits.Count} bag logits for terms of shape [{string.Join(", ", terms.shape)}].", nameof(bagLogits));
        using var bag = tensor(bagLogits.ToArray(), dtype: ScalarType.Float64).to_type(terms.dtype).unsqueeze(1);
        return cat([terms.narrow(1, 0, TermWeights.BagTerm), bag], 1);   // the bag is the last term
    }

    private static double[] Logits(LogisticFit fit, Tensor features)
    {
        using var scope = NewDisposeScope();
        var kernel = tensor(fit.Coefficients, dtype: ScalarType.Float64);
        return (features.to_type(ScalarType.Float64).mv(kernel) + fit.Intercept).data<double>().ToArray();
    }

    private static Tensor Rows(Tensor features, int[] rows) => features.index_select(0, tensor(rows.Select(row => (long)row).ToArray()));

    /// <summary>Weighted mean log loss of logits: what the penalty is chosen by.</summary>
    private static double LogLoss(double[] logits, IReadOnlyList<int> labels, IReadOnlyList<double>? sampleWeights)
    {
        double total = 0, weights = 0;
        for (int row = 0; row < logits.Length; row++)
        {
            double z = logits[row], weight = sampleWeights?[row] ?? 1;
            double softplus = Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z)));   // log(1 + e^z), without overflow
            total += weight * (softplus - (labels[row] * z));
            weights += weight;
        }
        return total / weights;
    }
}
