namespace TwitterSentiment.Trainer.Modeling;

/// <summary>A run about to train: its options, its data, the model it builds and libtorch's threads.</summary>
public sealed record TrainingSetup(
    TrainingRunOptions Options,
    DataFacts Data,
    SplitSizes Split,
    ModelOptions Model,
    TrainingLoopOptions Loop,
    ThreadSettings Threads)
{
    /// <summary>The pretrained vectors the embedding started from; null when every row is learned.</summary>
    public EmbeddingsFacts? Embeddings { get; init; }

    /// <summary>The sentiment lexicon whose verdict the model adds to its own; null when it has none.</summary>
    public LexiconFacts? Lexicon { get; init; }

    /// <summary>The pretrained vectors of the bag of vectors; null when the model has none.</summary>
    public Embeddings.BagFacts? Bag { get; init; }
}
