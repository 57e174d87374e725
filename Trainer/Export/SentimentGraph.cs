using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Export.Graph;
using TwitterSentiment.Trainer.Export.Proto;
using TwitterSentiment.Trainer.Lexicon;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Text;
using static TwitterSentiment.Trainer.Export.Proto.DataType;

namespace TwitterSentiment.Trainer.Export;

/// <summary>
/// The exported computation, raw tweet in, probability out, as a TensorFlow graph:
/// <list type="number">
/// <item>Tokenizer (<see cref="TokenizerSpec"/>): StringLower (ASCII) → one StaticRegexReplace per rule, in
/// order → StringSplit on " " (empty pieces dropped) → SparseToDense [batch, maxTokens] padded with "" → one
/// extra "" column (TensorFlow.js's table lookup fails on zero keys) → flatten → HashTableV2 lookup ("" → 0,
/// tokens → their ids, anything else → 1) → reshape → pad with zeros and slice to [batch, sequenceLength]; the
/// token count before that cut = Sum(Sign(ids)) per row.</item>
/// <item>Model (<see cref="SentimentModel"/>): length = count of non-zero ids → embedding lookup → the LSTM
/// unrolled over the steps (and the backward LSTM unrolled from the last step to the first), from zero state,
/// step t updating the state only where t &lt; length (step 0 always: the length is at least 1, an empty tweet
/// is read as one padding step) → dense: the LSTM's logit; the lexicon's score and the bag of vectors' logit beside it
/// (zero columns when the model lacks them) → the combining layer (<see cref="TermWeights"/>) → sigmoid;
/// label = "positive" where the probability exceeds 0.5.</item>
/// </list>
/// Only ops that TensorFlow Serving and TensorFlow.js execute identically are used (plus StringLower).
/// </summary>
public sealed record SentimentGraph(GraphDef Graph, TensorRef Text, TensorRef TokenIds, TensorRef TokenCount, TensorRef Probability, TensorRef Label, string InitOp, int SequenceLength)
{
    public const int Producer = 1394;

    /// <summary>The node holding the unweighted term logits [batch, 3] (<see cref="TermWeights.TermNames"/> order).</summary>
    public const string TermLogitsNode = "term_logits";

    /// <summary>The combining layer's weights [3, 1] and intercept [1]: what calibration changes (and, with <c>--fit-bag</c>, the bag's layer).</summary>
    public const string CombineKernelNode = "model/combine/kernel";

    /// <inheritdoc cref="CombineKernelNode"/>
    public const string CombineBiasNode = "model/combine/bias";

    /// <summary>The bag of vectors' frozen vectors [rows, BagDim], read by <c>calibrate --saved-model --fit-bag</c>.</summary>
    public const string BagTableNode = "model/bag/table";

    /// <summary>The bag of vectors' dense layer: kernel [BagDim, 1] and bias [1], what <c>calibrate --fit-bag</c> refits.</summary>
    public const string BagKernelNode = "model/bag/kernel";

    /// <inheritdoc cref="BagKernelNode"/>
    public const string BagBiasNode = "model/bag/bias";

    /// <summary>The Const holding the <c>model_info</c> JSON.</summary>
    public const string ModelInfoJsonNode = "model_info/json";

    /// <summary>
    /// The <c>model_info</c> output: the given JSON broadcast to one copy per input row (Fill with the shape of
    /// <c>text</c>), so the signature obeys TF Serving's batch-first rule and answers a plain <c>:predict</c>.
    /// Null when the export carries no model info.
    /// </summary>
    public TensorRef? ModelInfo { get; init; }

    /// <summary>The unweighted terms [batch, 3] that the combining layer weighs: the <c>term_logits</c> signature's output.</summary>
    public required TensorRef TermLogits { get; init; }

