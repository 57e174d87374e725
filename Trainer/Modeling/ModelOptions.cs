namespace TwitterSentiment.Trainer.Modeling;

/// <summary>The architecture of a <see cref="SentimentModel"/>; saved with every checkpoint.</summary>
public sealed record ModelOptions
{
    public required int VocabularySize { get; init; }
    public required int SequenceLength { get; init; }
    public int EmbeddingDim { get; init; } = 64;
    public int LstmUnits { get; init; } = 64;
    public bool Bidirectional { get; init; }
    public double Dropout { get; init; } = 0.3;

    /// <summary>Width of the vector the dense layer sees.</summary>
    public int FeatureSize => Bidirectional ? 2 * LstmUnits : LstmUnits;
}
