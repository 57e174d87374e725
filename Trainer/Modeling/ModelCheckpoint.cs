using System.Text.Json;
using TorchSharp;
using TwitterSentiment.Trainer.Text;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// A trained model on disk, everything needed to predict or re-export: a folder holding
/// <c>model.json</c> (the <see cref="ModelOptions"/>), <c>vocabulary.txt</c> and <c>weights.dat</c>
/// (TorchSharp's own format; parameter names are the model's field names).
/// </summary>
public static class ModelCheckpoint
{
    public const string OptionsFile = "model.json";
    public const string VocabularyFile = "vocabulary.txt";
    public const string WeightsFile = "weights.dat";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static void Save(string directory, SentimentModel model, Vocabulary vocabulary)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, OptionsFile), JsonSerializer.Serialize(model.Options, JsonOptions));
        vocabulary.Save(Path.Combine(directory, VocabularyFile));
        model.save(Path.Combine(directory, WeightsFile));
    }

    public static (SentimentModel Model, Vocabulary Vocabulary) Load(string directory)
    {
        string optionsPath = Path.Combine(directory, OptionsFile);
        if (!File.Exists(optionsPath))
            throw new FileNotFoundException($"{directory} is not a model checkpoint: {OptionsFile} is missing.", optionsPath);

        var options = JsonSerializer.Deserialize<ModelOptions>(File.ReadAllText(optionsPath), JsonOptions)
            ?? throw new InvalidDataException($"{optionsPath} is empty.");
        var vocabulary = Vocabulary.Load(Path.Combine(directory, VocabularyFile));
        if (vocabulary.Count != options.VocabularySize)
            throw new InvalidDataException($"{directory}: the vocabulary has {vocabulary.Count} tokens but the model expects {options.VocabularySize}.");

        var model = new SentimentModel(options);
        try
        {
            LoadWeights(model, Path.Combine(directory, WeightsFile));
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return (model, vocabulary);
    }

    /// <summary>
    /// TorchSharp's own format (<c>Module.save</c>: a count, then a name and a
    /// tensor each), read by name, so that a checkpoint written before a parameter was renamed
    /// (<see cref="SentimentModel.FormerParameterNames"/>) loads too.
    /// </summary>
    /// <exception cref="InvalidDataException">The file does not hold exactly this model's tensors.</exception>
    private static void LoadWeights(SentimentModel model, string path)
    {
        var state = model.state_dict();
        using var reader = new BinaryReader(File.OpenRead(path));
        long entries = reader.Read7BitEncodedInt64(); // TorchSharp writes the count 7 bits at a time, as .NET does
        if (entries != state.Count)
            throw new InvalidDataException($"{path} holds {entries} tensors, but the model of {OptionsFile} has {state.Count}.");
        for (long i = 0; i < entries; i++)
        {
            string name = reader.ReadString();
            string current = SentimentModel.FormerParameterNames.GetValueOrDefault(name, name);
            if (!state.TryGetValue(current, out var tensor))
                throw new InvalidDataException($"{path} holds a tensor '{name}' that the model of {OptionsFile} does not have.");
            tensor.Load(reader);
        }
    }
}
