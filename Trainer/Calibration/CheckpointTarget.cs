using System.Text.Json;
using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Scoring;
using TwitterSentiment.Trainer.Text;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Calibration;

/// <summary>A TorchSharp checkpoint to calibrate: the clean source of the terms (the same code that trained them).</summary>
public sealed class CheckpointTarget : ICalibrationTarget
{
    private const int BatchSize = 1024;
    private readonly SentimentModel _model;
    private readonly Vocabulary _vocabulary;

    private CheckpointTarget(SentimentModel model, Vocabulary vocabulary, ExportedModelInfo info, string directory)
    {
        _model = model;
        _vocabulary = vocabulary;
        ModelInfo = info;
        Description = $"checkpoint {directory}";
    }

    public string Description { get; }

    public TermWeights Combination => _model.Options.Terms;

    public IReadOnlyList<bool> PresentTerms => [true, _model.Options.HasLexicon, _model.Options.HasBag];

    public ExportedModelInfo ModelInfo { get; }

    /// <exception cref="ModelSourceException">The folder is missing or not a readable checkpoint.</exception>
    public static CheckpointTarget Open(string directory)
    {
        var (model, vocabulary) = CheckpointReader.Load(directory);
        try
        {
            var info = ExportedModelInfo.Load(directory) ?? ExportedModelInfo.Minimal(model.Options, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))));
            return new CheckpointTarget(model, vocabulary, info, directory);
        }
        catch (JsonException exception)
        {
            model.Dispose();
            throw new ModelSourceException($"Cannot read {Path.Combine(directory, ExportedModelInfo.FileName)}: {exception.Message}", exception);
        }
    }

    public Task<Tensor> TermLogitsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        using var data = Encode(texts, cancellationToken);
        return Task.FromResult(ModelEvaluator.TermLogits(_model, data, BatchSize, cancellationToken));
    }

    public Task<Tensor> BagFeaturesAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        if (!_model.Options.HasBag) throw new CalibrationException("The model has no bag of vectors to refit.");
        using var data = Encode(texts, cancellationToken);
        return Task.FromResult(ModelEvaluator.BagFeatures(_model, data, BatchSize, cancellationToken));
    }

    public Task<CalibrationOutput> WriteAsync(TermWeights combination, LogisticFit? bagLayer, ExportedModelInfo modelInfo, CalibrationDestination destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(modelInfo);
        ArgumentNullException.ThrowIfNull(destination);
        _model.UseCombination(combination);
        if (bagLayer is not null) _model.FitBag(bagLayer.Coefficients, bagLayer.Intercept);
        string checkpoint = Path.Combine(destination.CheckpointDirectory, destination.RunName);
        ModelCheckpoint.Save(checkpoint, _model, _vocabulary);
        modelInfo.Save(checkpoint);
        var export = SavedModelExporter.Export(_model, _vocabulary, destination.ExportDirectory, destination.ModelName, modelInfo);
        return Task.FromResult(new CalibrationOutput(checkpoint, export));
    }

    /// <summary>The texts as the model reads them: tokenized, looked up, cut to its sequence length.</summary>
    private EncodedDataset Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        DatasetEncoder.Encode(DatasetEncoder.Tokenize(texts, cancellationToken), new int[texts.Count], _vocabulary, _model.Options.SequenceLength);

    public ValueTask DisposeAsync()
    {
        _model.Dispose();
        return ValueTask.CompletedTask;
    }
}
