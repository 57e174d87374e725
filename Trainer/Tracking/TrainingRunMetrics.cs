using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Tracking;

/// <summary>The metric names a training run logs: Keras-style per-epoch names (step = epoch) and final split metrics.</summary>
public static class TrainingRunMetrics
{
    public static IReadOnlyList<MetricPoint> ForEpoch(EpochResult epoch, long timestampMs) =>
    [
        new("loss", epoch.Loss, epoch.Epoch, timestampMs),
        new("accuracy", epoch.Accuracy, epoch.Epoch, timestampMs),
        new("val_loss", epoch.ValidationLoss, epoch.Epoch, timestampMs),
        new("val_accuracy", epoch.ValidationAccuracy, epoch.Epoch, timestampMs),
        new("learning_rate", epoch.LearningRate, epoch.Epoch, timestampMs),
        new("sequences_per_second", epoch.SequencesPerSecond, epoch.Epoch, timestampMs),
        new("epoch_seconds", epoch.Duration.TotalSeconds, epoch.Epoch, timestampMs),
        .. Timings(epoch, timestampMs),
    ];

    /// <summary>The validation pass's seconds and a training step's mean milliseconds per phase (what `trainer bench` reads).</summary>
    private static IEnumerable<MetricPoint> Timings(EpochResult epoch, long timestampMs)
    {
        yield return new("validation_seconds", epoch.ValidationTime.TotalSeconds, epoch.Epoch, timestampMs);
        yield return new("training_cpu_seconds", epoch.TrainingCpuTime.TotalSeconds, epoch.Epoch, timestampMs);
        var steps = epoch.Steps;
        if (steps.Steps == 0) yield break;
        foreach (var (phase, time) in new[] { ("data", steps.Data), ("forward", steps.Forward), ("backward", steps.Backward), ("optimizer", steps.Optimizer), ("metrics", steps.Metrics) })
            yield return new($"step_{phase}_ms", time.TotalMilliseconds / steps.Steps, epoch.Epoch, timestampMs);
    }

    /// <summary>Test and validation metrics of the kept (best) weights, logged at step = best epoch.</summary>
    public static IReadOnlyList<MetricPoint> Final(TrainingReport report, long timestampMs)
    {
        var points = new List<MetricPoint>();
        // An undefined metric (null) is not logged: MLflow has no way to say "undefined".
        void Add(string key, double? value)
        {
            if (value is { } number) points.Add(new MetricPoint(key, number, report.BestEpoch, timestampMs));
        }

        foreach (var (prefix, metrics) in new[] { ("test", report.Test), ("best_val", report.Validation) })
        {
            Add($"{prefix}_accuracy", metrics.Accuracy);
            Add($"{prefix}_precision", metrics.Precision);
            Add($"{prefix}_recall", metrics.Recall);
            Add($"{prefix}_f1", metrics.F1);
            Add($"{prefix}_roc_auc", metrics.RocAuc);
            Add($"{prefix}_log_loss", metrics.LogLoss);
            Add($"{prefix}_ece", metrics.ExpectedCalibrationError);
            Add($"{prefix}_true_positives", metrics.TruePositives);
            Add($"{prefix}_false_positives", metrics.FalsePositives);
            Add($"{prefix}_true_negatives", metrics.TrueNegatives);
            Add($"{prefix}_false_negatives", metrics.FalseNegatives);
        }

        foreach (var heldOut in report.HeldOut)
        {
            var metrics = heldOut.Metrics;
            Add($"{heldOut.Name}_accuracy", metrics.Accuracy);
            Add($"{heldOut.Name}_balanced_accuracy", metrics.BalancedAccuracy);
            Add($"{heldOut.Name}_f1", metrics.F1);
            Add($"{heldOut.Name}_roc_auc", metrics.RocAuc);
            Add($"{heldOut.Name}_log_loss", metrics.LogLoss);
            Add($"{heldOut.Name}_ece", metrics.ExpectedCalibrationError);
            Add($"{heldOut.Name}_predicted_positive_rate", metrics.PredictedPositiveRate);
            Add($"{heldOut.Name}_count", metrics.Count);
        }

        Add("best_epoch", report.BestEpoch);
        Add("best_val_uncalibrated_ece", report.ValidationBeforeCalibration.ExpectedCalibrationError);
        Add("best_val_uncalibrated_log_loss", report.ValidationBeforeCalibration.LogLoss);
        Add("calibration_temperature", report.Calibration.Temperature);
        Add("calibration_shift", report.Calibration.Shift);
        Add("epochs_run", report.History.Count);
        Add("stopped_early", report.StoppedEarly ? 1 : 0);
        Add("train_seconds", report.Timings.Train.TotalSeconds);
        Add("total_seconds", report.Timings.Total.TotalSeconds);
        return points;
    }
}
