using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// One optimisation step on one batch: gather the batch's rows, forward, binary cross-entropy with logits, backward,
/// gradient clipping, Adam. Frozen (pretrained) weights have no gradient: they are left out of Adam and of the
/// clipping norm.
/// </summary>
public sealed class TrainingStep : IDisposable
{
    private readonly SentimentModel _model;
    private readonly TrainingLoopOptions _options;
    private readonly List<Parameter> _parameters;

    public TrainingStep(SentimentModel model, TrainingLoopOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        _model = model;
        _options = options;
        _parameters = [.. model.parameters().Where(parameter => parameter.requires_grad)];
        Optimizer = optim.Adam(_parameters, options.LearningRate, weight_decay: options.WeightDecay);
    }

    /// <summary>The weights this step changes.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The optimizer, for the learning-rate schedule.</summary>
    public optim.Optimizer Optimizer { get; }

    /// <summary>Trains on the rows <paramref name="batch"/> of <paramref name="data"/>; the model must be in training mode.</summary>
    public StepOutcome Run(EncodedDataset data, long[] batch)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        var index = tensor(batch, dtype: int64);
        var ids = data.Ids.index_select(0, index);
        var targets = data.Targets.index_select(0, index);

        Optimizer.zero_grad();
        var logits = _model.forward(ids);
        var loss = nn.functional.binary_cross_entropy_with_logits(logits, targets);
        loss.backward();
        nn.utils.clip_grad_norm_(_parameters, _options.GradientClipNorm);
        Optimizer.step();

        return new StepOutcome(
            loss.item<float>() * batch.Length, // in float, as the loop always summed it
            logits.detach().gt(0).eq(targets.gt(0.5)).sum().item<long>());
    }

    public void Dispose() => Optimizer.Dispose();
}

/// <summary>What one step measured on its batch (dropout active).</summary>
/// <param name="LossSum">The batch's mean loss times its size.</param>
/// <param name="Correct">Rows the batch's logits put on the right side of 0.</param>
public readonly record struct StepOutcome(double LossSum, long Correct);
