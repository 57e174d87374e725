namespace TwitterSentiment.Trainer.Tracking.Rest;

// MLflow REST messages (mlflow/protos/service.proto), serialised with snake_case names. Only the fields we use;
// the server ignores nothing we need and we ignore what we do not read.

internal sealed record MlflowKeyValue(string Key, string Value);

internal sealed record MlflowMetric(string Key, double Value, long Timestamp, long Step);

internal sealed record MlflowExperiment(string? ExperimentId, string? Name, string? ArtifactLocation, string? LifecycleStage);

internal sealed record GetExperimentResponse(MlflowExperiment? Experiment);

internal sealed record CreateExperimentRequest(string Name);

internal sealed record CreateExperimentResponse(string? ExperimentId);

internal sealed record CreateRunRequest(string ExperimentId, string UserId, string RunName, long StartTime, IReadOnlyList<MlflowKeyValue> Tags);

internal sealed record MlflowRunInfo(string? RunId, string? ExperimentId, string? ArtifactUri, string? Status);

internal sealed record MlflowRun(MlflowRunInfo? Info);

internal sealed record CreateRunResponse(MlflowRun? Run);

internal sealed record LogBatchRequest(string RunId, IReadOnlyList<MlflowMetric> Metrics, IReadOnlyList<MlflowKeyValue> Params, IReadOnlyList<MlflowKeyValue> Tags);

internal sealed record UpdateRunRequest(string RunId, string Status, long EndTime);

internal sealed record MlflowErrorResponse(string? ErrorCode, string? Message);
