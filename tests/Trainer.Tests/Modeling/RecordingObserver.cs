using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Tests.Modeling;

/// <summary>Remembers every event; optionally cancels after a number of batches.</summary>
internal sealed class RecordingObserver(CancellationTokenSource? cancelAfterBatches = null, int batchesBeforeCancel = int.MaxValue) : ITrainingObserver
{
    public List<string> Events { get; } = [];
    public List<EpochResult> Epochs { get; } = [];
    public int Batches { get; private set; }
    public DataFacts? Data { get; private set; }
    public TrainingSetup? Setup { get; private set; }
    public TrainingReport? Report { get; private set; }
    public List<(long BytesRead, long TotalBytes)> ReadProgress { get; } = [];

    public void OnDataReadProgress(long bytesRead, long totalBytes) => ReadProgress.Add((bytesRead, totalBytes));

    public void OnDataLoaded(DataFacts data)
    {
        Data = data;
        Events.Add("data");
    }

    public void OnTrainingStarted(TrainingSetup setup)
    {
        Setup = setup;
        Events.Add("started");
    }

    public void OnEpochStarted(int epoch, int batchCount) => Events.Add($"epoch {epoch} of {batchCount} batches");

    public void OnBatchCompleted(BatchProgress progress)
    {
        Batches++;
        if (Batches >= batchesBeforeCancel) cancelAfterBatches?.Cancel();
    }

    public void OnEpochCompleted(EpochResult result)
    {
        Epochs.Add(result);
        Events.Add($"epoch {result.Epoch} done");
    }

    public void OnTrainingCompleted(TrainingReport report)
    {
        Report = report;
        Events.Add("completed");
    }
}
