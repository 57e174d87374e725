using System.Globalization;
using System.Text.Json;
using TwitterSentiment.Contracts;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// What an export says about its training (its <c>model_info</c> signature returns a JSON object), as groups of facts to
/// list; the site shows whatever the export carries, so newer exports may add facts freely. A few facts, named by
/// <see cref="ServingContract"/>, are also picked out: those that tell versions apart, and where the MLflow run is.
/// </summary>
public sealed record ModelInfo(IReadOnlyList<ModelInfoGroup> Groups)
{
    /// <summary>What tells one version from another: lexicon, bag of vectors, calibration, seed, epochs, learning rate, dropout.</summary>
    public IReadOnlyList<ModelInfoFact> Highlights { get; init; } = [];

    public MlflowRun? Mlflow { get; init; }

    /// <summary>Null when the JSON is not an object (an export that breaks the contract shows "not readable").</summary>
    public static ModelInfo? Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                ? new ModelInfo(Group(root)) { Highlights = Highlight(root), Mlflow = MlflowRun.From(root) }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The top level's plain values under "Run", then one group per object.</summary>
    private static List<ModelInfoGroup> Group(JsonElement root)
    {
        var general = new List<ModelInfoFact>();
        var groups = new List<ModelInfoGroup>();
        foreach (var property in root.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                groups.Add(new ModelInfoGroup(Humanise(property.Name), [.. property.Value.EnumerateObject().Select(p => new ModelInfoFact(Humanise(p.Name), Format(p.Value)))]));
            }
            else
            {
                general.Add(new ModelInfoFact(Humanise(property.Name), Format(property.Value)));
            }
        }

        if (general.Count > 0)
        {
            groups.Insert(0, new ModelInfoGroup("Run", general));
        }

        return groups;
    }

    private static List<ModelInfoFact> Highlight(JsonElement root)
    {
        JsonElement? model = Child(root, ServingContract.ModelInfoModel);
        JsonElement? training = Child(root, ServingContract.ModelInfoTraining);
        string Fact(JsonElement? group, string name) => group is { } g && Child(g, name) is { } value ? Format(value) : NotRecorded;
        string lexicon = model is not { } m ? NotRecorded
            : Child(m, ServingContract.ModelInfoLexiconWeight) is not { } weight ? "none"
            : $"{(Child(m, ServingContract.ModelInfoLexicon) is { } name ? Format(name) : "a lexicon")}, weight {Format(weight)}";
        string bag = model is not { } withBag ? NotRecorded
            : Child(withBag, ServingContract.ModelInfoBagDim) is { } dimension ? $"{Format(dimension)} dimensions" : "none";
        JsonElement? calibration = Child(root, ServingContract.ModelInfoCalibration);
        string calibrated = calibration is null ? NotRecorded
            : $"{Fact(calibration, ServingContract.ModelInfoCalibrationMethod)} on {Fact(calibration, ServingContract.ModelInfoCalibrationData)}";
        string epochs = Fact(training, ServingContract.ModelInfoEpochs);
        if (Child(model, ServingContract.ModelInfoBestEpoch) is { } best)
        {
            epochs = epochs == NotRecorded ? $"best {Format(best)}" : $"{epochs} at most, best {Format(best)}";
        }

        return
        [
            new("Lexicon", lexicon),
            new("Bag of vectors", bag),
            new("Calibration", calibrated),
            new("Seed", Fact(training, ServingContract.ModelInfoSeed)),
            new("Epochs", epochs),
            new("Learning rate", Fact(training, ServingContract.ModelInfoLearningRate)),
            new("Dropout", Fact(model, ServingContract.ModelInfoDropout)),
        ];
    }

    public const string NotRecorded = "not recorded";

    internal static JsonElement? Child(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static readonly Dictionary<string, string> Acronyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["roc"] = "ROC", ["auc"] = "AUC", ["lstm"] = "LSTM", ["sha256"] = "SHA-256", ["f1"] = "F1", ["id"] = "ID", ["mlflow"] = "MLflow",
        ["uri"] = "URI", ["ece"] = "ECE", ["cv"] = "CV",
    };

    /// <summary>"roc_auc" → "ROC AUC", "lstm_units" → "LSTM units", "trained_at" → "Trained at".</summary>
    private static string Humanise(string key)
    {
        var words = key.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(w => Acronyms.GetValueOrDefault(w, w)).ToList();
        if (words.Count == 0)
        {
            return key;
        }

        string text = string.Join(' ', words);
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    internal static string Format(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out long whole) => whole.ToString("N0", CultureInfo.InvariantCulture),
        JsonValueKind.Number => value.GetDouble().ToString("0.####", CultureInfo.InvariantCulture),
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Null => "—",
        _ => value.GetRawText(),
    };
}

/// <summary>A heading and its facts, e.g. "Test" with accuracy, F1, ….</summary>
public sealed record ModelInfoGroup(string Title, IReadOnlyList<ModelInfoFact> Facts);

public sealed record ModelInfoFact(string Name, string Value)
{
    /// <summary>A value with no space to break at and too long for a narrow column (a hash, a run id, a path): it gets a copy button.</summary>
    public bool IsLongToken => Value.Length > 24 && !Value.Contains(' ', StringComparison.Ordinal);
}
