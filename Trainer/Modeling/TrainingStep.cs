using System.Diagnostics;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// One optimisation step on one batch: gather the batch's rows, forward, binary cross-entropy with logits, backward,
/// gradient clipping (one norm over every gradient), then Adam: <see cref="TorchSharp.Modules.Adam"/> for the dense gradients and
/// <see cref="SparseAdam"/> for the embedding's sparse ones (<see cref="ModelOptions.SparseEmbeddingGradients"/>), which
/// reads and writes only the rows the batch used instead of the whole table. Frozen (pretrained) weights have no
/// gradient: they are left out of both and of the clipping norm. It times its phases (<see cref="TakeTimes"/>).
/// </summary>
public sealed class TrainingStep : IDisposable
{
    private readonly SentimentModel _model;
    private readonly TrainingLoopOptions _options;
    private readonly List<Parameter> _parameters;
    private readonly long[] _ticks = new long[Phases];
    private int _steps;

    private const int Phases = 5;
    private const int DataPhase = 0, ForwardPhase = 1, BackwardPhase = 2, OptimizerPhase = 3, MetricsPhase = 4;

    public TrainingStep(SentimentModel model, TrainingLoopOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        _model = model;
        _options = options;
        var trained = model.named_parameters().Where(named => named.parameter.requires_grad).ToList();
        _parameters = [.. trained.Select(named => named.parameter)];
        var sparse = trained.Where(named => model.SparseGradientWeights.Contains(named.name)).Select(named => named.parameter).ToList();
        var dense = trained.Where(named => !model.SparseGradientWeights.Contains(named.name)).Select(named => named.parameter).ToList();
        List<optim.Optimizer> optimizers = [optim.Adam(dense, options.LearningRate, weight_decay: options.WeightDecay)];
        if (sparse.Count > 0) optimizers.Add(new SparseAdam(sparse, options.LearningRate, weightDecay: options.WeightDecay));
        Optimizers = optimizers;
    }

    /// <summary>The weights this step changes.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The optimizers (dense weights first), for the learning-rate schedule; they share one learning rate.</summary>
    public IReadOnlyList<optim.Optimizer> Optimizers { get; }

    public double LearningRate => Optimizers[0].ParamGroups.First().LearningRate;

    /// <summary>Trains on the rows <paramref name="batch"/> of <paramref name="data"/>; the model must be in training mode.</summary>
    public StepOutcome Run(EncodedDataset data, long[] batch)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        long start = Stopwatch.GetTimestamp();
        var index = tensor(batch, dtype: int64);
        var ids = data.Ids.index_select(0, index);
        var targets = data.Targets.index_select(0, index);
        start = Lap(DataPhase, start);

        // Drops the gradients (set_to_none) rather than zeroing them: backward then writes them afresh, one pass less.
        _model.zero_grad();
        start = Lap(OptimizerPhase, start);
        var logits = _model.forward(ids);
        var loss = nn.functional.binary_cross_entropy_with_logits(logits, targets);
        start = Lap(ForwardPhase, start);
        loss.backward();
        start = Lap(BackwardPhase, start);
        GradientClipping.ClipByGlobalNorm(_parameters, _options.GradientClipNorm);
        foreach (var optimizer in Optimizers) optimizer.step();
        start = Lap(OptimizerPhase, start);

        var outcome = new StepOutcome(
            loss.item<float>() * batch.Length, // in float, as the loop always summed it
            Correct(logits.detach().data<float>().ToArray(), data.Labels, batch));
        Lap(MetricsPhase, start);
        _steps++;
        return outcome;
    }

    /// <summary>Rows whose logit is on their label's side of 0 (one read of the logits instead of four small ops).</summary>
    private static long Correct(float[] logits, IReadOnlyList<int> labels, long[] batch)
    {
        long correct = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            if (logits[i] > 0 == (labels[(int)batch[i]] == 1)) correct++;
        }
        return correct;
    }

    /// <summary>The phases' times since the last call (or since the start), and starts counting again.</summary>
    public StepTimes TakeTimes()
    {
        var times = new StepTimes(
            _steps,
            Stopwatch.GetElapsedTime(0, _ticks[DataPhase]),
            Stopwatch.GetElapsedTime(0, _ticks[ForwardPhase]),
            Stopwatch.GetElapsedTime(0, _ticks[BackwardPhase]),
            Stopwatch.GetElapsedTime(0, _ticks[OptimizerPhase]),
            Stopwatch.GetElapsedTime(0, _ticks[MetricsPhase]));
        Array.Clear(_ticks);
        _steps = 0;
        return times;
    }

    /// <summary>Adds the time since <paramref name="start"/> to <paramref name="phase"/>; returns now.</summary>
    private long Lap(int phase, long start)
    {
        long now = Stopwatch.GetTimestamp();
        _ticks[phase] += now - start;
        return now;
    }

    public void Dispose()
    {
        foreach (var optimizer in Optimizers) optimizer.Dispose();
    }
}

/// <summary>What one step measured on its batch (dropout active).</summary>
/// <param name="LossSum">The batch's mean loss times its size.</param>
/// <param name="Correct">Rows the batch's logits put on the right side of 0.</param>
public readonly record struct StepOutcome(double LossSum, long Correct);
