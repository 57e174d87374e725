using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Tests;

/// <summary>A training run small enough for a test (seconds on one thread); tests adjust it with <c>with</c>.</summary>
internal static class TinyRun
{
    public static TrainingRunOptions Options(string root, string data, string runName) => new()
    {
        DataPath = data,
        Model = new ModelOptions { VocabularySize = ModelOptions.DefaultVocabularySize, SequenceLength = 12, EmbeddingDim = 8, LstmUnits = 8 },
        EmbeddingDimChosen = true,
        Loop = new TrainingLoopOptions { Epochs = 3, BatchSize = 32, LearningRate = 0.01 },
        Threads = 1,
        CheckpointDirectory = Path.Combine(root, "checkpoints"),
        ExportDirectory = Path.Combine(root, "models"),
        RunName = runName,
    };

    /// <summary>The same run with at most <paramref name="epochs"/> epochs.</summary>
    public static TrainingRunOptions WithEpochs(this TrainingRunOptions options, int epochs) =>
        options with { Loop = options.Loop with { Epochs = epochs } };
}
