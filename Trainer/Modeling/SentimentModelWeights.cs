namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// Every number a trained <see cref="SentimentModel"/> computes with, in plain arrays, for exporters.
/// The forward pass they define is documented on <see cref="SentimentModel"/>.
/// </summary>
/// <param name="Embedding">Row-major [vocabularySize, embeddingDim]; row 0 (padding) is zero.</param>
/// <param name="Forward">The left-to-right LSTM.</param>
/// <param name="Backward">The right-to-left LSTM, when bidirectional.</param>
/// <param name="DenseKernel">[featureSize]: forward units first, then backward units.</param>
/// <param name="DenseBias">The logit's bias.</param>
/// <param name="Lexicon">The lexicon term (<see cref="LexiconTerm"/>); null when the model has none.</param>
public sealed record SentimentModelWeights(
    ModelOptions Options,
    float[] Embedding,
    LstmWeights Forward,
    LstmWeights? Backward,
    float[] DenseKernel,
    float DenseBias,
    LexiconWeights? Lexicon);
