using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Embeddings;
using TwitterSentiment.Trainer.Lexicon;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Runs;

namespace TwitterSentiment.Trainer.Commands.Train;

/// <summary>The train command's options; defaults are the tuned ones (see the README's Trainer section).</summary>
public sealed class TrainSettings : ModelArchitectureSettings
{
    [CommandOption("--data <PATH>")]
    [Description("CSV to train on: Sentiment140's original file (6 columns, Latin-1) or a UTF-8 CSV with text and label columns; repeat to train on several as one set (e.g. Sentiment140 plus your own labelled tweets). Default: data/training.1600000.processed.noemoticon.csv if present, else the bundled sample.")]
    public string[] Data { get; init; } = [];

    [CommandOption("--evaluate <CSV>")]
    [Description("A labelled CSV (either format) to score the trained model on after training; repeat for several. Never trained on. Sentiment140's own test set (data/testdata.manual.2009.06.14.csv) is scored whenever present.")]
    public string[] Evaluate { get; init; } = [];

    [CommandOption("--strict")]
    [Description("Stop at the first malformed row instead of skipping it with a warning.")]
    public bool Strict { get; init; }

    [CommandOption("--epochs <N>")]
    [Description("Maximum number of passes over the training split; early stopping usually ends sooner.")]
    [DefaultValue(TrainingLoopOptions.DefaultEpochs)]
    public int Epochs { get; init; } = TrainingLoopOptions.DefaultEpochs;

    [CommandOption("--batch-size <N>")]
    [Description("Tweets per optimisation step.")]
    [DefaultValue(TrainingLoopOptions.DefaultBatchSize)]
    public int BatchSize { get; init; } = TrainingLoopOptions.DefaultBatchSize;

    [CommandOption("--batching <MODE>")]
    [Description("How tweets are grouped into batches: length (tweets of similar length together, so less padding is computed) or random.")]
    [DefaultValue(TrainingLoopOptions.DefaultBatching)]
    public BatchingMode Batching { get; init; } = TrainingLoopOptions.DefaultBatching;

    [CommandOption("--max-tokens <N>")]
    [Description("Vocabulary size including [[PAD]] and [[UNK]]: the most frequent training-split tokens are kept.")]
    [DefaultValue(ModelOptions.DefaultVocabularySize)]
    public int MaxTokens { get; init; } = ModelOptions.DefaultVocabularySize;

    [CommandOption("--embeddings <PATH|NAME>")]
    [Description("Pretrained word vectors to start the embedding from: a GloVe or word2vec text file (.txt, .txt.gz), a set's name (glove-6b-100d, glove-twitter-27b-100d, … as downloaded by `trainer download embeddings`), or none (the default: learn every vector from the training tweets).")]
    public string? Embeddings { get; init; }

    [CommandOption("--fine-tune-embeddings")]
    [Description("Train the pretrained vectors further instead of keeping them frozen (tokens without one are always learned).")]
    public bool FineTuneEmbeddings { get; init; }

    [CommandOption("--dense-embedding-updates")]
    [Description("Update every embedding row at every step (Adam on dense gradients, the behaviour before lazy updates; slower) instead of only the rows the batch uses (sparse gradients, lazy Adam).")]
    public bool DenseEmbeddingUpdates { get; init; }

    [CommandOption("--lexicon <PATH|NAME>")]
    [Description("A sentiment lexicon whose verdict the model adds to its own: vader (VADER's lexicon, as downloaded by `trainer download lexicon`), a file in its format (token TAB mean rating −4…4), or none. Default: vader, fetched into data/ on first use (see --offline); none when it cannot be had.")]
    public string? Lexicon { get; init; }

    [CommandOption("--lexicon-weight <WEIGHT>")]
    [Description("Weight of the lexicon's score (the sum of the tweet's word valences, −1…1 each, negations flipping) in the sum of the terms, before calibration; 0 turns the lexicon off.")]
    [DefaultValue(ModelOptions.DefaultLexiconWeight)]
    public double LexiconWeight { get; init; } = ModelOptions.DefaultLexiconWeight;

