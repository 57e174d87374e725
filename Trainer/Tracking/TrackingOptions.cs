namespace TwitterSentiment.Trainer.Tracking;

/// <summary>The tracking choices a user makes on the command line; nulls fall back to MLflow's environment variables.</summary>
public sealed record TrackingOptions
{
    /// <summary>--tracking-uri: a path, a file: URI or an http(s) MLflow server (else MLFLOW_TRACKING_URI, else ./mlruns at the repository root).</summary>
    public string? TrackingUri { get; init; }

    /// <summary>--experiment (else MLFLOW_EXPERIMENT_NAME, else MLflow's "Default").</summary>
    public string? ExperimentName { get; init; }

    /// <summary>--run-name (else a random MLflow-style name).</summary>
    public string? RunName { get; init; }
}
