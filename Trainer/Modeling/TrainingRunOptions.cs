namespace TwitterSentiment.Trainer.Modeling;

/// <summary>Everything a training run is asked to do: the train command's options, with paths already resolved.</summary>
public sealed record TrainingRunOptions
{
    /// <summary>The CSV to read; null = the default data (the full Sentiment140 file if present, else the bundled sample).</summary>
    public string? DataPath { get; init; }

    /// <summary>
    /// Labelled files to score the trained model on after training (never trained on, never used for a decision),
    /// besides Sentiment140's own hand-labelled test set, which is scored whenever it is in data/.
    /// </summary>
    public IReadOnlyList<string> EvaluationPaths { get; init; } = [];

    /// <summary>Malformed rows are fatal instead of skipped.</summary>
    public bool Strict { get; init; }

    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 128;
    public BatchingMode Batching { get; init; } = BatchingMode.Length;
    public int MaxTokens { get; init; } = 10_000;
    public int SequenceLength { get; init; } = 50;
    /// <summary>Null = <see cref="DefaultEmbeddingDim"/>, or the pretrained vectors' dimension when there are some.</summary>
    public int? EmbeddingDim { get; init; }

    public const int DefaultEmbeddingDim = 64;

    /// <summary>Pretrained vectors to initialise the embedding from (a resolved file); null = learn every row.</summary>
    public string? EmbeddingsPath { get; init; }

    /// <summary>Train the pretrained rows further instead of keeping them frozen.</summary>
    public bool FineTuneEmbeddings { get; init; }
    public int LstmUnits { get; init; } = 64;
    public bool Bidirectional { get; init; }
    public double Dropout { get; init; } = 0.3;
    public double LearningRate { get; init; } = 0.002;
    public double WeightDecay { get; init; }
    public int Patience { get; init; } = 2;
    public double ValidationSplit { get; init; } = 0.1;
    public double TestSplit { get; init; } = 0.1;
    public int Seed { get; init; } = 42;
    public int Threads { get; init; } = 2;

    /// <summary>The run's checkpoint folder is created inside this one.</summary>
    public required string CheckpointDirectory { get; init; }

    /// <summary>Model base path of the SavedModel export (versions go to &lt;ExportDirectory&gt;/&lt;ModelName&gt;/&lt;N&gt;).</summary>
    public required string ExportDirectory { get; init; }

    public string ModelName { get; init; } = "sentiment";

    /// <summary>MLflow tracking URI (a path or an http(s) URL); null = the default store.</summary>
    public string? TrackingUri { get; init; }

    public string? Experiment { get; init; }

    /// <summary>Names the checkpoint folder and the tracked run.</summary>
    public required string RunName { get; init; }

    public ModelOptions ToModelOptions(int vocabularySize, int pretrainedRows = 0, int? pretrainedDimension = null) => new()
    {
        VocabularySize = vocabularySize,
        PretrainedRows = pretrainedRows,
        FineTunePretrained = pretrainedRows > 0 && FineTuneEmbeddings,
        SequenceLength = SequenceLength,
        EmbeddingDim = pretrainedDimension ?? EmbeddingDim ?? DefaultEmbeddingDim,
        LstmUnits = LstmUnits,
        Bidirectional = Bidirectional,
        Dropout = Dropout,
    };

    public TrainingLoopOptions ToLoopOptions() => new()
    {
        Epochs = Epochs,
        BatchSize = BatchSize,
        Batching = Batching,
        LearningRate = LearningRate,
        WeightDecay = WeightDecay,
        Patience = Patience,
        Seed = Seed,
    };

    /// <summary>A run name from the clock, e.g. "lstm-20261127-153000".</summary>
    public static string DefaultRunName(DateTimeOffset now) =>
        "lstm-" + now.UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
}
