namespace TwitterSentiment.Contracts;

/// <summary>
/// The names the exporter writes and TensorFlow Serving, serving/local-server, the trainer's <c>--server</c> scoring and
/// the web site read, once. serving/lib/serving-names.mjs exports the same values under the UPPER_SNAKE_CASE of each
/// name (Contracts.Tests checks every one).
/// </summary>
public static class ServingContract
{
    /// <summary>The model name the trainer exports and the clients ask for by default.</summary>
    public const string ModelName = "sentiment";

    /// <summary>The model base path, relative to the repository root: versions go to &lt;base&gt;/&lt;model name&gt;/&lt;N&gt;/.</summary>
    public const string ModelBasePath = "serving/models";

    /// <summary>The SavedModel's one file: the graph with every weight in it as a Const node (no variables/ folder).</summary>
    public const string SavedModelFile = "saved_model.pb";

    /// <summary>The text form of <see cref="SavedModelFile"/>, which TF Serving also loads (the exporter never writes it).</summary>
    public const string SavedModelTextFile = "saved_model.pbtxt";

    /// <summary>The tag set TF Serving loads by default: exactly {"serve"}.</summary>
    public const string ServeTag = "serve";

    /// <summary>The folder of a version's extra files, beside saved_model.pb.</summary>
    public const string AssetsExtraDirectory = "assets.extra";

    /// <summary>The predict requests TF Serving replays when it loads a version, relative to the version folder.</summary>
    public const string WarmupFile = AssetsExtraDirectory + "/tf_serving_warmup_requests";

    /// <summary>TF Serving's method name for every signature here (called through :predict).</summary>
    public const string PredictMethod = "tensorflow/serving/predict";

    /// <summary>The signature REST requests get when they name none: text in, probability and label out.</summary>
    public const string ServingSignature = "serving_default";

    /// <summary>Text in, the token ids the model sees and the token count before the cut out.</summary>
    public const string TokenizeSignature = "tokenize";

    /// <summary>Text in (for the batch size), the training facts as one JSON string per row out.</summary>
    public const string ModelInfoSignature = "model_info";

    /// <summary>
    /// Text in, the model's unweighted terms out (float, [-1, 3]: the LSTM's logit, the lexicon's score, the bag of
    /// vectors' logit; 0 for a term the model lacks): what <c>trainer calibrate --saved-model</c> refits the combining
    /// layer on.
    /// </summary>
    public const string TermLogitsSignature = "term_logits";

    /// <summary><see cref="TermLogitsSignature"/>'s output.</summary>
    public const string TermLogitsOutput = "term_logits";

    /// <summary>The signature TF2 names the init op by (fills the vocabulary table at load).</summary>
    public const string InitOpSignature = "__saved_model_init_op";

    /// <summary>Every signature's input: a batch of tweets (string, shape [-1]).</summary>
    public const string TextInput = "text";

    /// <summary><see cref="ServingSignature"/>'s outputs: P(positive) (float, [-1]) and <see cref="PositiveLabel"/> or <see cref="NegativeLabel"/> (string, [-1]).</summary>
    public const string ProbabilityOutput = "probability";

    /// <inheritdoc cref="ProbabilityOutput"/>
    public const string LabelOutput = "label";

    /// <summary><see cref="TokenizeSignature"/>'s output: the ids the model reads (int64, [-1, sequence length]; <see cref="PaddingId"/>, <see cref="UnknownTokenId"/>, then the known words).</summary>
    public const string TokenIdsOutput = "token_ids";

    /// <summary>In <see cref="TokenIdsOutput"/>: a position after the text's last token.</summary>
    public const int PaddingId = 0;

    /// <summary>In <see cref="TokenIdsOutput"/>: a token the vocabulary does not hold; every greater id is a known word.</summary>
    public const int UnknownTokenId = 1;

    /// <summary><see cref="TokenizeSignature"/>'s output: the tokens of each text before the sequence-length cut (int64, [-1]).</summary>
    public const string TokenCountOutput = "token_count";

    /// <summary><see cref="ModelInfoSignature"/>'s output.</summary>
    public const string ModelInfoOutput = "model_info";

