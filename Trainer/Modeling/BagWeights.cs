namespace TwitterSentiment.Trainer.Modeling;

/// <summary>The bag of vectors' numbers (see <see cref="SentimentModel"/>): its frozen vectors and its dense layer.</summary>
/// <param name="Vectors">Row-major [VocabularySize, BagDim]; zero rows for padding and tokens without a vector.</param>
/// <param name="Kernel">[BagDim]: the dense layer's weights.</param>
/// <param name="Bias">The dense layer's bias.</param>
public sealed record BagWeights(float[] Vectors, float[] Kernel, float Bias);
