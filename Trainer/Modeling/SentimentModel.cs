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
/// With a lexicon (<see cref="ModelOptions.HasLexicon"/>: one <see cref="LexiconTerm"/> submodule), predicting adds
/// the lexicon's verdict to the logit: the weight times the sum of the tweet's token valences, each negated word's
/// valence scaled by <see cref="NegationRule.Scale"/>. Training mode leaves it out, so the LSTM learns from the
/// tweets alone.
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

    /// <param name="options">The architecture.</param>
    /// <param name="pretrainedVectors">
    /// Row-major [<see cref="ModelOptions.PretrainedRows"/>, EmbeddingDim] initial vectors of the pretrained rows; null
    /// leaves them at zero (a checkpoint's weights are loaded over them).
    /// </param>
    /// <param name="lexiconTable">
    /// With <see cref="ModelOptions.HasLexicon"/>: the vocabulary's lexicon; null leaves it at zero (a checkpoint's
    /// weights are loaded over it).
    /// </param>
    public SentimentModel(ModelOptions options, float[]? pretrainedVectors = null, LexiconTable? lexiconTable = null) : base(nameof(SentimentModel))
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.PretrainedRows);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LearnedRows, 2, nameof(options));
        Options = options;
        embedding = nn.Embedding(options.LearnedRows, options.EmbeddingDim, padding_idx: 0);
        if (options.PretrainedRows > 0)
        {
            // The Keras way: an Embedding initialised from the pretrained matrix, trainable or not.
            pretrainedEmbedding = nn.Embedding(options.PretrainedRows, options.EmbeddingDim);
        }
        forwardLstm = nn.LSTM(options.EmbeddingDim, options.LstmUnits, batchFirst: true);
        backwardLstm = options.Bidirectional ? nn.LSTM(options.EmbeddingDim, options.LstmUnits, batchFirst: true) : null;
        dropout = nn.Dropout(options.Dropout);
        dense = nn.Linear(options.FeatureSize, 1);
        lexicon = options.HasLexicon ? new LexiconTerm(options.VocabularySize, options.LexiconWeight, lexiconTable) : null;
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
    }

    public ModelOptions Options { get; }

    /// <summary>The lexicon's part of the logit; null when the model has none.</summary>
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

    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        long batch = ids.shape[0];
        var lengths = ids.ne(0).sum(1).clamp_min(1);

        // Steps after the batch's longest row are padding everywhere and never reach a feature: skipping them
        // changes no result and saves most of the LSTM's work on tweets, which are far shorter than the sequence length.
        long longest = lengths.max().item<long>();
        if (longest < ids.shape[1]) ids = ids.narrow(1, 0, longest);
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

        var logit = dense.forward(dropout.forward(feature)).squeeze(-1);
        if (!training && lexicon is not null)
            logit = logit + lexicon.forward(ids);
        return logit.MoveToOuterDisposeScope();
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

    /// <summary>Adds <paramref name="shift"/> to every logit (through the dense layer's bias).</summary>
    public void ShiftIntercept(float shift)
    {
        using var _ = no_grad();
        dense.bias!.add_(shift);
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
            lexicon?.ExportWeights());
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
    }
}