    /// <summary>The label output where the probability is above <see cref="LabelThreshold"/>.</summary>
    public const string PositiveLabel = "positive";

    /// <summary>The label output elsewhere.</summary>
    public const string NegativeLabel = "negative";

    /// <summary>The exported graph's rule: P(positive) above this is labelled <see cref="PositiveLabel"/>.</summary>
    public const double LabelThreshold = 0.5;

    /// <summary>The field of the <c>model_info</c> JSON that names the MLflow run of the training (the site links it).</summary>
    public const string ModelInfoMlflowRunId = "mlflow_run_id";

    /// <summary>The group of the <c>model_info</c> JSON that holds the combining layer's term weights and intercept.</summary>
    public const string ModelInfoCombination = "combination";

    /// <summary>
    /// The group of the <c>model_info</c> JSON that says how the combination was calibrated (after training, or by
    /// <c>trainer calibrate</c>: the tweets' files, SHA-256, size and the cross-validated scores before and after).
    /// </summary>
    public const string ModelInfoCalibration = "calibration";

    /// <summary>
    /// Where that run is tracked: the <c>file:</c> URI of the MLflow file store or the http(s) tracking server, so the
    /// site can give a command that finds the run (or a link into the server's UI).
    /// </summary>
    public const string ModelInfoMlflowTrackingUri = "mlflow_tracking_uri";

    /// <summary>The MLflow experiment of that run (links into MLflow's UI name it).</summary>
    public const string ModelInfoMlflowExperimentId = "mlflow_experiment_id";

    /// <summary>The <c>model_info</c> group of the architecture's facts.</summary>
    public const string ModelInfoModel = "model";

    /// <summary>In <see cref="ModelInfoModel"/>: the sentiment lexicon's file name; absent when the model has none.</summary>
    public const string ModelInfoLexicon = "lexicon";

    /// <summary>In <see cref="ModelInfoModel"/>: the lexicon's weight in the logit; absent when the model has no lexicon.</summary>
    public const string ModelInfoLexiconWeight = "lexicon_weight";

    /// <summary>In <see cref="ModelInfoModel"/>: the bag of vectors' dimension; absent when the model has none.</summary>
    public const string ModelInfoBagDim = "bag_dim";

    /// <summary>In <see cref="ModelInfoCalibration"/>: how the combination was fitted ("temperature", "weights", then ", bag", ", balanced").</summary>
    public const string ModelInfoCalibrationMethod = "method";

    /// <summary>In <see cref="ModelInfoCalibration"/>: on what ("validation split", or the user's files for <c>trainer calibrate</c>).</summary>
    public const string ModelInfoCalibrationData = "data";

    /// <summary>In <see cref="ModelInfoModel"/>: the dropout rate.</summary>
    public const string ModelInfoDropout = "dropout";

    /// <summary>In <see cref="ModelInfoModel"/>: the epoch whose weights were kept.</summary>
    public const string ModelInfoBestEpoch = "best_epoch";

    /// <summary>The <c>model_info</c> group of how the model was optimised.</summary>
    public const string ModelInfoTraining = "training";

    /// <summary>In <see cref="ModelInfoTraining"/>: the random seed.</summary>
    public const string ModelInfoSeed = "seed";

    /// <summary>In <see cref="ModelInfoTraining"/>: the most epochs the run was allowed.</summary>
    public const string ModelInfoEpochs = "epochs";

    /// <summary>In <see cref="ModelInfoTraining"/>: the optimiser's learning rate.</summary>
    public const string ModelInfoLearningRate = "learning_rate";

    /// <summary>What <see cref="IsValidModelName"/> accepts, for messages: "--model-name must be …".</summary>
    public const string ModelNameRule = "one folder name, not blank, without '/', '\\' or ':'";

    private static readonly char[] ModelNameForbidden = ['/', '\\', ':'];

    /// <summary>
    /// A model name is a segment of TF Serving's REST path (<c>/v1/models/&lt;name&gt;:predict</c>, so no '/' or ':')
    /// and the folder under the model base path that holds its versions (so no '\', not blank, not "." or "..").
    /// </summary>
    public static bool IsValidModelName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.IndexOfAny(ModelNameForbidden) < 0 && name is not "." and not "..";
}
