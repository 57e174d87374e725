using System.Text.Json.Serialization;

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
    public const double DefaultLstmWeight = 1.0;
    public const double DefaultBagWeight = 1.0;

    public required int VocabularySize { get; init; }
    public required int SequenceLength { get; init; }
    public int EmbeddingDim { get; init; } = DefaultEmbeddingDim;
    public int LstmUnits { get; init; } = DefaultLstmUnits;
    public bool Bidirectional { get; init; }
    public double Dropout { get; init; } = DefaultDropout;

    /// <summary>
    /// The LSTM's ids from <c>LstmVocabularySize − PretrainedRows</c> on have pretrained vectors (see
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
    /// Weight of the lexicon's verdict (Σ the tweet's token valences, −1…1, a negation among the 3 tokens before a word
    /// scaling it by −0.74; see <see cref="Lexicon.NegationRule"/>) in the logit before calibration, the way
    /// <see cref="LstmWeight"/> and <see cref="BagWeight"/> are; after it, <see cref="Terms"/> holds the weight the model
    /// predicts with. 0 = the model has no lexicon. The LSTM is trained on its own; the lexicon, rated by people and
    /// fixed, is a part that carries over to tweets unlike the training data.
    /// </summary>
    public double LexiconWeight { get; init; }

    public bool HasLexicon => LexiconWeight != 0;

    /// <summary>
    /// Width of the frozen pretrained vectors of the bag-of-vectors branch (the Keras way: <c>Embedding(weights=…,
    /// trainable=False)</c> → masked mean over the tweet's tokens → <c>Dense(1)</c>), whose logit is the model's third
    /// term; 0 = the model has no such branch. Every vocabulary id has a row (zero for tokens without a vector).
    /// </summary>
    public int BagDim { get; init; }

    public bool HasBag => BagDim > 0;

    /// <summary>
    /// The last ids of the vocabulary that only the bag of vectors knows (pretrained words the LSTM's vocabulary does
    /// not hold): the LSTM and the lexicon read them as [UNK].
    /// </summary>
    public int BagOnlyRows { get; init; }

    /// <summary>Train the bag's dense layer together with the LSTM (their logits summed) instead of fitting it on its own.</summary>
    public bool TrainBagJointly { get; init; }

    /// <summary>The LSTM term's weight before calibration (see <see cref="Terms"/>).</summary>
    public double LstmWeight { get; init; } = DefaultLstmWeight;

    /// <summary>The bag-of-vectors term's weight before calibration (see <see cref="Terms"/>).</summary>
    public double BagWeight { get; init; } = DefaultBagWeight;

    /// <summary>
    /// The terms' weights and intercept as fitted by calibration (temperature scaling after training, or
    /// <c>trainer calibrate</c>); null = not calibrated: the weights given when training (<see cref="Terms"/>).
    /// </summary>
    public TermWeights? Combination { get; init; }

    /// <summary>How the terms make the logit: <see cref="Combination"/>, or the training weights with intercept 0.</summary>
    [JsonIgnore]
    public TermWeights Terms => Combination ?? new(LstmWeight, HasLexicon ? LexiconWeight : 0, HasBag ? BagWeight : 0, 0);

    /// <summary>Ids the LSTM and the lexicon know; the rest (<see cref="BagOnlyRows"/>) are [UNK] to them.</summary>
    public int LstmVocabularySize => VocabularySize - BagOnlyRows;

    /// <summary>Rows of the learned embedding table (the special ids and the tokens without a pretrained vector).</summary>
    public int LearnedRows => LstmVocabularySize - PretrainedRows;

    /// <summary>Width of the vector the dense layer sees.</summary>
    public int FeatureSize => Bidirectional ? 2 * LstmUnits : LstmUnits;
}
