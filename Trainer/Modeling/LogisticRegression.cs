using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// Logistic regression fitted by Newton's method in double precision, a step that does not lower the objective being
/// halved until it does. The one fitter behind the bag of vectors' dense layer (fitted on the training split),
/// temperature scaling after training and <c>trainer calibrate</c>. It minimises the weighted mean log loss plus
/// <c>l2 / 2 × ‖coefficients‖²</c> (the intercept is not penalised); the objective is convex, so the result does not
/// depend on where the search starts.
/// </summary>
public static class LogisticRegression
{
    private const int MaxIterations = 100;
    private const double StepTolerance = 1e-10;

    /// <param name="features">[rows, features], any floating-point dtype.</param>
    /// <param name="labels">0 or 1 per row; both must occur.</param>
    /// <param name="l2">Penalty on the coefficients; 0 = none (then separable data has no finite answer).</param>
    /// <param name="sampleWeights">Per row, positive; null = equal. Only their ratios matter.</param>
    public static LogisticFit Fit(Tensor features, IReadOnlyList<int> labels, double l2 = 0, IReadOnlyList<double>? sampleWeights = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.dim() != 2) throw new ArgumentException($"The features must be [rows, features], not {features.dim()}-dimensional.", nameof(features));
        long rows = features.shape[0];
        if (rows != labels.Count) throw new ArgumentException($"{rows} rows of features for {labels.Count} labels.", nameof(labels));
        if (!labels.Contains(0) || !labels.Contains(1)) throw new ArgumentException("Both classes must occur.", nameof(labels));
        if (labels.Any(label => label is not (0 or 1))) throw new ArgumentException("Labels must be 0 or 1.", nameof(labels));
        if (sampleWeights is not null && (sampleWeights.Count != rows || sampleWeights.Any(weight => !(weight > 0) || !double.IsFinite(weight))))
            throw new ArgumentException("Give one positive, finite weight per row.", nameof(sampleWeights));
        if (!(l2 >= 0) || !double.IsFinite(l2)) throw new ArgumentOutOfRangeException(nameof(l2), l2, "The penalty must be a finite number ≥ 0.");

        using var scope = NewDisposeScope();
        long columns = features.shape[1] + 1;
        var x = cat([features.detach().to_type(ScalarType.Float64), ones(rows, 1, dtype: ScalarType.Float64)], 1);
        var y = tensor(labels.Select(label => (double)label).ToArray(), dtype: ScalarType.Float64);
        var weights = sampleWeights is null ? ones(rows, dtype: ScalarType.Float64) : tensor(sampleWeights.ToArray(), dtype: ScalarType.Float64);
        weights = weights / weights.sum();
        double[] penalties = [.. Enumerable.Repeat(l2, (int)columns - 1), 0];
        var penalty = tensor(penalties, dtype: ScalarType.Float64);

        double Objective(Tensor beta)
        {
            using var inner = NewDisposeScope();
            var z = x.mv(beta);
            return ((weights * (nn.functional.softplus(z) - (y * z))).sum() + (0.5 * (penalty * beta * beta).sum())).item<double>();
        }

        var beta = zeros(columns, dtype: ScalarType.Float64);
        double objective = Objective(beta);
        int iteration = 0;
        while (iteration < MaxIterations)
        {
            iteration++;
            using var step = NewDisposeScope();
            var q = x.mv(beta).sigmoid();
            var gradient = x.t().mv(weights * (q - y)) + (penalty * beta);
            var curvature = (weights * q * (1 - q)).unsqueeze(1);
            var hessian = x.t().mm(x * curvature) + diag(penalty) + (1e-12 * eye(columns, dtype: ScalarType.Float64));
            var newton = linalg.solve(hessian, gradient);

            double size = 1;
            var candidate = beta - newton;
            double next = Objective(candidate);
            while (next > objective && size > 1e-8)
            {
                size /= 2;
                candidate = beta - (size * newton);
                next = Objective(candidate);
            }
            double moved = (size * newton).abs().max().item<double>();
            if (next <= objective)
            {
                beta = candidate.MoveToOuterDisposeScope();
                objective = next;
            }
            if (moved < StepTolerance || next > objective) break;
        }

        double[] values = beta.data<double>().ToArray();
        return new LogisticFit(values[..^1], values[^1], iteration, objective);
    }
}

/// <summary>A fitted logistic regression: <c>P(positive) = σ(Σ Coefficients[j] × x[j] + Intercept)</c>.</summary>
/// <param name="Iterations">Newton steps taken.</param>
/// <param name="Objective">The minimised weighted mean log loss (plus the penalty).</param>
public sealed record LogisticFit(double[] Coefficients, double Intercept, int Iterations, double Objective);
