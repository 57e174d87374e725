using System.Globalization;
using Spectre.Console;
using static TwitterSentiment.Trainer.Commands.MetricText;
using TwitterSentiment.Contracts.Metrics;
using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Commands.Train;

/// <summary>The final summary of a training run.</summary>
public static class ReportTables
{
    public static Table Metrics(TrainingReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new Table()
            .Title(Invariant($"Best epoch {report.BestEpoch} of {report.History.Count}{(report.StoppedEarly ? " (stopped early)" : "")}"))
            .AddColumn("Metric")
            .AddColumn(new TableColumn(Invariant($"Validation ({report.Split.Validation:N0})")).RightAligned())
            .AddColumn(new TableColumn(Invariant($"Test ({report.Split.Test:N0})")).RightAligned());

        AddRow(table, "Accuracy", report, m => Percent(m.Accuracy));
        AddRow(table, "Precision", report, m => Percent(m.Precision));
        AddRow(table, "Recall", report, m => Percent(m.Recall));
        AddRow(table, "F1", report, m => Number(m.F1));
        AddRow(table, "ROC AUC", report, m => Number(m.RocAuc));
        AddRow(table, "Log loss", report, m => Number(m.LogLoss));
        table.AddEmptyRow();
        AddRow(table, "Confusion: true negatives", report, m => Count(m.TrueNegatives));
        AddRow(table, "Confusion: false positives", report, m => Count(m.FalsePositives));
        AddRow(table, "Confusion: false negatives", report, m => Count(m.FalseNegatives));
        AddRow(table, "Confusion: true positives", report, m => Count(m.TruePositives));
        var captions = new List<string>();
        if (report.InterceptShift is { } shift) captions.Add(Invariant($"With the lexicon; intercept refit on the validation split: {shift:+0.000;-0.000}"));
        if (report.Validation.HasUndefined() || report.Test.HasUndefined()) captions.Add(MetricText.UndefinedNote);
        if (captions.Count > 0) table.Caption(Markup.Escape(string.Join("\n", captions)));
        return table;
    }

    /// <summary>Sentiment140's test set and the --evaluate files: one row per file.</summary>
    public static Table HeldOut(TrainingReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new Table().Title("Held-out files").AddColumn("File").AddColumn(new TableColumn("Tweets").RightAligned())
            .AddColumn(new TableColumn("Accuracy").RightAligned()).AddColumn(new TableColumn("Balanced acc.").RightAligned())
            .AddColumn(new TableColumn("F1").RightAligned()).AddColumn(new TableColumn("ROC AUC").RightAligned())
            .AddColumn(new TableColumn("Predicted positive").RightAligned());
        foreach (var heldOut in report.HeldOut)
        {
            var m = heldOut.Metrics;
            table.AddRow(ConsoleText.Markup(heldOut.Name), Count(m.Count), Percent(m.Accuracy), Percent(m.BalancedAccuracy),
                Number(m.F1), Number(m.RocAuc), Percent(m.PredictedPositiveRate));
        }
        if (report.HeldOut.Any(heldOut => heldOut.Metrics.HasUndefined())) table.Caption(Markup.Escape(MetricText.UndefinedNote));
        return table;
    }

    private static void AddRow(Table table, string name, TrainingReport report, Func<ClassificationMetrics, string> format) =>
        table.AddRow(ConsoleText.Markup(name), format(report.Validation), format(report.Test));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