    [CommandOption("--bag-of-vectors <PATH|NAME>")]
    [Description("Pretrained word vectors for the bag-of-vectors branch (their mean over the tweet's words → a dense layer; its logit is added to the LSTM's and the lexicon's): a set's name (glove-6b-100d, as downloaded by `trainer download embeddings`), a GloVe or word2vec text file, or none. Default: glove-6b-100d, fetched into data/ on first use (see --offline); none when it cannot be had.")]
    public string? BagOfVectors { get; init; }

    [CommandOption("--bag-extra-words <N>")]
    [Description("How many of the vectors file's most frequent words the bag of vectors knows besides the training tweets' (each adds one row to the export).")]
    [DefaultValue(BagVocabulary.DefaultExtraWords)]
    public int BagExtraWords { get; init; } = BagVocabulary.DefaultExtraWords;

    [CommandOption("--train-bag-jointly")]
    [Description("Train the bag of vectors' dense layer together with the LSTM (their logits summed) instead of fitting it on its own first.")]
    public bool TrainBagJointly { get; init; }

    [CommandOption("--lstm-weight <WEIGHT>")]
    [Description("Weight of the LSTM's logit in the sum of the terms, before calibration.")]
    [DefaultValue(ModelOptions.DefaultLstmWeight)]
    public double LstmWeight { get; init; } = ModelOptions.DefaultLstmWeight;

    [CommandOption("--bag-weight <WEIGHT>")]
    [Description("Weight of the bag of vectors' logit in the sum of the terms, before calibration.")]
    [DefaultValue(ModelOptions.DefaultBagWeight)]
    public double BagWeight { get; init; } = ModelOptions.DefaultBagWeight;

    [CommandOption("--dropout <RATE>")]
    [Description("Dropout rate on the LSTM features before the dense layer: at least 0, below 1.")]
    [DefaultValue(ModelOptions.DefaultDropout)]
    public double Dropout { get; init; } = ModelOptions.DefaultDropout;

    [CommandOption("--learning-rate <RATE>")]
    [Description("Adam's initial learning rate; halved whenever the validation loss does not improve for an epoch.")]
    [DefaultValue(TrainingLoopOptions.DefaultLearningRate)]
    public double LearningRate { get; init; } = TrainingLoopOptions.DefaultLearningRate;

    [CommandOption("--weight-decay <RATE>")]
    [Description("Adam's L2 penalty on the weights (0 = none); another guard against over-fitting.")]
    [DefaultValue(TrainingLoopOptions.DefaultWeightDecay)]
    public double WeightDecay { get; init; } = TrainingLoopOptions.DefaultWeightDecay;

    [CommandOption("--patience <N>")]
    [Description("Epochs without a better validation loss before training stops; the best epoch's weights are kept.")]
    [DefaultValue(TrainingLoopOptions.DefaultPatience)]
    public int Patience { get; init; } = TrainingLoopOptions.DefaultPatience;

    [CommandOption("--validation-split <FRACTION>")]
    [Description("Fraction of the tweets held out for validation (early stopping, learning-rate schedule).")]
    [DefaultValue(TrainingRunOptions.DefaultValidationSplit)]
    public double ValidationSplit { get; init; } = TrainingRunOptions.DefaultValidationSplit;

    [CommandOption("--test-split <FRACTION>")]
    [Description("Fraction of the tweets held out for the final test metrics; never used for any decision.")]
    [DefaultValue(TrainingRunOptions.DefaultTestSplit)]
    public double TestSplit { get; init; } = TrainingRunOptions.DefaultTestSplit;

    [CommandOption("--seed <N>")]
    [Description("Seed for the split, weight initialisation, shuffling and dropout: the same seed gives the same model.")]
    [DefaultValue(TrainingLoopOptions.DefaultSeed)]
    public int Seed { get; init; } = TrainingLoopOptions.DefaultSeed;

    [CommandOption("--checkpoint-dir <PATH>")]
    [Description("Where the run's checkpoint folder (model.json, vocabulary.txt, weights.dat) is written. Default: checkpoints/ in the repository.")]
    public string? CheckpointDir { get; init; }

    [CommandOption("--export-dir <PATH>")]
    [Description("Model base path of the SavedModel export (<export-dir>/<model-name>/<version>). Default: " + ServingContract.ModelBasePath + " in the repository.")]
    public string? ExportDir { get; init; }