    public static SentimentGraph Build(SentimentModelWeights weights, Vocabulary vocabulary, string? modelInfoJson = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var options = weights.Options;
        if (vocabulary.Count != options.VocabularySize)
            throw new ArgumentException($"The vocabulary has {vocabulary.Count} tokens but the model expects {options.VocabularySize}.", nameof(vocabulary));

        var g = new GraphBuilder();
        var text = g.Placeholder("text", DtString, -1);
        var (tokenIds, tokenCount, vocabularyImport) = Tokenize(g, text, vocabulary, options.SequenceLength);
        var (probability, termLogits) = Classify(g, tokenIds, weights);
        var isPositive = g.Greater("label/is_positive", probability, g.ScalarConst("label/threshold", (float)ServingContract.LabelThreshold));
        // TensorFlow.js's SelectV2 and GatherV2 take numbers only: select an index, look its name up in a table.
        var labelIndex = g.Select("label/index", isPositive, g.ScalarConst("label/positive_index", 1L), g.ScalarConst("label/negative_index", 0L));
        var labelTable = g.HashTable("label/table", DtInt64, DtString, "twittersentiment_labels");
        string labelImport = g.LookupTableImport("label/import", labelTable,
            g.Const("label/ids", [0L, 1L], 2), g.Const("label/names", [ServingContract.NegativeLabel, ServingContract.PositiveLabel], 2));
        var label = g.LookupTableFind("label", labelTable, labelIndex, g.ScalarConst("label/unknown", ""));

        TensorRef? modelInfo = modelInfoJson is null ? null
            : g.Fill("model_info", g.Shape("model_info/batch_size", text), g.ScalarConst(ModelInfoJsonNode, modelInfoJson));

        string initOp = g.NoOp("init_all_tables", vocabularyImport, labelImport);
        return new SentimentGraph(g.ToGraphDef(Producer), text, tokenIds, tokenCount, probability, label, initOp, options.SequenceLength)
        {
            ModelInfo = modelInfo,
            TermLogits = termLogits,
        };
    }

    /// <returns>The token ids, the token count before the cut, and the node that fills the vocabulary table (for the init op).</returns>
    private static (TensorRef TokenIds, TensorRef TokenCount, string TableImport) Tokenize(GraphBuilder g, TensorRef text, Vocabulary vocabulary, int sequenceLength)
    {
        var axis0 = g.ScalarConst("tokenizer/axis_0", 0);
        var axis1 = g.ScalarConst("tokenizer/axis_1", 1);
        var empty = g.ScalarConst("tokenizer/empty", "");

        var normalised = g.StringLower("tokenizer/lower", text);
        for (int i = 0; i < TokenizerSpec.Rules.Count; i++)
        {
            var rule = TokenizerSpec.Rules[i];
            normalised = g.StaticRegexReplace($"tokenizer/rule_{i:D2}_{rule.Name}", normalised, rule.Pattern, rule.Replacement);
        }
        var (indices, values, shape) = g.StringSplit("tokenizer/split", normalised, g.ScalarConst("tokenizer/separator", TokenizerSpec.Separator.ToString()));
        var dense = g.SparseToDense("tokenizer/dense", indices, shape, values, empty);

        // Always at least one column, so the lookup never sees zero keys (a batch of empty tweets).
        var batchSize = g.Shape("tokenizer/batch_size", text);
        var padColumnShape = g.Concat("tokenizer/pad_column_shape", [batchSize, g.Const("tokenizer/one", [1], 1)], axis0);
        var tokens = g.Concat("tokenizer/tokens", [dense, g.Fill("tokenizer/pad_column", padColumnShape, empty)], axis1);
        var flatTokens = g.Reshape("tokenizer/flat_tokens", tokens, g.Const("tokenizer/flat_shape", [-1], 1));

        // Vocabulary: "" (padding) → 0, real tokens → their ids, anything else → 1 (out of vocabulary).
        var table = g.HashTable("vocabulary/table", DtString, DtInt64, "twittersentiment_vocabulary");
        // The tokens, then the extra spellings that share their ids (see Vocabulary.Aliases).
        int tableSize = vocabulary.Count - 1 + vocabulary.Aliases.Count;
        string[] keys = new string[tableSize];
        long[] ids = new long[tableSize];
        keys[0] = "";
        ids[0] = Vocabulary.PaddingId;
        for (int id = 2; id < vocabulary.Count; id++)
        {
            keys[id - 1] = vocabulary.Tokens[id];
            ids[id - 1] = id;
        }
        for (int i = 0; i < vocabulary.Aliases.Count; i++)
        {
            keys[vocabulary.Count - 1 + i] = vocabulary.Aliases[i].Key;
            ids[vocabulary.Count - 1 + i] = vocabulary.Aliases[i].Value;
        }
        string import = g.LookupTableImport("vocabulary/import", table,
            g.Const("vocabulary/keys", keys, tableSize), g.Const("vocabulary/ids", ids, tableSize));
        var flatIds = g.LookupTableFind("vocabulary/lookup", table, flatTokens, g.ScalarConst("vocabulary/oov_id", (long)Vocabulary.OutOfVocabularyId));
        var tokenIds = g.Reshape("tokenizer/ids", flatIds, g.Shape("tokenizer/tokens_shape", tokens));

        // Tokens before the cut: a token is never "" (the split drops empty pieces), so its id is at least 1 and only
        // padding is 0. Sign turns each id into 1 or 0 and Sum counts a row: two nodes, int64 [batch]. (ArgMin of the ids,
        // one node, would find the first padding column, but TensorFlow leaves which tie it returns unspecified.)
        var tokenCount = g.Sum(ServingContract.TokenCountOutput, g.Sign("tokenizer/is_token", tokenIds), axis1);

        // Pad with zeros, keep the first sequenceLength columns.
        var paddingShape = g.Concat("tokenizer/padding_shape", [batchSize, g.Const("tokenizer/sequence_length", [sequenceLength], 1)], axis0);
        var padded = g.Concat("tokenizer/padded_ids", [tokenIds, g.Fill("tokenizer/padding", paddingShape, g.ScalarConst("tokenizer/zero_id", 0L))], axis1);
        var sliced = g.StridedSlice("token_ids", padded,
            g.Const("tokenizer/slice_begin", [0, 0], 2), g.Const("tokenizer/slice_end", [0, sequenceLength], 2), g.Const("tokenizer/slice_strides", [1, 1], 2),
            beginMask: 1, endMask: 1);
        return (sliced, tokenCount, import);
    }

