using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Lexicon;
using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.TestSupport.Models;

/// <summary>
/// How each tiny model is made: <see cref="TinyTweets"/> written to a CSV, trained by the Trainer's own
/// <c>TrainingRun</c> (split, vocabulary, training loop with early stopping, evaluation, checkpoint, SavedModel export,
/// MLflow file store), sizes small enough for a few seconds on one thread and large enough to learn the task.
/// </summary>
public static class TinyModelRecipe
{
    public const int Tweets = 3000;
    public const int DataSeed = 1;
    public const int SequenceLength = 16;
    public const double LexiconWeight = 1.5;
    public const string ModelName = ServingContract.ModelName;
    public const string Experiment = "tiny-models";

    /// <summary>A few words in VADER's format, some of them the task's, plus emoticons and words the tweets never use.</summary>
    public const string LexiconText =
        "love\t3.2\t0.4\t[3, 3, 4]\ngreat\t3.1\t0.5\t[3]\ngood\t1.9\t0.9\t[2]\nhappy\t2.7\t0.8\t[3]\nnice\t1.8\t0.6\t[2]\n" +
        "hate\t-2.7\t1.0\t[-3]\nsad\t-2.1\t0.9\t[-2]\nawful\t-2.0\t0.7\t[-2]\nbad\t-2.5\t0.6\t[-2]\n:)\t2.0\t0.6\t[2]\n:(\t-1.9\t0.5\t[-2]\n" +
        "splendid\t2.8\t0.6\t[3]\ndreadful\t-2.9\t0.6\t[-3]\n";

    /// <summary>The run's name: it names the checkpoint folder, the MLflow run and <c>model_info</c>'s <c>run</c>.</summary>
    public static string RunName(TinyModelKind kind) => $"tiny-{Name(kind)}";

    /// <summary>The kind in lower case, as folder and run names spell it.</summary>
    public static string Name(TinyModelKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The architecture (the run adds the lexicon term for <see cref="TinyModelKind.Lexicon"/>).</summary>
    public static ModelOptions Architecture(TinyModelKind kind) => new()
    {
        VocabularySize = 200,
        SequenceLength = SequenceLength,
        EmbeddingDim = 16,
        LstmUnits = 12,
        Dropout = 0.1,
        Bidirectional = kind == TinyModelKind.Bidirectional,
    };

    public static TrainingLoopOptions Loop => new() { Epochs = 6, BatchSize = 64, LearningRate = 0.02, Seed = 7 };

    /// <summary>The whole run for <paramref name="kind"/>, writing everything under <paramref name="layout"/>'s folder (its lexicon file written first).</summary>
    internal static TrainingRunOptions RunOptions(TinyModelKind kind, TinyModelLayout layout) => new()
    {
        DataPaths = [layout.Data],
        Model = Architecture(kind),
        Lexicon = kind == TinyModelKind.Lexicon ? new LexiconOptions(SentimentLexicon.Read(layout.Lexicon), LexiconWeight) : null,
        Loop = Loop,
        // One thread: the machine is shared, and results are bit-identical to two threads anyway.
        Threads = 1,
        CheckpointDirectory = layout.Checkpoints,
        ExportDirectory = layout.Models,
        ModelName = ModelName,
        TrackingUri = layout.MlflowStore,
        Experiment = Experiment,
        RunName = RunName(kind),
    };
}