    [CommandOption("--model-name <NAME>")]
    [Description("Name of the exported model, as TensorFlow Serving serves it.")]
    [DefaultValue(TrainingRunOptions.DefaultModelName)]
    public string ModelName { get; init; } = TrainingRunOptions.DefaultModelName;

    [CommandOption("--tracking-uri <URI>")]
    [Description("MLflow tracking: a local store path or an http(s) tracking server. Default: MLFLOW_TRACKING_URI, else mlruns/.")]
    public string? TrackingUri { get; init; }

    [CommandOption("--experiment <NAME>")]
    [Description("MLflow experiment name.")]
    public string? Experiment { get; init; }

    [CommandOption("--run-name <NAME>")]
    [Description("Name of the run and its checkpoint folder; a name whose folder holds a checkpoint is refused (see --overwrite). Default: lstm-<UTC date>-<time>, e.g. lstm-20261127-153000, with -2, -3, … added when a run started in the same second has it.")]
    public string? RunName { get; init; }

    [CommandOption("--overwrite")]
    [Description("With --run-name: replace the checkpoint that folder holds (once the new one is written).")]
    public bool Overwrite { get; init; }

    [CommandOption("--offline")]
    [Description("Use only what is on disk: do not fetch the default model's resources (VADER's lexicon, the GloVe vectors) on first use.")]
    public bool Offline { get; init; }

    /// <summary>How the run's checkpoint folder is claimed: a chosen name exactly (or replaced), a name from the clock numbered when taken.</summary>
    public CheckpointClaim CheckpointClaim => RunName is null ? CheckpointClaim.Numbered : Overwrite ? CheckpointClaim.Replace : CheckpointClaim.Exact;

    public override ValidationResult Validate()
    {
        string? problem =
            OptionFiles.Problem("--data", Data) ?? OptionFiles.Problem("--evaluate", Evaluate)
            ?? (Epochs is < 1 or > 1000 ? $"--epochs must be between 1 and 1000 (got {Epochs})."
            : BatchSize is < 1 or > 65_536 ? $"--batch-size must be between 1 and 65536 (got {BatchSize})."
            : !Enum.IsDefined(Batching) ? $"--batching must be length or random (got {Batching})."
            : MaxTokens is < 3 or > 10_000_000 ? $"--max-tokens must be between 3 and 10000000: two ids are reserved for [PAD] and [UNK] (got {MaxTokens})."
            : ArchitectureProblem() is { } architecture ? architecture
            : !(LexiconWeight >= 0 && LexiconWeight <= 100) ? $"--lexicon-weight must be between 0 and 100 (got {LexiconWeight})."
            : BagExtraWords is < 0 or > 10_000_000 ? $"--bag-extra-words must be between 0 and 10000000 (got {BagExtraWords})."
            : !(LstmWeight > 0 && LstmWeight <= 100) ? $"--lstm-weight must be above 0 and at most 100 (got {LstmWeight})."
            : !(BagWeight > 0 && BagWeight <= 100) ? $"--bag-weight must be above 0 and at most 100 (got {BagWeight})."
            : !(Dropout >= 0 && Dropout < 1) ? $"--dropout must be at least 0 and below 1 (got {Dropout})."
            : !(LearningRate > 0 && LearningRate <= 10) ? $"--learning-rate must be above 0 and at most 10 (got {LearningRate})."
            : !(WeightDecay >= 0 && WeightDecay <= 1) ? $"--weight-decay must be between 0 and 1 (got {WeightDecay})."
            : Patience < 1 ? $"--patience must be at least 1 (got {Patience})."
            : !(ValidationSplit > 0 && ValidationSplit < 1) ? $"--validation-split must be between 0 and 1, exclusive (got {ValidationSplit})."
            : !(TestSplit > 0 && TestSplit < 1) ? $"--test-split must be between 0 and 1, exclusive (got {TestSplit})."
            : ValidationSplit + TestSplit >= 0.9 ? $"--validation-split + --test-split must leave at least 10% for training (got {ValidationSplit + TestSplit})."
            : Seed < 0 ? $"--seed must not be negative (got {Seed})."
            : !ServingContract.IsValidModelName(ModelName) ? $"--model-name must be {ServingContract.ModelNameRule} (got \"{ModelName}\")."
            : RunName is not null && (RunName.Length == 0 || RunName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || RunName is "." or "..")
                ? $"--run-name must be usable as a folder name (got \"{RunName}\")."
            : Overwrite && RunName is null ? "--overwrite replaces the checkpoint of the run named by --run-name: give --run-name too."
            : null);
        problem ??= LexiconCatalog.MissingFileProblem(Lexicon) ?? EmbeddingsCatalog.OptionProblem(Embeddings, EmbeddingDim)
            ?? EmbeddingsCatalog.OptionProblem(BagOfVectors, null, BagOptions.Option);
        return problem is null ? ValidationResult.Success() : ValidationResult.Error(problem);
    }

