using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Embeddings;
using TwitterSentiment.Trainer.Lexicon;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// Everything a training run is asked to do, with paths already resolved: the data, the model (<see cref="Model"/>),
/// how it is optimised (<see cref="Loop"/>), and where the results go. Each hyperparameter and its default is
/// written once, in <see cref="ModelOptions"/> or <see cref="TrainingLoopOptions"/>.
/// </summary>
public sealed record TrainingRunOptions
{
    /// <summary>
    /// The CSVs to train on, read one after the other into one set; empty = the default data (the full Sentiment140
    /// file if present, else the bundled sample).
    /// </summary>
    public IReadOnlyList<string> DataPaths { get; init; } = [];

    /// <summary>
    /// Labelled files to score the trained model on after training (never trained on, never used for a decision),
    /// besides Sentiment140's own hand-labelled test set, which is scored whenever it is in data/.
    /// </summary>
    public IReadOnlyList<string> EvaluationPaths { get; init; } = [];

    /// <summary>Malformed rows are fatal instead of skipped.</summary>
    public bool Strict { get; init; }

    /// <summary>
    /// The architecture asked for. Its <see cref="ModelOptions.VocabularySize"/> is the most tokens kept (including
    /// [PAD] and [UNK]); the run builds the vocabulary up to that size from the training split and the model gets
    /// the size actually built, plus the pretrained rows when there are vectors. Its width is the vectors' when
    /// there are some (<see cref="Embeddings"/>); whether it has a lexicon, and of which weight, is
    /// <see cref="Lexicon"/>'s to say.
    /// </summary>
    public ModelOptions Model { get; init; } = new()
    {
        VocabularySize = ModelOptions.DefaultVocabularySize,
        SequenceLength = ModelOptions.DefaultSequenceLength,
    };

    /// <summary>How the model is optimised.</summary>
    public TrainingLoopOptions Loop { get; init; } = new();

    /// <summary>Vocabulary size limit, including [PAD] and [UNK] (the requested <see cref="ModelOptions.VocabularySize"/>).</summary>
    public int MaxTokens => Model.VocabularySize;

    /// <summary>Pretrained vectors to initialise the embedding from; null = learn every row.</summary>
    public EmbeddingsOptions? Embeddings { get; init; }

    /// <summary>The sentiment lexicon whose weighted verdict the model adds to its own; null = no lexicon.</summary>
    public LexiconOptions? Lexicon { get; init; }

    public double ValidationSplit { get; init; } = DefaultValidationSplit;
    public double TestSplit { get; init; } = DefaultTestSplit;
    public int Threads { get; init; } = DefaultThreads;

    public const double DefaultValidationSplit = 0.1;
    public const double DefaultTestSplit = 0.1;
    public const int DefaultThreads = 2;
    public const string DefaultModelName = ServingContract.ModelName;

    /// <summary>The run's checkpoint folder is created inside this one.</summary>
    public required string CheckpointDirectory { get; init; }

    /// <summary>Model base path of the SavedModel export (versions go to &lt;ExportDirectory&gt;/&lt;ModelName&gt;/&lt;N&gt;).</summary>
    public required string ExportDirectory { get; init; }

    public string ModelName { get; init; } = DefaultModelName;

    /// <summary>MLflow tracking URI (a path or an http(s) URL); null = the default store.</summary>
    public string? TrackingUri { get; init; }

    public string? Experiment { get; init; }

    /// <summary>Names the checkpoint folder and the tracked run.</summary>
    public required string RunName { get; init; }

    /// <summary>
    /// The model to build for a vocabulary of <paramref name="vocabularySize"/> ids, the last <paramref name="pretrainedRows"/>
    /// of them pretrained; with <see cref="Lexicon"/>, a lexicon term of its weight.
    /// </summary>
    public ModelOptions ModelFor(int vocabularySize, int pretrainedRows = 0) => Model with
    {
        LexiconWeight = Lexicon?.Weight ?? 0,
        VocabularySize = vocabularySize,
        PretrainedRows = pretrainedRows,
        FineTunePretrained = pretrainedRows > 0 && Embeddings is { FineTune: true },
        EmbeddingDim = Embeddings?.Dimension ?? Model.EmbeddingDim,
    };

    /// <summary>A run name from the clock, e.g. "lstm-20261127-153000".</summary>
    public static string DefaultRunName(DateTimeOffset now) =>
        "lstm-" + now.UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
}
