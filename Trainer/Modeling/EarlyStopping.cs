using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// Keras' <c>EarlyStopping(monitor="val_loss", min_delta, patience, restore_best_weights=True)</c>: keeps a copy of
/// the weights of the epoch with the lowest validation loss, says when <see cref="Patience"/> epochs in a row have
/// not improved on it by more than <see cref="MinDelta"/>, and puts the kept weights back.
/// </summary>
public sealed class EarlyStopping : IDisposable
{
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly List<Tensor> _best = [];
    private double _bestLoss = double.PositiveInfinity;
    private int _epochsSinceBest;

    /// <param name="parameters">The weights to keep and restore.</param>
    public EarlyStopping(IReadOnlyList<Parameter> parameters, int patience, double minDelta)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(patience, 1);
        _parameters = parameters;
        Patience = patience;
        MinDelta = minDelta;
    }

    public int Patience { get; }

    /// <summary>An improvement of this much or less does not count.</summary>
    public double MinDelta { get; }

    /// <summary>The 1-based epoch whose weights are kept; 0 until one has a finite validation loss.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Records an epoch's validation loss (keeping the weights if it is the best); true when training should stop.</summary>
    public bool ShouldStop(int epoch, double validationLoss)
    {
        if (validationLoss < _bestLoss - MinDelta)
        {
            _bestLoss = validationLoss;
            BestEpoch = epoch;
            _epochsSinceBest = 0;
            KeepWeights();
            return false;
        }
        _epochsSinceBest++;
        return _epochsSinceBest >= Patience;
    }

    /// <summary>Puts the best epoch's weights back into the parameters (nothing, if no epoch was kept).</summary>
    public void RestoreBest()
    {
        using var _ = no_grad();
        for (int i = 0; i < _best.Count; i++) _parameters[i].copy_(_best[i]);
    }

    private void KeepWeights()
    {
        using var _ = no_grad();
        DisposeKept();
        _best.AddRange(_parameters.Select(parameter => parameter.detach().clone().DetachFromDisposeScope()));
    }

    private void DisposeKept()
    {
        foreach (var tensor in _best) tensor.Dispose();
        _best.Clear();
    }

    public void Dispose() => DisposeKept();
}
