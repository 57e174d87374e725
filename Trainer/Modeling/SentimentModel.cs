using TorchSharp.Modules;
using TwitterSentiment.Trainer.Lexicon;
using static TorchSharp.torch;

namespace TwitterSentiment.Trainer.Modeling;

/// <summary>
/// Embedding → LSTM (optionally a second, right-to-left LSTM) → dropout → dense → logit.
/// <para>
/// Input: token ids [batch, sequenceLength], real tokens first, padding (id 0) after them. A row's length is
/// its count of non-zero ids, at least 1 (an empty tweet is read as one padding step). The forward LSTM's
/// feature is its output at the row's last real step; the backward LSTM reads the real steps in reverse
/// order and its feature is likewise taken after the last of them. Padding therefore never influences the
/// result: this is Keras' <c>mask_zero=True</c> semantics, and what the exported graph reproduces by masking
/// an unrolled LSTM.
/// </para>
/// Predicting combines up to three terms (<see cref="TermLogits"/>) with <see cref="ModelOptions.Terms"/>:
/// <list type="bullet">
/// <item>the LSTM's logit (its dense layer's output);</item>
/// <item>with a lexicon (<see cref="ModelOptions.HasLexicon"/>: one <see cref="LexiconTerm"/> submodule), the
/// lexicon's verdict: the sum of the tweet's token valences, each negated word's valence scaled by
/// <see cref="NegationRule.Scale"/>;</item>
/// <item>with a bag of vectors (<see cref="ModelOptions.HasBag"/>), the Keras branch <c>Embedding(weights=[vectors],
/// trainable=False)</c> → masked <c>GlobalAveragePooling1D</c> (the mean over the non-padding tokens; tokens without
/// a vector have a zero row and still count) → <c>Dense(1)</c>.</item>
/// </list>
/// logit = Terms.Lstm × LSTM + Terms.Lexicon × lexicon + Terms.Bag × bag + Terms.Intercept. Training mode is the LSTM's
/// logit alone (plus the bag's when <see cref="ModelOptions.TrainBagJointly"/>), so the LSTM learns from the tweets
/// alone; the bag's dense layer is otherwise fitted on its own (<see cref="FitBag"/>).
/// Output: logits [batch]; P(positive) = σ(logit).
/// </summary>
public sealed class SentimentModel : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly Embedding? pretrainedEmbedding;
    private readonly LSTM forwardLstm;
    private readonly LSTM? backwardLstm;
    private readonly Dropout dropout;
    private readonly Linear dense;
    private readonly LexiconTerm? lexicon;
    private readonly Embedding? bagVectors;
    private readonly Linear? bagDense;

    /// <param name="options">The architecture.</param>
    /// <param name="pretrainedVectors">
    /// Row-major [<see cref="ModelOptions.PretrainedRows"/>, EmbeddingDim] initial vectors of the pretrained rows; null
    /// leaves them at zero (a checkpoint's weights are loaded over them).
    /// </param>
    /// <param name="lexiconTable">
    /// With <see cref="ModelOptions.HasLexicon"/>: the vocabulary's lexicon; null leaves it at zero (a checkpoint's
    /// weights are loaded over it).
    /// </param>
    /// <param name="bagVectors">
    /// With <see cref="ModelOptions.HasBag"/>: row-major [VocabularySize, BagDim] frozen vectors of the bag of vectors; null
    /// leaves them at zero (a checkpoint's weights are loaded over them).
    /// </param>
    public SentimentModel(ModelOptions options, float[]? pretrainedVectors = null, LexiconTable? lexiconTable = null, float[]? bagVectors = null) : base(nameof(SentimentModel))
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.PretrainedRows);
        ArgumentOutOfRangeException.ThrowIfNegative(options.BagOnlyRows);
        ArgumentOutOfRangeException.ThrowIfNegative(options.BagDim);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LearnedRows, 2, nameof(options));
        if (options.BagOnlyRows > 0 && !options.HasBag) throw new ArgumentException("Bag-only rows need a bag of vectors.", nameof(options));
        Options = options;
        embedding = nn.Embedding(options.LearnedRows, options.EmbeddingDim, padding_idx: 0, sparse: options.SparseEmbeddingGradients);
        if (options.PretrainedRows > 0)
        {
            // The Keras way: an Embedding initialised from the pretrained matrix, trainable or not.
            pretrainedEmbedding = nn.Embedding(options.PretrainedRows, options.EmbeddingDim, sparse: options.SparseEmbeddingGradients);
        }
        forwardLstm = nn.LSTM(options.EmbeddingDim, options.LstmUnits, batchFirst: true);
        backwardLstm = options.Bidirectional ? nn.LSTM(options.EmbeddingDim, options.LstmUnits, batchFirst: true) : null;
        dropout = nn.Dropout(options.Dropout);
        dense = nn.Linear(options.FeatureSize, 1);
        lexicon = options.HasLexicon ? new LexiconTerm(options.VocabularySize, lexiconTable) : null;
        if (options.HasBag)
        {
            this.bagVectors = nn.Embedding(options.VocabularySize, options.BagDim);
            bagDense = nn.Linear(options.BagDim, 1);
        }
        RegisterComponents();
        InitialiseLikeKeras();
        if (pretrainedEmbedding is not null)
        {
            using var _ = no_grad();
            var weight = pretrainedEmbedding.weight!;
            if (pretrainedVectors is null)
            {
                weight.zero_();
            }
            else
            {
                if (pretrainedVectors.LongLength != (long)options.PretrainedRows * options.EmbeddingDim)
                    throw new ArgumentException($"{pretrainedVectors.LongLength} values do not make {options.PretrainedRows} vectors of {options.EmbeddingDim}.", nameof(pretrainedVectors));
                using var initial = tensor(pretrainedVectors, [options.PretrainedRows, options.EmbeddingDim], dtype: float32);
                weight.copy_(initial);
            }
            weight.requires_grad = options.FineTunePretrained;
        }
        if (this.bagVectors is not null)
        {
            if (bagVectors is not null && bagVectors.LongLength != (long)options.VocabularySize * options.BagDim)
                throw new ArgumentException($"{bagVectors.LongLength} values do not make {options.VocabularySize} vectors of {options.BagDim}.", nameof(bagVectors));
            // Pretrained and frozen, the Keras way (trainable=False): never given to Adam.
            using var _ = no_grad();
            var weight = this.bagVectors.weight!;
            if (bagVectors is null)
            {
                weight.zero_();
            }
            else
            {
                using var initial = tensor(bagVectors, [options.VocabularySize, options.BagDim], dtype: float32);
                weight.copy_(initial);
            }
            weight.requires_grad = false;
        }
    }

    /// <summary>The architecture, and the terms' weights (changed by <see cref="UseCombination"/>).</summary>
    public ModelOptions Options { get; private set; }

    /// <summary>
    /// The names (as in <c>named_parameters()</c>) of the weights whose gradients are sparse
    /// (<see cref="ModelOptions.SparseEmbeddingGradients"/>); the others' are dense.
    /// </summary>
    public IReadOnlyList<string> SparseGradientWeights =>
        !Options.SparseEmbeddingGradients ? []
        : pretrainedEmbedding is null ? [$"{nameof(embedding)}.weight"]
        : [$"{nameof(embedding)}.weight", $"{nameof(pretrainedEmbedding)}.weight"];

    /// <summary>The lexicon's term; null when the model has none.</summary>
    public LexiconTerm? Lexicon => lexicon;

    /// <summary>
    /// Parameter names of checkpoints written before the lexicon was a submodule, and what they are called now
    /// (<see cref="ModelCheckpoint"/> reads them under both).
    /// </summary>
    internal static IReadOnlyDictionary<string, string> FormerParameterNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["valence.weight"] = "lexicon.valence.weight",
        ["negation.weight"] = "lexicon.negation.weight",
    };

    /// <summary>
    /// In training mode the LSTM's logit (plus the bag's when trained jointly); otherwise the terms combined with
    /// <see cref="ModelOptions.Terms"/>.
    /// </summary>
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        ids = WithoutTrailingPadding(ids);
        var lstm = LstmLogit(ids);
        if (training)
        {
            if (Options.TrainBagJointly && bagDense is not null) lstm = lstm + BagLogit(ids);
            return lstm.MoveToOuterDisposeScope();
        }
        var terms = Options.Terms;
        var logit = (float)terms.Lstm * lstm + (float)terms.Intercept;
        if (lexicon is not null) logit = logit + (float)terms.Lexicon * lexicon.forward(ids);
        if (bagDense is not null) logit = logit + (float)terms.Bag * BagLogit(ids);
        return logit.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Each row's terms, unweighted, [batch, 3] in <see cref="TermWeights.TermNames"/> order: the LSTM's logit, the
    /// lexicon's score and the bag of vectors' logit (0 where the model lacks the term). Evaluation mode, no gradients.
    /// </summary>
    public Tensor TermLogits(Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        bool wasTraining = training;
        eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            ids = WithoutTrailingPadding(ids);
            var lstm = LstmLogit(ids);
            var lexiconScore = lexicon is not null ? lexicon.forward(ids) : zeros_like(lstm);
            var bag = bagDense is not null ? BagLogit(ids) : zeros_like(lstm);
            return stack([lstm, lexiconScore, bag], 1).MoveToOuterDisposeScope();
        }
        finally
        {
            train(wasTraining);
        }
    }

    /// <summary>Makes <paramref name="combination"/> the model's term weights (calibration; saved in the checkpoint's options).</summary>
    public void UseCombination(TermWeights combination)
    {
        ArgumentNullException.ThrowIfNull(combination);
        if (!combination.Weights.Append(combination.Intercept).All(double.IsFinite))
            throw new ArgumentException("Every weight of the combination must be a finite number.", nameof(combination));
        Options = Options with { Combination = combination };
    }

    /// <summary>
    /// The bag of vectors' pooled features, [batch, BagDim]: the mean of the frozen vectors over each row's non-padding
    /// tokens (an empty row: zeros). What its dense layer reads.
    /// </summary>
    public Tensor BagFeatures(Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (bagVectors is null) throw new InvalidOperationException("The model has no bag of vectors.");
        return PoolBag(bagVectors.weight!, ids);
    }

    /// <summary>
    /// The bag's pooling, [batch, D]: the mean of <paramref name="vectors"/>' rows [V, D] over each row's non-padding
    /// <paramref name="ids"/> [batch, S] (an empty row: zeros). Also what a SavedModel's bag reads, from its constants.
    /// </summary>
    public static Tensor PoolBag(Tensor vectors, Tensor ids)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(ids);
        using var scope = NewDisposeScope();
        var mask = ids.ne(0).to_type(float32);                                                              // [B, S]
        var gathered = vectors.index_select(0, ids.reshape(-1)).reshape(ids.shape[0], ids.shape[1], vectors.shape[1]); // [B, S, D]
        var summed = (gathered * mask.unsqueeze(-1)).sum(1);                                                // [B, D]
        var counts = mask.sum(1, keepdim: true).clamp_min(1);                                               // [B, 1]
        return (summed / counts).MoveToOuterDisposeScope();
    }

    /// <summary>Sets the bag of vectors' dense layer, e.g. to a logistic regression fitted on <see cref="BagFeatures"/>.</summary>
    public void FitBag(IReadOnlyList<double> kernel, double bias)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (bagDense is null) throw new InvalidOperationException("The model has no bag of vectors.");
        if (kernel.Count != Options.BagDim) throw new ArgumentException($"{kernel.Count} weights for {Options.BagDim} features.", nameof(kernel));
        using var _ = no_grad();
        using var weight = tensor(kernel.Select(value => (float)value).ToArray(), [1, Options.BagDim], dtype: float32);
        bagDense.weight!.copy_(weight);
        bagDense.bias!.fill_(bias);
    }

    private Tensor BagLogit(Tensor ids) => bagDense!.forward(BagFeatures(ids)).squeeze(-1);

    /// <summary>Steps after the batch's longest row are padding everywhere: dropping them changes no term.</summary>
    private static Tensor WithoutTrailingPadding(Tensor ids)
    {
        long longest = ids.ne(0).sum(1).max().item<long>();
        return longest < ids.shape[1] ? ids.narrow(1, 0, Math.Max(longest, 1)) : ids;
    }

    private Tensor LstmLogit(Tensor ids)
    {
        long batch = ids.shape[0];
        // The LSTM and the lexicon do not know the bag's own words: [UNK] to them.
        if (Options.BagOnlyRows > 0) ids = ids.masked_fill(ids.ge(Options.LstmVocabularySize), Text.Vocabulary.OutOfVocabularyId);
        var lengths = ids.ne(0).sum(1).clamp_min(1);
        long steps = ids.shape[1];
        var last = (lengths - 1).view(batch, 1, 1);

        var embedded = Embed(ids);
        var feature = LastRealStep(forwardLstm, embedded, last);

        if (backwardLstm is not null)
        {
            // Reverse each row's real steps in place; padding positions stay where they are.
            var positions = arange(steps, device: ids.device).view(1, steps).expand(batch, steps);
            var lengthColumn = lengths.view(batch, 1);
            var reversedIndex = where(positions.lt(lengthColumn), lengthColumn - 1 - positions, positions);
            var reversed = embedded.gather(1, reversedIndex.unsqueeze(-1).expand(-1, -1, embedded.shape[2]));
            feature = cat([feature, LastRealStep(backwardLstm, reversed, last)], 1);
        }

        return dense.forward(dropout.forward(feature)).squeeze(-1);
    }

    /// <summary>Learned rows for ids below <see cref="ModelOptions.LearnedRows"/>, pretrained rows from there on.</summary>
    private Tensor Embed(Tensor ids)
    {
        if (pretrainedEmbedding is null) return embedding.forward(ids);
        long learnedRows = Options.LearnedRows;
        var isPretrained = ids.ge(learnedRows);
        var learned = embedding.forward(ids.masked_fill(isPretrained, 0));
        var pretrained = pretrainedEmbedding.forward((ids - learnedRows).clamp_min(0));
        return where(isPretrained.unsqueeze(-1), pretrained, learned);
    }

    /// <summary>P(positive) for a batch of token ids, in evaluation mode and without gradients.</summary>
    public float[] PredictProbabilities(Tensor ids)
    {
        bool wasTraining = training;
        eval();
        try
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            return forward(ids).sigmoid().data<float>().ToArray();
        }
        finally
        {
            train(wasTraining);
        }
    }

    /// <summary>The weights as plain arrays in Keras/TensorFlow layout (see <see cref="SentimentModelWeights"/>).</summary>
    public SentimentModelWeights ExportWeights()
    {
        using var _ = no_grad();
        return new SentimentModelWeights(
            Options,
            pretrainedEmbedding is null ? ToArray(embedding.weight!) : ToArray(cat([embedding.weight!, pretrainedEmbedding.weight!], 0)),
            ToKerasLayout(forwardLstm),
            backwardLstm is null ? null : ToKerasLayout(backwardLstm),
            ToArray(dense.weight!),
            dense.bias!.item<float>(),
            lexicon?.ExportWeights(),
            bagVectors is null || bagDense is null ? null : new BagWeights(ToArray(bagVectors.weight!), ToArray(bagDense.weight!), bagDense.bias!.item<float>()),
            Options.Terms);
    }

    private static Tensor LastRealStep(LSTM lstm, Tensor inputs, Tensor last)
    {
        var (outputs, _, _) = lstm.call(inputs);
        return outputs.gather(1, last.expand(-1, 1, outputs.shape[2])).squeeze(1);
    }

    private static LstmWeights ToKerasLayout(LSTM lstm)
    {
        var kernel = lstm.get_parameter("weight_ih_l0")!.t();
        var recurrent = lstm.get_parameter("weight_hh_l0")!.t();
        var bias = lstm.get_parameter("bias_ih_l0")! + lstm.get_parameter("bias_hh_l0")!;
        return new LstmWeights(ToArray(kernel), ToArray(recurrent), ToArray(bias));
    }

    private static float[] ToArray(Tensor tensor) => tensor.contiguous().data<float>().ToArray();

    /// <summary>
    /// Keras defaults: embedding U(±0.05), Glorot-uniform input kernels, orthogonal recurrent kernels,
    /// zero biases with the forget gate's bias at 1, Glorot-uniform dense kernel. They converge much faster
    /// than PyTorch's defaults on this task.
    /// </summary>
    private void InitialiseLikeKeras()
    {
        using var _ = no_grad();
        nn.init.uniform_(embedding.weight!, -0.05, 0.05);
        embedding.weight![0].zero_();
        foreach (var lstm in new[] { forwardLstm, backwardLstm }.OfType<LSTM>())
        {
            int units = Options.LstmUnits;
            nn.init.xavier_uniform_(lstm.get_parameter("weight_ih_l0")!);
            nn.init.orthogonal_(lstm.get_parameter("weight_hh_l0")!);
            lstm.get_parameter("bias_ih_l0")!.zero_();
            lstm.get_parameter("bias_hh_l0")!.zero_();
            lstm.get_parameter("bias_ih_l0")![TensorIndex.Slice(units, 2 * units)].fill_(1.0);
        }
        nn.init.xavier_uniform_(dense.weight!);
        dense.bias!.zero_();
        if (bagDense is not null)
        {
            nn.init.xavier_uniform_(bagDense.weight!);
            bagDense.bias!.zero_();
        }
    }
}
