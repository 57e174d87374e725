using System.Text.Json;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Export.Proto;
using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Scoring;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Calibration;

/// <summary>
/// An exported SavedModel to calibrate without its checkpoint: its own graph computes the terms (the
/// <c>term_logits</c> signature, on TensorFlow.js), and the calibrated copy is the same graph with a new combining
/// layer (with <c>--fit-bag</c>, a new bag layer too) and model_info, published as the next version. There is no
/// checkpoint to write.
/// </summary>
public sealed class SavedModelTarget : ICalibrationTarget
{
    private readonly SavedModel _savedModel;
    private readonly SavedModelScorer _scorer;

    private SavedModelTarget(SavedModel savedModel, SavedModelScorer scorer, TermWeights combination, ExportedModelInfo info)
    {
        _savedModel = savedModel;
        _scorer = scorer;
        Combination = combination;
        ModelInfo = info;
        Description = $"SavedModel {scorer.VersionDirectory}";
    }

    public string Description { get; }

    public TermWeights Combination { get; }

    /// <summary>A term the model lacks has weight 0 in the exported combining layer.</summary>
    public IReadOnlyList<bool> PresentTerms => [.. Combination.Weights.Select(weight => weight != 0)];

    public ExportedModelInfo ModelInfo { get; }

    /// <summary>The version folder that was calibrated (a model folder resolves to its highest version).</summary>
    public string VersionDirectory => _scorer.VersionDirectory;

    /// <exception cref="ModelSourceException">No SavedModel, one exported before term logits existed, or one that does not run.</exception>
    public static async Task<SavedModelTarget> OpenAsync(SavedModelSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        string version = SavedModelScorer.ResolveVersionDirectory(source.Directory);
        var savedModel = SavedModelEditor.Read(version);
        if (!savedModel.MetaGraphs[0].SignatureDef.ContainsKey(ServingContract.TermLogitsSignature))
        {
            throw new ModelSourceException(
                $"The SavedModel {version} has no {ServingContract.TermLogitsSignature} signature: it was exported before calibration existed. Calibrate its checkpoint (--checkpoint), or re-export that checkpoint first (`trainer export`).");
        }
        var combination = SavedModelEditor.ReadCombination(savedModel);
        // The calibrated copy records the calibration in its model_info: an export without one cannot say what it is.
        string json = SavedModelEditor.ReadModelInfo(savedModel)
            ?? throw new ModelSourceException($"The SavedModel {version} has no {ServingContract.ModelInfoSignature} signature to record the calibration in; calibrate its checkpoint (--checkpoint) instead.");
        ExportedModelInfo info;
        try
        {
            info = ExportedModelInfo.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new ModelSourceException($"The model_info of {version} is not readable: {exception.Message}", exception);
        }
        var scorer = await SavedModelScorer.OpenAsync(source with { Directory = version }, cancellationToken, ServingContract.TermLogitsSignature);
        return new SavedModelTarget(savedModel, scorer, combination, info);
    }

    public async Task<Tensor> TermLogitsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        int width = TermWeights.TermNames.Count;
        float[][] rows = await _scorer.TermLogitsAsync(texts, cancellationToken);
        if (rows.Any(row => row.Length != width)) throw new ModelSourceException($"{Description} gave term logits of another width than {width}.");
        return tensor([.. rows.SelectMany(row => row)], [texts.Count, width], dtype: float32);
    }

    /// <summary>
    /// The bag's pooled vectors from the export itself: the <c>tokenize</c> signature's ids (on TensorFlow.js) and the
    /// graph's vector table, pooled as the checkpoint's model pools them (<see cref="SentimentModel.PoolBag"/>).
    /// </summary>
    public async Task<Tensor> BagFeaturesAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        float[] table = SavedModelEditor.ReadBagVectors(_savedModel, out int dimension)
            ?? throw new CalibrationException($"{Description} has no bag of vectors to refit.");
        long[][] ids = await _scorer.TokenIdsAsync(texts, cancellationToken);
        int length = ids.Length == 0 ? 0 : ids[0].Length;
        using var scope = NewDisposeScope();
        var vectors = tensor(table, [table.Length / dimension, dimension], dtype: float32);
        var tokenIds = tensor([.. ids.SelectMany(row => row)], [texts.Count, length], dtype: int64);
        return SentimentModel.PoolBag(vectors, tokenIds).MoveToOuterDisposeScope();
    }

    public Task<CalibrationOutput> WriteAsync(TermWeights combination, LogisticFit? bagLayer, ExportedModelInfo modelInfo, CalibrationDestination destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(modelInfo);
        ArgumentNullException.ThrowIfNull(destination);
        var edited = SavedModelEditor.WithCombination(_savedModel, combination, bagLayer, modelInfo.ToJson());
        return Task.FromResult(new CalibrationOutput(null, SavedModelExporter.Publish(edited, destination.ExportDirectory, destination.ModelName)));
    }

    public ValueTask DisposeAsync() => _scorer.DisposeAsync();
}
