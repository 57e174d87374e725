using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using static TwitterSentiment.Trainer.Commands.MetricText;

namespace TwitterSentiment.Trainer.Commands.Evaluate;

/// <summary><c>evaluate</c>'s results as a console table (a column per file) or as one JSON document (shape in the README).</summary>
public static class EvaluationReport
{
    public static Table Table(string model, double threshold, IReadOnlyList<FileEvaluation> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var table = new Table()
            .Title(ConsoleText.Markup(Invariant($"{model}, threshold {threshold}")))
            .AddColumn("Metric");
        foreach (var file in files)
        {
            table.AddColumn(new TableColumn(ConsoleText.Markup(Path.GetFileName(file.Data.Source))).RightAligned());
        }

        AddRow(table, "Tweets (n)", files, f => Count(f.Data.Tweets));
        AddRow(table, "Positive share", files, f => Percent(f.PositiveRate));
        AddRow(table, "Predicted positive", files, f => Percent(f.Metrics.PredictedPositiveRate));
        AddRow(table, "Accuracy", files, f => Percent(f.Metrics.Accuracy));
        AddRow(table, "Balanced accuracy", files, f => Percent(f.Metrics.BalancedAccuracy));
        AddRow(table, "Precision", files, f => Percent(f.Metrics.Precision));
        AddRow(table, "Recall", files, f => Percent(f.Metrics.Recall));
        AddRow(table, "Specificity", files, f => Percent(f.Metrics.Specificity));
        AddRow(table, "F1", files, f => Number(f.Metrics.F1));
        AddRow(table, "ROC AUC", files, f => Number(f.Metrics.RocAuc));
        AddRow(table, "Log loss", files, f => Number(f.Metrics.LogLoss));
        table.AddEmptyRow();
        AddRow(table, "Confusion: true negatives", files, f => Count(f.Metrics.TrueNegatives));
        AddRow(table, "Confusion: false positives", files, f => Count(f.Metrics.FalsePositives));
        AddRow(table, "Confusion: false negatives", files, f => Count(f.Metrics.FalseNegatives));
        AddRow(table, "Confusion: true positives", files, f => Count(f.Metrics.TruePositives));
        if (files.Any(file => file.Metrics.HasUndefined())) table.Caption(Markup.Escape(MetricText.UndefinedNote));
        return table;
    }

    /// <summary>One indented JSON document; undefined metrics (e.g. recall without positive rows, ROC AUC with one class) are null.</summary>
    public static string Json(string modelKind, string model, double threshold, IReadOnlyList<FileEvaluation> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("model");
            json.WriteString("kind", modelKind);
            json.WriteString("description", model);
            json.WriteEndObject();
            json.WriteNumber("threshold", threshold);
            json.WriteStartArray("files");
            foreach (var file in files) WriteFile(json, file);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteFile(Utf8JsonWriter json, FileEvaluation file)
    {
        var data = file.Data;
        var metrics = file.Metrics;
        json.WriteStartObject();
        json.WriteString("path", data.Source);
        json.WriteString("format", data.Format);
        json.WriteString("sha256", data.Sha256);
        json.WriteNumber("rows_read", data.RowsRead);
        json.WriteNumber("neutral_skipped", data.NeutralSkipped);
        json.WriteNumber("malformed_rows", data.MalformedRows);
        json.WriteStartArray("first_malformed");
        foreach (string row in data.FirstMalformed) json.WriteStringValue(row);
        json.WriteEndArray();
        json.WriteNumber("n", data.Tweets);
        json.WriteNumber("positives", file.Positives);
        json.WriteNumber("negatives", file.Negatives);
        WriteMetric(json, "positive_rate", file.PositiveRate);
        WriteMetric(json, "predicted_positive_rate", metrics.PredictedPositiveRate);
        WriteMetric(json, "accuracy", metrics.Accuracy);
        WriteMetric(json, "balanced_accuracy", metrics.BalancedAccuracy);
        WriteMetric(json, "precision", metrics.Precision);
        WriteMetric(json, "recall", metrics.Recall);
        WriteMetric(json, "specificity", metrics.Specificity);
        WriteMetric(json, "f1", metrics.F1);
        WriteMetric(json, "roc_auc", metrics.RocAuc);
        WriteMetric(json, "log_loss", metrics.LogLoss);
        json.WriteStartObject("confusion_matrix");
        json.WriteNumber("true_negatives", metrics.TrueNegatives);
        json.WriteNumber("false_positives", metrics.FalsePositives);
        json.WriteNumber("false_negatives", metrics.FalseNegatives);
        json.WriteNumber("true_positives", metrics.TruePositives);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>An undefined metric (null, or not finite) is written as null.</summary>
    private static void WriteMetric(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } number && double.IsFinite(number)) json.WriteNumber(name, number);
        else json.WriteNull(name);
    }

    private static void AddRow(Table table, string name, IReadOnlyList<FileEvaluation> files, Func<FileEvaluation, string> format) =>
        table.AddRow([ConsoleText.Markup(name), .. files.Select(format)]);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
