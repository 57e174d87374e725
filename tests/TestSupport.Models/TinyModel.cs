using System.Globalization;
using TwitterSentiment.Trainer.Export;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.TestSupport.Models;

/// <summary>
/// One tiny model, trained and tracked by a real run, in the shared cache: its training data, MLflow file store,
/// checkpoint and SavedModel, with the run's real facts (<see cref="Info"/>: a 32-character MLflow run id, the data's
/// 64-character SHA-256, the split, the scores). The cached folders are shared by every test process: read them, never
/// change them; copy first (<see cref="CopyCheckpointTo"/>, <see cref="AddVersionTo"/>) to hand them to code that writes.
/// </summary>
public sealed class TinyModel
{
    private readonly TinyModelLayout _layout;
    private readonly Lazy<(SentimentModel Model, Vocabulary Vocabulary)> _loaded;
    private readonly Lock _torch = new();

    internal TinyModel(TinyModelKind kind, string folder)
    {
        Kind = kind;
        _layout = new TinyModelLayout(folder, kind);
        InfoJson = File.ReadAllText(Path.Combine(CheckpointDirectory, ExportedModelInfo.FileName));
        Info = ExportedModelInfo.Load(CheckpointDirectory) ?? throw new InvalidDataException($"{CheckpointDirectory} has no {ExportedModelInfo.FileName}.");
        _loaded = new(() => ModelCheckpoint.Load(CheckpointDirectory));
    }

    public TinyModelKind Kind { get; }

    public string RunName => TinyModelRecipe.RunName(Kind);

    /// <summary>The CSV the run trained on (<see cref="TinyTweets"/>, <see cref="TinyModelRecipe.Tweets"/> of them).</summary>
    public string DataPath => _layout.Data;

    /// <summary>The MLflow file store holding the run (<see cref="RunId"/>) in experiment <see cref="TinyModelRecipe.Experiment"/>.</summary>
    public string MlflowStore => _layout.MlflowStore;

    /// <summary>The checkpoint folder (read only; see <see cref="CopyCheckpointTo"/>).</summary>
    public string CheckpointDirectory => _layout.Checkpoint;

    /// <summary>The SavedModel the run exported, <c>…/sentiment/1</c> (read only; see <see cref="AddVersionTo"/>).</summary>
    public string SavedModelDirectory => _layout.SavedModel;

    /// <summary>The run's facts, as saved beside the checkpoint and carried by the export's <c>model_info</c> signature.</summary>
    public ExportedModelInfo Info { get; }

    /// <summary><see cref="Info"/> exactly as the run wrote it.</summary>
    public string InfoJson { get; }

    /// <summary>The MLflow run that recorded the training (32 hexadecimal digits).</summary>
    public string RunId => Info.MlflowRunId ?? throw new InvalidDataException($"{RunName}'s model_info names no MLflow run.");

    /// <summary>SHA-256 of the training data file (64 hexadecimal digits).</summary>
    public string DataSha256 => Info.Data?.Sha256 ?? throw new InvalidDataException($"{RunName}'s model_info has no data facts.");

    public int SequenceLength => TinyModelRecipe.SequenceLength;

    /// <summary>Accuracy on the run's own held-out test split, as model_info records it.</summary>
    public double TestAccuracy => Info.Test?.Accuracy ?? throw new InvalidDataException($"{RunName}'s model_info has no test scores.");

    public Vocabulary Vocabulary => _loaded.Value.Vocabulary;

    /// <summary>P(positive) that TorchSharp computes from the checkpoint, for each text.</summary>
    public float[] Predict(IReadOnlyList<string> texts)
    {
        // TorchSharp modules are not made for concurrent forward passes; tests may ask from several threads.
        lock (_torch)
        {
            var (model, vocabulary) = _loaded.Value;
            return TrainerReference.Probabilities(model, vocabulary, texts);
        }
    }

    public float Predict(string text) => Predict([text])[0];

    /// <summary>The ids the model sees for <paramref name="text"/>.</summary>
    public long[] TokenIds(string text) => TrainerReference.TokenIds(Vocabulary, text, SequenceLength);

    /// <summary>A model of its own, loaded from the checkpoint, for a test that changes or disposes it.</summary>
    public (SentimentModel Model, Vocabulary Vocabulary) LoadCheckpoint() => ModelCheckpoint.Load(CheckpointDirectory);

    /// <summary>Copies the checkpoint (with its model_info.json) to <paramref name="directory"/>, which must not exist yet; returns it.</summary>
    public string CopyCheckpointTo(string directory)
    {
        if (Directory.Exists(directory))
        {
            throw new IOException($"{directory} exists already; a checkpoint is copied to a new folder.");
        }

        CopyDirectory(CheckpointDirectory, directory);
        return directory;
    }

    /// <summary>
    /// Copies the SavedModel to <c><paramref name="basePath"/>/<paramref name="version"/></c> the way an exporter does (a
    /// temporary sibling renamed into place), so a server polling the base path never sees half a version; returns it.
    /// </summary>
    public string AddVersionTo(string basePath, long version)
    {
        Directory.CreateDirectory(basePath);
        string target = Path.Combine(basePath, version.ToString(CultureInfo.InvariantCulture));
        string temporary = Path.Combine(basePath, $".copy-{Guid.NewGuid():N}");
        CopyDirectory(SavedModelDirectory, temporary);
        Directory.Move(temporary, target);
        return target;
    }

    public override string ToString() => $"{RunName} (MLflow run {Info.MlflowRunId}, {CheckpointDirectory})";

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
}