    /// <summary>The lexicon these options ask for, read and checked; null for none.</summary>
    /// <exception cref="UsageException">The lexicon cannot be used (not downloaded, unreadable, not a lexicon).</exception>
    public LexiconOptions? ResolveLexicon(CancellationToken cancellationToken) =>
        AsUsageError(() => LexiconOptions.Resolve(Lexicon, LexiconWeight, cancellationToken: cancellationToken));

    /// <summary>The pretrained vectors these options ask for, read and checked; null for none.</summary>
    /// <exception cref="UsageException">The vectors cannot be used (not downloaded, unreadable, of another dimension than --embedding-dim).</exception>
    public EmbeddingsOptions? ResolveEmbeddings(IProgress<Data.DownloadProgress>? read, CancellationToken cancellationToken) =>
        AsUsageError(() => EmbeddingsOptions.Resolve(Embeddings, EmbeddingDim, FineTuneEmbeddings, read, cancellationToken: cancellationToken));

    /// <summary>The bag of vectors' vectors these options ask for, read and checked (or <paramref name="embeddings"/>' when the same file); null for none.</summary>
    /// <exception cref="UsageException">The vectors cannot be used (not downloaded, unreadable).</exception>
    public BagOptions? ResolveBag(EmbeddingsOptions? embeddings, IProgress<Data.DownloadProgress>? read, CancellationToken cancellationToken) =>
        AsUsageError(() => BagOptions.Resolve(BagOfVectors, BagExtraWords, embeddings?.Vectors, read, cancellationToken: cancellationToken));

    private static T AsUsageError<T>(Func<T> resolve)
    {
        try
        {
            return resolve();
        }
        catch (Data.DataException exception)
        {
            throw new UsageException(exception.Message, exception);
        }
    }

    /// <summary>
    /// The run these options describe, with the lexicon and vectors resolved (<see cref="ResolveLexicon"/>,
    /// <see cref="ResolveEmbeddings"/>, <see cref="ResolveBag"/>).
    /// </summary>
    public TrainingRunOptions ToRunOptions(DateTimeOffset now, LexiconOptions? lexicon, EmbeddingsOptions? embeddings, BagOptions? bag = null) => new()
    {
        DataPaths = [.. Data.Select(Path.GetFullPath)],
        Strict = Strict,
        EvaluationPaths = [.. Evaluate.Select(Path.GetFullPath)],
        Model = ToModelOptions(MaxTokens) with
        {
            Dropout = Dropout,
            LstmWeight = LstmWeight,
            BagWeight = BagWeight,
            TrainBagJointly = TrainBagJointly,
        },
        Loop = new TrainingLoopOptions
        {
            Epochs = Epochs,
            BatchSize = BatchSize,
            Batching = Batching,
            LearningRate = LearningRate,
            WeightDecay = WeightDecay,
            Patience = Patience,
            Seed = Seed,
        },
        Embeddings = embeddings,
        DenseEmbeddingUpdates = DenseEmbeddingUpdates,
        Lexicon = lexicon,
        Bag = bag,
        ValidationSplit = ValidationSplit,
        TestSplit = TestSplit,
        Threads = Threads,
        WaitPolicy = WaitPolicy,
        CheckpointDirectory = RepositoryPaths.ResolveOrDefault(CheckpointDir, "checkpoints"),
        ExportDirectory = RepositoryPaths.ResolveOrDefault(ExportDir, ServingContract.ModelBasePath),
        ModelName = ModelName,
        TrackingUri = TrackingUri,
        Experiment = Experiment,
        RunName = RunName ?? TrainingRunOptions.DefaultRunName(now),
    };
}
