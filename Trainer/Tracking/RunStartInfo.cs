namespace TwitterSentiment.Trainer.Tracking;

/// <summary>What a tracker needs to open a run: names plus the tags MLflow sets when a run is created.</summary>
public sealed record RunStartInfo
{
    /// <summary>Experiment name; null or empty means MLflow's "Default" experiment (id "0").</summary>
    public string? ExperimentName { get; init; }

    /// <summary>Run name; null means a random MLflow-style name such as <c>brave-owl-417</c>.</summary>
    public string? RunName { get; init; }

    public required string UserName { get; init; }

    /// <summary>Tags written when the run is created (mlflow.user, mlflow.source.*, git commit...).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
