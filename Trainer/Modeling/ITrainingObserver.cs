namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// Hears what a training run does, as it happens: the console UI, run tracking and tests plug in here.
/// Every method has an empty default, so an observer implements only what it needs. Calls arrive on the
/// training thread, in order; an observer that throws stops the run.
/// </summary>
public interface ITrainingObserver
{
    /// <summary>Reading the data file: <paramref name="bytesRead"/> of <paramref name="totalBytes"/> so far.</summary>
    void OnDataReadProgress(long bytesRead, long totalBytes) { }

    /// <summary>The data file has been read (before splitting).</summary>
    void OnDataLoaded(DataFacts data) { }

    /// <summary>The data is read and split, the vocabulary built; training is about to start.</summary>
    void OnTrainingStarted(TrainingSetup setup) { }

    void OnEpochStarted(int epoch, int batchCount) { }

    void OnBatchCompleted(BatchProgress progress) { }

    void OnEpochCompleted(EpochResult result) { }

    /// <summary>Training ended (best weights restored); validation and test metrics are in the report.</summary>
    void OnTrainingCompleted(TrainingReport report) { }
}
