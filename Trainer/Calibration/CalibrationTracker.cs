using System.Globalization;
using TwitterSentiment.Trainer.Tracking;
using TwitterSentiment.Trainer.Tracking.Reporting;

namespace TwitterSentiment.Trainer.Calibration;

/// <summary>
/// Records one <c>trainer calibrate</c> as an MLflow run: params (source, method, folds, the tweets' files, hash and
/// size), metrics (<c>cv_*_before</c>/<c>cv_*_after</c>, the fitted numbers), artifacts (<c>plots/reliability.png</c>
/// before and after, the new checkpoint, the SavedModel as an MLflow model). Opened before calibrating, so the new
/// model's info can name the run.
/// </summary>
public sealed class CalibrationTracker(ITrackedRun run)
{
    public string RunId => run.RunId;

    public string Location => run.Location;

    public static async Task<CalibrationTracker> StartAsync(ExperimentTracker tracker, TrackingOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MlflowTags.User] = Environment.UserName,
            [MlflowTags.SourceName] = "trainer calibrate",
            [MlflowTags.SourceType] = "LOCAL",
            [MlflowTags.Note] = "Calibration in progress.",
        };
        return new CalibrationTracker(await tracker.StartRunAsync(options, tags, cancellationToken));
    }

    public async Task CompleteAsync(CalibrationResult result, CalibrationData data, CalibrationRunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        await run.LogParamsAsync(Params(result, data, options), cancellationToken);
        await run.LogMetricsAsync(Metrics(result), cancellationToken);

        string staging = Path.Combine(Path.GetTempPath(), $"twittersentiment-calibration-{Guid.NewGuid():N}");
        try
        {
            string plots = Path.Combine(staging, "plots");
            Directory.CreateDirectory(plots);
            TrainingPlots.SaveReliabilityDiagram(Path.Combine(plots, TrainingRunTracker.ReliabilityPlot),
                [($"before ({data.Tweets.Count} tweets)", result.ReliabilityBefore), ($"after, {options.Folds}-fold cross-validated", result.ReliabilityAfter)]);
            await run.LogArtifactAsync(plots, "plots", cancellationToken);
            if (result.Output.CheckpointDirectory is { } checkpoint) await run.LogArtifactAsync(checkpoint, "checkpoint", cancellationToken);
            string model = Path.Combine(staging, MlflowModelWriter.ArtifactPath);
            Directory.CreateDirectory(model);
            string history = MlflowModelWriter.Write(result.Output.Export.VersionDirectory, model, run.RunId, DateTime.UtcNow);
            await run.LogArtifactAsync(model, MlflowModelWriter.ArtifactPath, cancellationToken);
            await run.SetTagsAsync(new Dictionary<string, string>
            {
                [MlflowTags.LogModelHistory] = history,
                [MlflowTags.Note] = Describe(result, data, options),
            }, cancellationToken);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
        await run.EndAsync(RunStatus.Finished, cancellationToken);
    }

    /// <summary>Ends the run KILLED (Ctrl+C) or FAILED, noting why.</summary>
    public async Task FailAsync(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        bool cancelled = error is OperationCanceledException;
        await run.SetTagsAsync(new Dictionary<string, string> { [MlflowTags.Note] = cancelled ? "**Interrupted** (Ctrl+C)." : $"**Failed**: {error.Message}" });
        await run.EndAsync(cancelled ? RunStatus.Killed : RunStatus.Failed);
    }

    private static Dictionary<string, string> Params(CalibrationResult result, CalibrationData data, CalibrationRunOptions options)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["source"] = result.Source,
            ["method"] = options.Method.Name,
            ["fit_weights"] = options.Method.FitWeights ? "True" : "False",
            ["balanced"] = options.Method.Balanced ? "True" : "False",
            ["fit_bag"] = options.Method.FitBag ? "True" : "False",
            ["folds"] = Text(options.Folds),
            ["seed"] = Text(options.Seed),
            ["data_path"] = data.Facts.Source,
            ["data_sha256"] = data.Facts.Sha256,
            ["data_tweets"] = Text(data.Tweets.Count),
            ["data_bytes"] = Text(data.Bytes),
            ["data_positives"] = Text(data.Labels.Count(label => label == 1)),
        };
        if (result.Fitted.Bag is { } bag)
        {
            parameters["bag_penalty"] = bag.Penalty.ToString("R", CultureInfo.InvariantCulture);
            parameters["bag_penalty_chosen_by"] = bag.PenaltyChosen ? $"{options.Folds}-fold cross-validation" : "--bag-penalty";
        }
        return parameters;
    }

    private static List<MetricPoint> Metrics(CalibrationResult result)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var points = new List<MetricPoint>();
        void Add(string key, double? value)
        {
            if (value is { } number && double.IsFinite(number)) points.Add(new MetricPoint(key, number, 0, now));
        }
        foreach (var (suffix, metrics) in new[] { ("before", result.CrossValidatedBefore), ("after", result.CrossValidatedAfter) })
        {
            Add($"cv_accuracy_{suffix}", metrics.Accuracy);
            Add($"cv_balanced_accuracy_{suffix}", metrics.BalancedAccuracy);
            Add($"cv_ece_{suffix}", metrics.ExpectedCalibrationError);
            Add($"cv_log_loss_{suffix}", metrics.LogLoss);
            Add($"cv_roc_auc_{suffix}", metrics.RocAuc);
            Add($"cv_predicted_positive_rate_{suffix}", metrics.PredictedPositiveRate);
        }
        if (result.Temperature is { } temperature)
        {
            Add("calibration_temperature", temperature.Temperature);
            Add("calibration_shift", temperature.Shift);
        }
        Add("weight_lstm", result.After.Lstm);
        Add("weight_lexicon", result.After.Lexicon);
        Add("weight_bag_of_vectors", result.After.Bag);
        Add("intercept", result.After.Intercept);
        return points;
    }

    private static string Describe(CalibrationResult result, CalibrationData data, CalibrationRunOptions options)
    {
        var (before, after) = (result.CrossValidatedBefore, result.CrossValidatedAfter);
        return string.Create(CultureInfo.InvariantCulture,
            $"""
            Calibrated {result.Source} ({options.Method.Name}) on {data.Tweets.Count:N0} labelled tweets (`{data.Facts.Source}`, SHA-256 `{data.Facts.Sha256[..Math.Min(12, data.Facts.Sha256.Length)]}…`).

            * {options.Folds}-fold cross-validated balanced accuracy {before.BalancedAccuracy:P2} → **{after.BalancedAccuracy:P2}**, accuracy {before.Accuracy:P2} → {after.Accuracy:P2}
            * ECE {before.ExpectedCalibrationError:0.0000} → **{after.ExpectedCalibrationError:0.0000}**, log loss {before.LogLoss:0.0000} → {after.LogLoss:0.0000}
            * New SavedModel `{result.Output.Export.VersionDirectory}` (artifact `model/`)
            """);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
