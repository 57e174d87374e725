namespace TwitterSentiment.Trainer.Modeling;

/// <summary>The architecture of a <see cref="SentimentModel"/>; saved with every checkpoint.</summary>
public sealed record ModelOptions
{
    // The defaults, once: the options records use them and the command-line settings show them as [DefaultValue].
    public const int DefaultVocabularySize = 10_000;
    public const int DefaultSequenceLength = 50;
    public const int DefaultEmbeddingDim = 64;
    public const int DefaultLstmUnits = 64;
    public const double DefaultDropout = 0.3;
    public const double DefaultLexiconWeight = 2.5;

    public required int VocabularySize { get; init; }
    public required int SequenceLength { get; init; }
    public int EmbeddingDim { get; init; } = DefaultEmbeddingDim;
    public int LstmUnits { get; init; } = DefaultLstmUnits;
    public bool Bidirectional { get; init; }
    public double Dropout { get; init; } = DefaultDropout;

    /// <summary>
    /// Ids from <c>VocabularySize − PretrainedRows</c> on have pretrained vectors (see
    /// <see cref="Embeddings.PretrainedVocabulary"/>); 0 = every row is learned from the training data.
    /// </summary>
    public int PretrainedRows { get; init; }

    /// <summary>Whether the pretrained rows are trained further (fine-tuned) instead of kept as they are (frozen).</summary>
    public bool FineTunePretrained { get; init; }

    /// <summary>
    /// Whether the trained embedding rows get sparse gradients (PyTorch's <c>Embedding(sparse=True)</c>): only the rows a
    /// batch uses, which the trainer then updates lazily (<see cref="SparseAdam"/>). Predictions do not depend on it.
    /// </summary>
    public bool SparseEmbeddingGradients { get; init; }

    /// <summary>
    /// Weight of the lexicon's verdict in the logit when the model predicts: logit = LSTM's logit + weight × Σ the
    /// tweet's token valences (−1…1, a negation among the 3 tokens before a word scales it by −0.74; see
    /// <see cref="Lexicon.NegationRule"/>). 0 = the model has no lexicon. The LSTM is trained on its own; the
    /// lexicon, rated by people and fixed, is the part that carries over to tweets unlike the training data.
    /// </summary>
    public double LexiconWeight { get; init; }

    public bool HasLexicon => LexiconWeight != 0;

    /// <summary>Rows of the learned embedding table (the special ids and the tokens without a pretrained vector).</summary>
    public int LearnedRows => VocabularySize - PretrainedRows;

    /// <summary>Width of the vector the dense layer sees.</summary>
    public int FeatureSize => Bidirectional ? 2 * LstmUnits : LstmUnits;
}
