using System.Globalization;
using System.Text.Json;
using TwitterSentiment.Contracts;

namespace TwitterSentiment.WebClient.Analysis;

/// <summary>
/// What the served export says about its training (its <c>model_info</c> signature returns a JSON object), as
/// groups of facts to list. The site shows whatever the export carries, so newer exports may add facts freely.
/// </summary>
public sealed record ModelInfo(IReadOnlyList<ModelInfoGroup> Groups)
{
    /// <summary>The MLflow run that recorded the training (<see cref="ServingContract.ModelInfoMlflowRunId"/>), when the export names one.</summary>
    public string? MlflowRunId { get; init; }

    /// <summary>Null when the JSON is not an object (an export that breaks the contract shows "not readable").</summary>
    public static ModelInfo? Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var general = new List<ModelInfoFact>();
            var groups = new List<ModelInfoGroup>();
            foreach (var property in document.RootElement.EnumerateObject())
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

            string? runId = document.RootElement.TryGetProperty(ServingContract.ModelInfoMlflowRunId, out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            return new ModelInfo(groups) { MlflowRunId = string.IsNullOrWhiteSpace(runId) ? null : runId };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly Dictionary<string, string> Acronyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["roc"] = "ROC", ["auc"] = "AUC", ["lstm"] = "LSTM", ["sha256"] = "SHA-256", ["f1"] = "F1", ["id"] = "ID", ["mlflow"] = "MLflow",
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

    private static string Format(JsonElement value) => value.ValueKind switch
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

public sealed record ModelInfoFact(string Name, string Value);
