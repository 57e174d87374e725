using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Modeling;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Calibration;

/// <summary>
/// The model <c>trainer calibrate</c> adapts: where its term logits come from, how they are combined now, and where
/// the calibrated copy goes. A checkpoint (<see cref="CheckpointTarget"/>) computes the terms in TorchSharp and is
/// written as a new checkpoint and SavedModel; a SavedModel (<see cref="SavedModelTarget"/>) computes them with its
/// own graph on TensorFlow.js (its <c>term_logits</c> signature) and is written as a new version that differs only in
/// its combining layer, with <c>--fit-bag</c> its bag's dense layer, and model_info.
/// </summary>
public interface ICalibrationTarget : IAsyncDisposable
{
    /// <summary>The source, for the console.</summary>
    string Description { get; }

    /// <summary>How the terms are combined now.</summary>
    TermWeights Combination { get; }

    /// <summary>Per term (<see cref="TermWeights.TermNames"/> order): whether the model has it.</summary>
    IReadOnlyList<bool> PresentTerms { get; }

    /// <summary>What the source says about its training, to build the calibrated model's info on.</summary>
    ExportedModelInfo ModelInfo { get; }

    /// <summary>[texts, 3] float32 term logits.</summary>
    Task<Tensor> TermLogitsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);

    /// <summary>[texts, BagDim] float32: the bag of vectors' pooled features, what its dense layer reads (<c>--fit-bag</c>).</summary>
    /// <exception cref="CalibrationException">The model has no bag of vectors.</exception>
    Task<Tensor> BagFeaturesAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);

    /// <summary>Writes the model with <paramref name="combination"/>, <paramref name="bagLayer"/> as its bag's dense layer unless null, and <paramref name="modelInfo"/>.</summary>
    Task<CalibrationOutput> WriteAsync(TermWeights combination, LogisticFit? bagLayer, ExportedModelInfo modelInfo, CalibrationDestination destination, CancellationToken cancellationToken);
}

/// <summary>Where a calibrated model goes: a checkpoint folder named <paramref name="RunName"/> (checkpoints only) and the next SavedModel version.</summary>
public sealed record CalibrationDestination(string CheckpointDirectory, string ExportDirectory, string ModelName, string RunName);

/// <summary>What was written: the new checkpoint folder (null for a SavedModel source) and the new SavedModel version.</summary>
public sealed record CalibrationOutput(string? CheckpointDirectory, ExportResult Export);
