using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Runs;
using TwitterSentiment.Trainer.Tracking;

namespace TwitterSentiment.Trainer.Tests;

/// <summary>A training run small enough for a test (seconds on one thread); tests adjust it with <c>with</c>.</summary>
internal static class TinyRun
{
    public static TrainingRunOptions Options(string root, string data, string runName) => new()
    {
        DataPaths = [data],
        Model = new ModelOptions { VocabularySize = ModelOptions.DefaultVocabularySize, SequenceLength = 12, EmbeddingDim = 8, LstmUnits = 8 },
        Loop = new TrainingLoopOptions { Epochs = 3, BatchSize = 32, LearningRate = 0.01 },
        Threads = 1,
        CheckpointDirectory = Path.Combine(root, "checkpoints"),
        ExportDirectory = Path.Combine(root, "models"),
        RunName = runName,
    };

    /// <summary>Every step of the run (train, checkpoint, export, and tracking when <paramref name="tracker"/> is given).</summary>
    public static TrainingRunResult Execute(this TrainingRunOptions options, ITrainingObserver observer, TrainingRunTracker? tracker = null,
        CancellationToken cancellationToken = default)
    {
        using var checkpoint = CheckpointFolder.Claim(options.CheckpointDirectory, options.RunName, CheckpointClaim.Exact);
        return new TrainingRun(options, checkpoint, tracker).ExecuteAsync(observer, cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>The same run with at most <paramref name="epochs"/> epochs.</summary>
    public static TrainingRunOptions WithEpochs(this TrainingRunOptions options, int epochs) =>
        options with { Loop = options.Loop with { Epochs = epochs } };
}
