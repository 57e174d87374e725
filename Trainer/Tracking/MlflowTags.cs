namespace TwitterSentiment.Trainer.Tracking;

/// <summary>MLflow's system tag names (mlflow/utils/mlflow_tags.py) that the UI reads.</summary>
public static class MlflowTags
{
    public const string RunName = "mlflow.runName";
    public const string User = "mlflow.user";
    public const string SourceName = "mlflow.source.name";
    public const string SourceType = "mlflow.source.type";
    public const string GitCommit = "mlflow.source.git.commit";
    public const string GitBranch = "mlflow.source.git.branch";
    public const string Note = "mlflow.note.content";
    public const string LogModelHistory = "mlflow.log-model.history";
}
