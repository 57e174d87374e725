namespace TwitterSentiment.Trainer.Tracking;

/// <summary>
/// One MLflow run being recorded. Params are immutable once logged (same value again is fine), metrics append,
/// tags overwrite. Every run must end with <see cref="EndAsync"/>, whatever happened.
/// </summary>
public interface ITrackedRun
{
    string RunId { get; }

    string ExperimentId { get; }

    /// <summary>Where the run lives, for the console: a run directory or a tracking-server URL.</summary>
    string Location { get; }

    /// <summary>The tracking location holding the run, as <c>MLFLOW_TRACKING_URI</c> takes it: the file store's <c>file:</c> URI or the server's URL.</summary>
    string TrackingUri { get; }

    Task LogParamsAsync(IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken = default);

    Task LogMetricsAsync(IReadOnlyList<MetricPoint> metrics, CancellationToken cancellationToken = default);

    Task SetTagsAsync(IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default);

    /// <summary>
    /// Copies a file (to <c>artifacts/[artifactPath/]name</c>) or a directory's contents (to
    /// <c>artifacts/[artifactPath/]</c>) into the run, like <c>mlflow.log_artifact(s)</c>.
    /// </summary>
    Task LogArtifactAsync(string localPath, string? artifactPath = null, CancellationToken cancellationToken = default);

    Task EndAsync(RunStatus status, CancellationToken cancellationToken = default);
}