    /// <returns>P(positive) [batch] and the unweighted term logits [batch, 3] it combines.</returns>
    private static (TensorRef Probability, TensorRef TermLogits) Classify(GraphBuilder g, TensorRef tokenIds, SentimentModelWeights weights)
    {
        var options = weights.Options;
        int steps = options.SequenceLength;
        int embeddingDim = options.EmbeddingDim;
        int units = options.LstmUnits;

        var axis0 = g.ScalarConst("model/axis_0", 0);
        var axis1 = g.ScalarConst("model/axis_1", 1);
        // The bag's own words are [UNK] to the LSTM.
        var lstmIds = options.BagOnlyRows == 0 ? tokenIds
            : g.Select("model/lstm_ids", g.Greater("model/is_bag_only", tokenIds, g.ScalarConst("model/last_lstm_id", (long)options.LstmVocabularySize - 1)),
                g.ScalarConst("model/unknown_id", (long)Vocabulary.OutOfVocabularyId), tokenIds);
        var embedding = g.Const("model/embedding", weights.Embedding, options.LstmVocabularySize, embeddingDim);
        var embedded = g.Gather("model/embedded", embedding, lstmIds, axis0);                      // [B, L, E]
        var timeMajor = g.Transpose("model/time_major", embedded, g.Const("model/time_major_perm", [1, 0, 2], 3));
        var flatSteps = g.Reshape("model/flat_steps", timeMajor, g.Const("model/flat_steps_shape", [-1, embeddingDim], 2)); // [L·B, E]

        // length = count of non-zero ids (a MatMul with ones sums each row); step t updates the state only where
        // t < length. Step 0 always updates, which makes the length at least 1 (an empty tweet is one padding step).
        var isToken = g.Cast("model/is_token", g.Greater("model/nonzero", tokenIds, g.ScalarConst("model/padding_id", 0L)), DtFloat); // [B, L]
        var length = g.MatMul("model/length", isToken, g.Const("model/ones", Enumerable.Repeat(1f, steps).ToArray(), steps, 1));   // [B, 1]
        var stepMasks = new TensorRef?[steps];
        for (int t = 1; t < steps; t++)
        {
            stepMasks[t] = g.Greater($"model/mask/step_{t:D3}", length, g.ScalarConst($"model/mask/t_{t:D3}", (float)t));
        }

        var batchSize = g.Shape("model/batch_size", tokenIds);
        var batch = g.StridedSlice("model/batch", batchSize,
            g.Const("model/batch_begin", [0], 1), g.Const("model/batch_end", [1], 1), g.Const("model/batch_stride", [1], 1));
        var stateShape = g.Concat("model/state_shape", [batch, g.Const("model/units", [units], 1)], axis0);
        var zeroState = g.Fill("model/zero_state", stateShape, g.ScalarConst("model/zero", 0f));

        var forward = UnrollLstm(g, "model/forward", weights.Forward, flatSteps, stepMasks, axis0, axis1, zeroState, steps, embeddingDim, units, reverse: false);
        var feature = forward;
        if (weights.Backward is { } backwardWeights)
        {
            var backward = UnrollLstm(g, "model/backward", backwardWeights, flatSteps, stepMasks, axis0, axis1, zeroState, steps, embeddingDim, units, reverse: true);
            feature = g.Concat("model/features", [forward, backward], axis1);
        }

        var lstmLogit = g.BiasAdd("model/dense/logit", g.MatMul("model/dense/matmul", feature, g.Const("model/dense/kernel", weights.DenseKernel, options.FeatureSize, 1)),
            g.Const("model/dense/bias", [weights.DenseBias], 1));                                      // [B, 1]
        TensorRef? absent = null;
        TensorRef Absent() => absent ??= g.Fill("model/absent_term",
            g.Concat("model/absent_term_shape", [batch, g.Const("model/one_column", [1], 1)], axis0), g.ScalarConst("model/absent_value", 0f));
        var lexiconScore = weights.Lexicon is { } lexicon ? LexiconScore(g, tokenIds, lexicon.Table, steps) : Absent();
        var bagLogit = weights.Bag is { } bag ? BagLogit(g, tokenIds, bag, isToken, length, steps, options.BagDim) : Absent();

        // The terms side by side, then the one combining layer that calibration changes (TermWeights).
        var termLogits = g.Concat(TermLogitsNode, [lstmLogit, lexiconScore, bagLogit], axis1);      // [B, 3]
        var combination = weights.Combination;
        float[] kernel = [.. combination.Weights.Select(weight => (float)weight)];
        var logit = g.BiasAdd("model/combine/logit",
            g.MatMul("model/combine/matmul", termLogits, g.Const(CombineKernelNode, kernel, kernel.Length, 1)),
            g.Const(CombineBiasNode, [(float)combination.Intercept], 1));
        var flatLogit = g.Reshape("model/flat_logit", logit, g.Const("model/flat_shape", [-1], 1));
        return (g.Sigmoid("probability", flatLogit), termLogits);
    }

