namespace TwitterSentiment.Trainer.Tracking;

/// <summary>MLflow's run status. The numbers are MLflow's own enum values, stored as ints in a file store's meta.yaml.</summary>
public enum RunStatus
{
    Running = 1,
    Scheduled = 2,
    Finished = 3,
    Failed = 4,
    Killed = 5,
}
