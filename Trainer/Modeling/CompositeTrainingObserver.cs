namespace TwitterSentiment.Trainer.Modeling;

/// <summary>Forwards every event to several observers, in the order given.</summary>
public sealed class CompositeTrainingObserver(params IReadOnlyList<ITrainingObserver> observers) : ITrainingObserver
{
    public void OnDataReadProgress(long bytesRead, long totalBytes)
    {
        foreach (var observer in observers) observer.OnDataReadProgress(bytesRead, totalBytes);
    }

    public void OnDataLoaded(DataFacts data)
    {
        foreach (var observer in observers) observer.OnDataLoaded(data);
    }

    public void OnTrainingStarted(TrainingSetup setup)
    {
        foreach (var observer in observers) observer.OnTrainingStarted(setup);
    }

    public void OnEpochStarted(int epoch, int batchCount)
    {
        foreach (var observer in observers) observer.OnEpochStarted(epoch, batchCount);
    }

    public void OnBatchCompleted(BatchProgress progress)
    {
        foreach (var observer in observers) observer.OnBatchCompleted(progress);
    }

    public void OnEpochCompleted(EpochResult result)
    {
        foreach (var observer in observers) observer.OnEpochCompleted(result);
    }

    public void OnTrainingCompleted(TrainingReport report)
    {
        foreach (var observer in observers) observer.OnTrainingCompleted(report);
    }
}
