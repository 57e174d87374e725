using System.Collections.Concurrent;
using System.Globalization;
using TorchSharp;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Serving.Tests.Infrastructure;

/// <summary>
/// Small untrained sentiment models (Keras-style random weights from a seed) exported with the Trainer's
/// <see cref="SavedModelExporter"/>; enough to check that a server runs the real graph: different seeds give
/// different answers, and the expected answers come from TorchSharp and the C# tokenizer.
/// </summary>
internal static class TestModels
{
    public const int SequenceLength = 12;

    private static readonly string[] Corpus =
    [
        "i love this so much", "what a lovely day", "worst day ever i hate it", "this is great", "not good at all",
        "check this out", "i don't like mondays", "best thing ever", "so sad and tired", "happy happy joy",
    ];

    private static readonly Lazy<Vocabulary> SharedVocabulary = new(() =>
        Vocabulary.Build(Corpus.Select(t => TweetTokenizer.Default.Tokenize(t)), maxTokens: 100));

    private static readonly ConcurrentDictionary<int, Lazy<Exported>> Exports = new();
    private static readonly Lock TorchLock = new();

    /// <summary>Copies the model for <paramref name="seed"/> into <c>basePath/version</c> atomically (temp sibling + rename).</summary>
    public static void AddVersion(string basePath, long version, int seed)
    {
        string source = Exports.GetOrAdd(seed, s => new Lazy<Exported>(() => Export(s))).Value.VersionDirectory;
        Directory.CreateDirectory(basePath);
        string temporary = Path.Combine(basePath, $".copy-{Guid.NewGuid():N}");
        CopyDirectory(source, temporary);
        Directory.Move(temporary, Path.Combine(basePath, version.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>P(positive) that TorchSharp computes for the model of <paramref name="seed"/>.</summary>
    public static float[] ExpectedProbabilities(IReadOnlyList<string> texts, int seed)
    {
        var exported = Exports.GetOrAdd(seed, s => new Lazy<Exported>(() => Export(s))).Value;
        long[] ids = texts.SelectMany(ExpectedTokenIds).ToArray();
        lock (TorchLock)
        {
            using var scope = torch.NewDisposeScope();
            using var input = torch.tensor(ids, [texts.Count, SequenceLength]);
            return exported.Model.PredictProbabilities(input);
        }
    }

    /// <summary>The ids the trainer feeds the model for <paramref name="text"/>.</summary>
    public static long[] ExpectedTokenIds(string text) =>
        SharedVocabulary.Value.Encode(TweetTokenizer.Default.Tokenize(text), SequenceLength);

    private static Exported Export(int seed)
    {
        lock (TorchLock)
        {
            torch.manual_seed(seed);
            var vocabulary = SharedVocabulary.Value;
            var model = new SentimentModel(new ModelOptions
            {
                VocabularySize = vocabulary.Count,
                SequenceLength = SequenceLength,
                EmbeddingDim = 8,
                LstmUnits = 8,
            });
            model.eval();
            string directory = Path.Combine(Path.GetTempPath(), $"serving-tests-model-{Environment.ProcessId}-{seed}");
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            var result = SavedModelExporter.Export(model, vocabulary, directory, ServingContract.ModelName);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
            return new Exported(model, result.VersionDirectory);
        }
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (string file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        foreach (string directory in Directory.EnumerateDirectories(source))
        {
            CopyDirectory(directory, Path.Combine(destination, Path.GetFileName(directory)));
        }
    }

    private sealed record Exported(SentimentModel Model, string VersionDirectory);
}
