using System.Globalization;
using ScottPlot;
using TwitterSentiment.Contracts.Metrics;

namespace TwitterSentiment.Trainer.Tracking.Reporting;

/// <summary>
/// The run's PNG plots, drawn headless with ScottPlot: learning curves, ROC curve, reliability diagram and confusion matrix.
/// ScottPlot needs a system font for text (DejaVu on Debian: fonts-dejavu-core); without one it draws no labels.
/// </summary>
public static class TrainingPlots
{
    private const int Width = 900;
    private const int Height = 600;

    /// <summary>Loss (left axis) and accuracy (right axis) per epoch, training and validation.</summary>
    public static void SaveLearningCurves(string path, IReadOnlyList<int> epochs, IReadOnlyList<double> loss, IReadOnlyList<double> validationLoss,
        IReadOnlyList<double> accuracy, IReadOnlyList<double> validationAccuracy, int? bestEpoch = null)
    {
        double[] xs = epochs.Select(e => (double)e).ToArray();
        var plot = new Plot();
        AddLine(plot, xs, loss, "loss", Colors.Blue, LinePattern.Solid, plot.Axes.Left);
        AddLine(plot, xs, validationLoss, "val_loss", Colors.Blue, LinePattern.Dashed, plot.Axes.Left);
        AddLine(plot, xs, accuracy, "accuracy", Colors.OrangeRed, LinePattern.Solid, plot.Axes.Right);
        AddLine(plot, xs, validationAccuracy, "val_accuracy", Colors.OrangeRed, LinePattern.Dashed, plot.Axes.Right);
        if (bestEpoch is { } best)
        {
            var line = plot.Add.VerticalLine(best, color: Colors.Gray, pattern: LinePattern.Dotted);
            line.LegendText = $"best epoch {best}";
        }

        plot.Title("Learning curves");
        plot.XLabel("epoch");
        plot.Axes.Left.Label.Text = "binary cross-entropy";
        plot.Axes.Right.Label.Text = "accuracy";
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Alignment.UpperCenter);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>The ROC curve with its area and the chance diagonal.</summary>
    public static void SaveRocCurve(string path, IReadOnlyList<int> labels, IReadOnlyList<float> probabilities)
    {
        var roc = RocCurve.From(ScoredExamples.Create(labels, probabilities));
        var plot = new Plot();
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.Color = Colors.Gray;
        chance.LinePattern = LinePattern.Dashed;
        chance.LegendText = "chance";
        if (roc.Area is { } area)
        {
            var curve = plot.Add.ScatterLine(roc.Points.Select(p => p.FalsePositiveRate).ToArray(), roc.Points.Select(p => p.TruePositiveRate).ToArray());
            curve.LineWidth = 2;
            curve.LegendText = string.Create(CultureInfo.InvariantCulture, $"test set (AUC = {area:0.0000})");
        }

        plot.Title("ROC curve");
        plot.XLabel("false positive rate");
        plot.YLabel("true positive rate");
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Height, Height);
    }

    /// <summary>
    /// A reliability diagram: per set, each non-empty bin's mean P(positive) against the share of its tweets that are
    /// positive, with the set's expected calibration error in the legend; the diagonal is perfect calibration.
    /// </summary>
    public static void SaveReliabilityDiagram(string path, IReadOnlyList<(string Name, IReadOnlyList<ReliabilityBin> Bins)> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var plot = new Plot();
        var perfect = plot.Add.Line(0, 0, 1, 1);
        perfect.Color = Colors.Gray;
        perfect.LinePattern = LinePattern.Dashed;
        perfect.LegendText = "perfectly calibrated";
        Color[] palette = [Colors.SteelBlue, Colors.OrangeRed, Colors.SeaGreen, Colors.Purple, Colors.DarkGoldenRod];
        for (int i = 0; i < sets.Count; i++)
        {
            var (name, bins) = sets[i];
            var filled = bins.Where(bin => bin.Count > 0).ToList();
            if (filled.Count == 0) continue;
            var line = plot.Add.Scatter(filled.Select(bin => bin.MeanProbability).ToArray(), filled.Select(bin => bin.PositiveRate).ToArray());
            line.Color = palette[i % palette.Length];
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{name} (ECE = {ReliabilityCurve.ExpectedCalibrationError(bins):0.000})");
        }

        plot.Title("Reliability diagram (10 equal-width bins)");
        plot.XLabel("mean predicted P(positive)");
        plot.YLabel("share positive");
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Height, Height);
    }

    /// <summary>A 2×2 confusion matrix with counts and row percentages; rows are actual classes, columns predictions.</summary>
    public static void SaveConfusionMatrix(string path, long truePositives, long falsePositives, long trueNegatives, long falseNegatives)
    {
        // Row 0 (top) = actual negative, row 1 = actual positive; column 0 = predicted negative.
        long[,] counts = { { trueNegatives, falsePositives }, { falseNegatives, truePositives } };
        var plot = new Plot();
        for (int row = 0; row < 2; row++)
        {
            long rowTotal = counts[row, 0] + counts[row, 1];
            for (int column = 0; column < 2; column++)
            {
                double share = rowTotal == 0 ? 0 : (double)counts[row, column] / rowTotal;
                double top = 2 - row;
                var cell = plot.Add.Rectangle(column, column + 1, top - 1, top);
                cell.FillColor = Colors.SteelBlue.WithAlpha(0.15 + (0.8 * share));
                cell.LineColor = Colors.White;
                var text = plot.Add.Text(string.Create(CultureInfo.InvariantCulture, $"{counts[row, column]:N0}\n{share:P1}"), column + 0.5, top - 0.5);
                text.LabelFontSize = 22;
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = share > 0.55 ? Colors.White : Colors.Black;
            }
        }

        plot.Title("Confusion matrix (test set, threshold 0.5)");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([0.5, 1.5], ["negative", "positive"]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([1.5, 0.5], ["negative", "positive"]);
        plot.XLabel("predicted");
        plot.YLabel("actual");
        plot.Axes.SetLimits(0, 2, 0, 2);
        plot.SavePng(path, Height, Height);
    }

    private static void AddLine(Plot plot, double[] xs, IReadOnlyList<double> ys, string label, Color color, LinePattern pattern, IYAxis axis)
    {
        var line = plot.Add.Scatter(xs, ys.ToArray());
        line.LegendText = label;
        line.Color = color;
        line.LinePattern = pattern;
        line.LineWidth = 2;
        line.MarkerSize = 6;
        line.Axes.YAxis = axis;
    }
}
