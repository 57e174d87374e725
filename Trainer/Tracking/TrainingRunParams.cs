using System.Globalization;
using System.Reflection;
using System.Text;
using TorchSharp;
using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Tracking;

/// <summary>
/// A training run's MLflow params: every hyperparameter (read from the option records, so a new option is tracked
/// without touching this file), the data facts and the software versions.
/// </summary>
public static class TrainingRunParams
{
    // Tracking settings are the run's address, not its hyperparameters; the run name is a tag; whether the embedding
    // width was chosen shows in embedding_dim and the embeddings_* params.
    private static readonly HashSet<string> Excluded = new(StringComparer.Ordinal) { "tracking_uri", "experiment", "run_name", "feature_size", "embedding_dim_chosen", "has_lexicon" };

    public static Dictionary<string, string> From(TrainingSetup setup)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        AddRecord(result, setup.Model);
        AddRecord(result, setup.Loop);
        AddRecord(result, setup.Options);

        // The resolved lexicon and vectors are records of their own: their files and choices, by the names they always had.
        if (setup.Options.Embeddings is { } vectors) result["embeddings_path"] = vectors.Path;
        result["fine_tune_embeddings"] = setup.Options.Embeddings is { FineTune: true } ? "True" : "False";
        if (setup.Options.Lexicon is { } lexiconOptions) result["lexicon_path"] = lexiconOptions.Path;

        var data = setup.Data;
        result["data_path"] = data.Source;
        result["data_description"] = data.Description;
        result["data_format"] = data.Format;
        result["data_rows_read"] = Text(data.RowsRead);
        result["data_tweets"] = Text(data.Tweets);
        result["data_neutral_skipped"] = Text(data.NeutralSkipped);
        result["data_malformed_rows"] = Text(data.MalformedRows);
        result["data_sha256"] = data.Sha256;
        if (data.Files.Count > 0) result["data_files"] = Text(data.Files.Count);
        for (int i = 0; i < data.Files.Count; i++)
        {
            var file = data.Files[i];
            string prefix = $"data_file_{i + 1}_";
            result[prefix + "path"] = file.Source;
            result[prefix + "format"] = file.Format;
            result[prefix + "tweets"] = Text(file.Tweets);
            result[prefix + "neutral_skipped"] = Text(file.NeutralSkipped);
            result[prefix + "malformed_rows"] = Text(file.MalformedRows);
            result[prefix + "sha256"] = file.Sha256;
        }
        if (setup.Embeddings is { } embeddings)
        {
            result["embeddings_source"] = embeddings.Source;
            result["embeddings_dimension"] = Text(embeddings.Dimension);
            result["embeddings_words"] = Text(embeddings.Words);
            result["embeddings_vocabulary_rows"] = Text(embeddings.VocabularyRows);
            result["embeddings_coverage"] = embeddings.Coverage.ToString("R", CultureInfo.InvariantCulture);
        }
        if (setup.Lexicon is { } lexicon)
        {
            result["lexicon_entries"] = Text(lexicon.Entries);
            result["lexicon_rated_tokens"] = Text(lexicon.RatedTokens);
            result["lexicon_added_tokens"] = Text(lexicon.AddedTokens);
            result["lexicon_coverage"] = lexicon.Coverage.ToString("R", CultureInfo.InvariantCulture);
        }
        result["train_rows"] = Text(setup.Split.Train);
        result["validation_rows"] = Text(setup.Split.Validation);
        result["test_rows"] = Text(setup.Split.Test);
        result["torchsharp_version"] = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
            ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown";
        result["libtorch_version"] = torch.__version__;
        result["dotnet_version"] = Environment.Version.ToString();
        result["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription;
        return result;
    }

    private static void AddRecord(Dictionary<string, string> result, object record)
    {
        foreach (var property in record.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetValue(record) is not { } value)
                continue;
            string key = SnakeCase(property.Name);
            if (Excluded.Contains(key) || result.ContainsKey(key))
                continue;
            string? text = value switch
            {
                // Python's str(): True/False, shortest round-trip floats.
                bool flag => flag ? "True" : "False",
                double number => number.ToString("R", CultureInfo.InvariantCulture),
                float number => number.ToString("R", CultureInfo.InvariantCulture),
                IFormattable formattable when value.GetType().IsPrimitive || value.GetType().IsEnum => formattable.ToString(null, CultureInfo.InvariantCulture),
                string s => s,
                _ => null,
            };
            if (text is not null)
                result[key] = text;
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                builder.Append('_');
            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