    /// <summary>
    /// Σ valence [B, 1], a word negated where a negation is among the <see cref="NegationRule.Window"/> ids before
    /// it: the negations before each position are one MatMul with a band matrix (row i has ones in the columns
    /// i+1 … i+Window), and negated words take <see cref="NegationRule.Scale"/> instead of 1. Its weight is the
    /// combining layer's.
    /// </summary>
    private static TensorRef LexiconScore(GraphBuilder g, TensorRef tokenIds, LexiconTable lexicon, int steps)
    {
        var axis0 = g.ScalarConst("model/lexicon/axis_0", 0);
        int vocabularySize = lexicon.Valences.Length;
        var valences = g.Gather("model/lexicon/valences", g.Const("model/lexicon/valence_table", lexicon.Valences, vocabularySize), tokenIds, axis0);   // [B, L]
        var negations = g.Gather("model/lexicon/negations", g.Const("model/lexicon/negation_table", lexicon.Negations, vocabularySize), tokenIds, axis0); // [B, L]
        float[] band = new float[steps * steps];
        for (int i = 0; i < steps; i++)
        {
            for (int j = i + 1; j <= Math.Min(i + NegationRule.Window, steps - 1); j++) band[i * steps + j] = 1;
        }
        var negationsBefore = g.MatMul("model/lexicon/negations_before", negations, g.Const("model/lexicon/window", band, steps, steps));
        var factor = g.Select("model/lexicon/factor", g.Greater("model/lexicon/is_negated", negationsBefore, g.ScalarConst("model/lexicon/zero", 0f)),
            g.ScalarConst("model/lexicon/negated_scale", NegationRule.Scale), g.ScalarConst("model/lexicon/one", 1f));
        var weighted = g.Mul("model/lexicon/weighted", valences, factor);
        return g.MatMul("model/lexicon/score", weighted, g.Const("model/lexicon/ones", Enumerable.Repeat(1f, steps).ToArray(), steps, 1)); // [B, 1]
    }

