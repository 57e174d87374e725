using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// PyTorch's <c>optim.SparseAdam</c>, which TorchSharp lacks: Adam for weights with sparse gradients (an
/// <c>Embedding</c> made with <c>sparse: true</c>) that updates only the rows the step's gradient holds. Untouched rows
/// keep their weights and their moment estimates ("lazy" Adam, as TensorFlow Addons' <c>LazyAdam</c>); a touched row
/// gets exactly the update <see cref="TorchSharp.Modules.Adam"/> computes, with the weight's step count for the bias correction.
/// Weight decay, when asked for, is added to the touched rows' gradients as Adam adds it. It is a TorchSharp
/// optimizer, so learning-rate schedulers drive it.
/// </summary>
public sealed class SparseAdam : OptimizerHelper
{
    private readonly List<RowMoments> _moments;
    private readonly double _beta1, _beta2, _eps, _weightDecay;

    public SparseAdam(IEnumerable<Parameter> parameters, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(lr);
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        List<Parameter> weights = [.. parameters];
        _beta1 = beta1;
        _beta2 = beta2;
        _eps = eps;
        _weightDecay = weightDecay;
        _defaults = new OptimizerOptions { LearningRate = lr, InitialLearningRate = lr };
        _parameter_groups = [new ParamGroup { Parameters = weights, Options = _defaults }];
        _moments = [.. weights.Select(weight => new RowMoments(weight))];
    }

    public override Tensor step(Func<Tensor>? closure = null)
    {
        double lr = _defaults.LearningRate ?? throw new InvalidOperationException("No learning rate.");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        foreach (var moments in _moments)
        {
            if (moments.Weight.grad is not { } grad) continue;
            if (!grad.is_sparse) throw new InvalidOperationException("SparseAdam needs sparse gradients: make the embedding with sparse: true.");
            var (rows, gradient) = SumDuplicateRows(grad);
            moments.Step++;
            double biasCorrection1 = 1 - Math.Pow(_beta1, moments.Step);
            double biasCorrection2 = 1 - Math.Pow(_beta2, moments.Step);

            var weight = moments.Weight.index_select(0, rows);
            if (_weightDecay != 0) gradient = gradient.add(weight, alpha: _weightDecay);
            var average = moments.Average.index_select(0, rows).mul_(_beta1).add_(gradient, alpha: 1 - _beta1);
            var squares = moments.Squares.index_select(0, rows).mul_(_beta2).addcmul_(gradient, gradient, value: 1 - _beta2);
            moments.Average.index_copy_(0, rows, average);
            moments.Squares.index_copy_(0, rows, squares);
            var denominator = (squares.sqrt() / Math.Sqrt(biasCorrection2)).add_(_eps);
            moments.Weight.index_copy_(0, rows, weight.addcdiv_(average, denominator, value: -lr / biasCorrection1));
        }
        return null!;
    }

    /// <summary>Drops the gradients (PyTorch's <c>set_to_none</c>): the next backward pass makes new sparse ones.</summary>
    public override void zero_grad()
    {
        foreach (var moments in _moments) moments.Weight.grad = null;
    }

    /// <summary>
    /// A sparse gradient lists a row once per use (uncoalesced); its distinct rows in ascending order and each row's
    /// summed gradient.
    /// </summary>
    internal static (Tensor Rows, Tensor Gradient) SumDuplicateRows(Tensor sparseGradient)
    {
        var indices = sparseGradient.SparseIndices[0];
        var values = sparseGradient.SparseValues;
        var (rows, inverse, _) = indices.unique(sorted: true, return_inverse: true);
        var summed = zeros([rows.shape[0], values.shape[1]], dtype: values.dtype).index_add_(0, inverse!, values, alpha: 1);
        return (rows, summed);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var moments in _moments) moments.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>One weight's first and second moment estimates, row by row, and its step count.</summary>
    private sealed class RowMoments(Parameter weight) : IDisposable
    {
        public Parameter Weight { get; } = weight;
        public Tensor Average { get; } = zeros_like(weight).DetachFromDisposeScope();
        public Tensor Squares { get; } = zeros_like(weight).DetachFromDisposeScope();
        public long Step { get; set; }

        public void Dispose()
        {
            Average.Dispose();
            Squares.Dispose();
        }
    }
}
