using System.Text.Json;
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
        model.load(Path.Combine(directory, WeightsFile));
        model.eval();
        return (model, vocabulary);
    }
}