    /// <summary>
    /// The bag of vectors' logit [B, 1]: the frozen vectors gathered per token, the dense layer applied to each
    /// (Dense(mean) = mean of Dense, as the layer is linear, and [B·L, D]·[D, 1] is the cheapest order), masked to the
    /// real tokens, summed by a MatMul with ones, divided by the token count (at least 1), plus the bias.
    /// </summary>
    private static TensorRef BagLogit(GraphBuilder g, TensorRef tokenIds, BagWeights bag, TensorRef isToken, TensorRef length, int steps, int dimension)
    {
        int rows = bag.Vectors.Length / dimension;
        var vectors = g.Gather("model/bag/vectors", g.Const(BagTableNode, bag.Vectors, rows, dimension), tokenIds, g.ScalarConst("model/bag/axis_0", 0)); // [B, L, D]
        var flat = g.Reshape("model/bag/flat", vectors, g.Const("model/bag/flat_shape", [-1, dimension], 2));                                              // [B·L, D]
        var perToken = g.MatMul("model/bag/per_token", flat, g.Const(BagKernelNode, bag.Kernel, dimension, 1));                                       // [B·L, 1]
        var byRow = g.Reshape("model/bag/by_row", perToken, g.Const("model/bag/row_shape", [-1, steps], 2));                                              // [B, L]
        var masked = g.Mul("model/bag/masked", byRow, isToken);
        var sum = g.MatMul("model/bag/sum", masked, g.Const("model/bag/ones", Enumerable.Repeat(1f, steps).ToArray(), steps, 1));                         // [B, 1]
        var mean = g.RealDiv("model/bag/mean", sum, g.Maximum("model/bag/count", length, g.ScalarConst("model/bag/at_least_one", 1f)));
        return g.BiasAdd("model/bag/logit", mean, g.Const(BagBiasNode, [bag.Bias], 1));
    }

    /// <summary>
    /// One LSTM direction, gates (i, f, g, o) in Keras layout; returns h after the last real step. x·Kernel+bias
    /// is computed for all steps in one MatMul, then split per step (time-major).
    /// </summary>
    private static TensorRef UnrollLstm(
        GraphBuilder g, string scope, LstmWeights weights, TensorRef flatSteps, TensorRef?[] stepMasks,
        TensorRef axis0, TensorRef axis1, TensorRef zeroState, int steps, int embeddingDim, int units, bool reverse)
    {
        var kernel = g.Const($"{scope}/kernel", weights.Kernel, embeddingDim, 4 * units);
        var recurrentKernel = g.Const($"{scope}/recurrent_kernel", weights.RecurrentKernel, units, 4 * units);
        var bias = g.Const($"{scope}/bias", weights.Bias, 4 * units);
        var projected = g.BiasAdd($"{scope}/input_projection", g.MatMul($"{scope}/input_matmul", flatSteps, kernel), bias); // [L·B, 4U]
        // Rows are time-major (t·B + b), so L equal row blocks are the steps' [B, 4U] inputs.
        var slices = g.Split($"{scope}/input_by_step", axis0, projected, steps);

        TensorRef? h = null;
        TensorRef? c = null;
        for (int k = 0; k < steps; k++)
        {
            int t = reverse ? steps - 1 - k : k;
            string s = $"{scope}/step_{t:D3}";
            var z = slices[t];
            // The first step computed starts from h = c = 0: no recurrent term, no forget term.
            if (h is { } previousH) z = g.Add($"{s}/z", z, g.MatMul($"{s}/recurrent", previousH, recurrentKernel));

            var gates = g.Split($"{s}/gates", axis1, z, 4);
            var input = g.Sigmoid($"{s}/i", gates[0]);
            var candidate = g.Tanh($"{s}/g", gates[2]);
            var output = g.Sigmoid($"{s}/o", gates[3]);
            var written = g.Mul($"{s}/i_g", input, candidate);
            TensorRef newC;
            if (c is { } previousC)
                newC = g.Add($"{s}/c_new", g.Mul($"{s}/f_c", g.Sigmoid($"{s}/f", gates[1]), previousC), written);
            else
                newC = written;
            var newH = g.Mul($"{s}/h_new", output, g.Tanh($"{s}/tanh_c", newC));

            if (stepMasks[t] is { } mask)
            {
                c = g.Select($"{s}/c", mask, newC, c ?? zeroState);
                h = g.Select($"{s}/h", mask, newH, h ?? zeroState);
            }
            else
            {
                c = newC;
                h = newH;
            }
        }
        return h ?? throw new ArgumentOutOfRangeException(nameof(steps), "The sequence length must be at least 1.");
    }
}
