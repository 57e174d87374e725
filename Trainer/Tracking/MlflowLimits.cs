namespace TwitterSentiment.Trainer.Tracking;

/// <summary>MLflow's validation limits (mlflow/utils/validation.py, newest) and its log-batch limits.</summary>
public static class MlflowLimits
{
    public const int MaxKeyLength = 250;
    public const int MaxParamValueLength = 6000;
    public const int MaxTagValueLength = 8000;
    public const int MaxExperimentNameLength = 500;

    public const int MaxBatchMetrics = 1000;
    public const int MaxBatchParams = 100;
    public const int MaxBatchTags = 100;
    public const int MaxBatchItems = 1000;

    /// <summary>The server's 1 MB body limit, minus head-room for the JSON framing we do not count exactly.</summary>
    public const int MaxBatchBodyBytes = 900_000;
}
