using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Tests;

/// <summary>A training run small enough for a test (seconds on one thread); tests adjust it with <c>with</c>.</summary>
internal static class TinyRun
{
    public static TrainingRunOptions Options(string root, string data, string runName) => new()
    {
        DataPath = data,
        Epochs = 3,
        BatchSize = 32,
        SequenceLength = 12,
        EmbeddingDim = 8,
        LstmUnits = 8,
        LearningRate = 0.01,
        Threads = 1,
        CheckpointDirectory = Path.Combine(root, "checkpoints"),
        ExportDirectory = Path.Combine(root, "models"),
        RunName = runName,
    };
}
