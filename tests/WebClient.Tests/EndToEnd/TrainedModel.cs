using TorchSharp;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.WebClient.Tests.EndToEnd;

/// <summary>
/// A tiny sentiment model trained with the Trainer's own loop on a synthetic corpus (seconds on a CPU), and
/// exported with the Trainer's own SavedModel exporter.
/// </summary>
public sealed class TrainedModel : IDisposable
{
    public const int SequenceLength = 12;

    /// <summary>What the export's model_info names the run.</summary>
    public const string RunName = "e2e-tiny-run";

    private TrainedModel(SentimentModel model, Vocabulary vocabulary, string basePath, long version)
    {
        Model = model;
        Vocabulary = vocabulary;
        BasePath = basePath;
        Version = version;
    }

    public SentimentModel Model { get; }

    public Vocabulary Vocabulary { get; }

    /// <summary>The model base path to serve: it holds the version directories.</summary>
    public string BasePath { get; }

    public long Version { get; }

    public static TrainedModel TrainAndExport(string exportDirectory)
    {
        string[] subjects = ["this phone", "the movie", "my day", "the weather", "this song", "the food", "our team", "the game"];
        string[] positive = ["i love {0}", "{0} is great", "what a wonderful {0}", "so happy with {0}", "best {0} ever"];
        string[] negative = ["i hate {0}", "{0} is terrible", "what an awful {0}", "so sad about {0}", "worst {0} ever"];
        var texts = new List<string>();
        var labels = new List<int>();
        foreach (string subject in subjects)
        {
            texts.AddRange(positive.Select(t => string.Format(System.Globalization.CultureInfo.InvariantCulture, t, subject)));
            labels.AddRange(positive.Select(_ => 1));
            texts.AddRange(negative.Select(t => string.Format(System.Globalization.CultureInfo.InvariantCulture, t, subject)));
            labels.AddRange(negative.Select(_ => 0));
        }

        // One thread: the machine is shared, and libtorch's OpenMP spin-waits otherwise.
        torch.set_num_threads(1);
        torch.manual_seed(7);
        var tokens = DatasetEncoder.Tokenize(texts, CancellationToken.None);
        var vocabulary = Vocabulary.Build(tokens, maxTokens: 200);
        using var train = DatasetEncoder.Encode(tokens, labels, vocabulary, SequenceLength);
        using var validation = DatasetEncoder.Encode(tokens, labels, vocabulary, SequenceLength);
        var model = new SentimentModel(new ModelOptions
        {
            VocabularySize = vocabulary.Count,
            SequenceLength = SequenceLength,
            EmbeddingDim = 16,
            LstmUnits = 16,
            Dropout = 0.1,
        });
        var trainer = new SentimentTrainer(
            new TrainingLoopOptions { Epochs = 25, BatchSize = 16, LearningRate = 0.01, Patience = 25, Seed = 7 },
            new CompositeTrainingObserver());
        trainer.Fit(model, train, validation, CancellationToken.None);
        model.eval();

        var export = SavedModelExporter.Export(model, vocabulary, exportDirectory, ServingContract.ModelName, ExportedModelInfo.Minimal(model.Options, RunName));
        return new TrainedModel(model, vocabulary, Path.GetDirectoryName(export.VersionDirectory) ?? exportDirectory, export.Version);
    }

    /// <summary>P(positive) as TorchSharp computes it, for comparison with what the served graph returns.</summary>
    public float Predict(string text)
    {
        using var scope = torch.NewDisposeScope();
        long[] ids = Vocabulary.Encode(TweetTokenizer.Default.Tokenize(text), SequenceLength);
        using var input = torch.tensor(ids, [1, SequenceLength]);
        return Model.PredictProbabilities(input)[0];
    }

    public void Dispose() => Model.Dispose();
}
