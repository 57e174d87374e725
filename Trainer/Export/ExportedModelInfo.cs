using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using TwitterSentiment.Contracts;
using TwitterSentiment.Contracts.Metrics;
using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Export;

/// <summary>
/// What an exported model was trained on and how it scored, carried inside the SavedModel as the constant
/// JSON string of the <c>model_info</c> signature: TF Serving's <c>/metadata</c> returns only signature defs,
/// but any signature answers <c>:predict</c>, so this is how the facts reach a client of TF Serving's REST API.
/// Also saved beside a checkpoint (<see cref="FileName"/>), so a re-export carries the same facts.
/// </summary>
public sealed record ExportedModelInfo
{
    public const string FileName = "model_info.json";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public string? Run { get; init; }

    /// <summary>
    /// The MLflow run that recorded the training (the local store's run when the server fell back before the
    /// export); left out when tracking was off or could not open a run. The site reads it by this name.
    /// </summary>
    [JsonPropertyName(ServingContract.ModelInfoMlflowRunId)]
    public string? MlflowRunId { get; init; }

    /// <summary>Where that run is tracked (the file store's <c>file:</c> URI or the server's URL), so the run can be found from the model.</summary>
    [JsonPropertyName(ServingContract.ModelInfoMlflowTrackingUri)]
    public string? MlflowTrackingUri { get; init; }

    /// <summary>The run's experiment (links into MLflow's UI name it).</summary>
    [JsonPropertyName(ServingContract.ModelInfoMlflowExperimentId)]
    public string? MlflowExperimentId { get; init; }

    public string? TrainedAt { get; init; }

    /// <summary>How the export was made, e.g. "training" or "re-export of checkpoint lstm-…".</summary>
    public string? Source { get; init; }

    public InfoData? Data { get; init; }

    [JsonPropertyName(ServingContract.ModelInfoModel)]
    public InfoModel? Model { get; init; }

    /// <summary>How the model was optimised: what, besides the architecture, tells two runs on the same data apart.</summary>
    [JsonPropertyName(ServingContract.ModelInfoTraining)]
    public InfoTraining? Training { get; init; }

    public InfoMetrics? Validation { get; init; }

    public InfoMetrics? Test { get; init; }

    /// <summary>How the model's terms make its logit (the exported combining layer's numbers).</summary>
    [JsonPropertyName(ServingContract.ModelInfoCombination)]
    public InfoCombination? Combination { get; init; }

    /// <summary>How <see cref="Combination"/> was fitted: on the validation split after training, or by <c>trainer calibrate</c> on a user's tweets.</summary>
    [JsonPropertyName(ServingContract.ModelInfoCalibration)]
    public InfoCalibration? Calibration { get; init; }

    /// <summary>The facts of a finished training run (the data file is named, its folder is not).</summary>
    public static ExportedModelInfo FromTraining(TrainingReport report, DateTimeOffset trainedAt)
    {
        ArgumentNullException.ThrowIfNull(report);
        var (options, data, split, model) = (report.Options, report.Data, report.Split, report.Model);
        return new ExportedModelInfo
        {
            Run = options.RunName,
            TrainedAt = trainedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Source = "training",
            Data = new InfoData(data.Description, Path.GetFileName(data.Source), data.Sha256, data.Tweets, split.Train, split.Validation, split.Test),
            Model = InfoModel.From(model, report.BestEpoch) with { Lexicon = options.Lexicon?.Name },
            Training = InfoTraining.From(options.Loop),
            Validation = InfoMetrics.From(report.Validation),
            Test = InfoMetrics.From(report.Test),
            Combination = InfoCombination.From(model.Terms),
            Calibration = new InfoCalibration("temperature", "validation split")
            {
                Tweets = split.Validation,
                Temperature = Round(report.Calibration.Temperature),
                Shift = Round(report.Calibration.Shift),
            },
        };
    }

    /// <summary>Only what a checkpoint itself knows: used when it has no saved model info.</summary>
    public static ExportedModelInfo Minimal(ModelOptions model, string checkpointName) => new()
    {
        Run = checkpointName,
        Source = "re-export of a checkpoint without recorded training facts",
        Model = InfoModel.From(model, null),
        Combination = InfoCombination.From(model.Terms),
    };

    internal static double Round(double value) => Math.Round(value, 4);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public void Save(string directory) => File.WriteAllText(Path.Combine(directory, FileName), ToJson());

    /// <summary>The info saved beside a checkpoint, or null when there is none (checkpoints from before it existed).</summary>
    /// <exception cref="JsonException">The file is not valid model info.</exception>
    public static ExportedModelInfo? Load(string directory)
    {
        string path = Path.Combine(directory, FileName);
        return File.Exists(path) ? Parse(File.ReadAllText(path)) : null;
    }

    /// <summary>Model info from its JSON (as <see cref="ToJson"/> writes it; unknown fields are ignored).</summary>
    /// <exception cref="JsonException">The text is not valid model info.</exception>
    public static ExportedModelInfo Parse(string json) =>
        JsonSerializer.Deserialize<ExportedModelInfo>(json, JsonOptions) ?? throw new JsonException("The model info is null.");
}

public sealed record InfoData(string Description, string File, string Sha256, int Tweets, int Train, int Validation, int Test);

public sealed record InfoModel(
    int VocabularySize, int SequenceLength, int EmbeddingDim, int LstmUnits, bool Bidirectional,
    [property: JsonPropertyName(ServingContract.ModelInfoBestEpoch)] int? BestEpoch)
{
    /// <summary>The sentiment lexicon's weight in the logit before calibration; absent when the model has no lexicon.</summary>
    [JsonPropertyName(ServingContract.ModelInfoLexiconWeight)]
    public double? LexiconWeight { get; init; }

    /// <summary>The lexicon's file name; absent when the model has none (or the export does not know it: a bare checkpoint).</summary>
    [JsonPropertyName(ServingContract.ModelInfoLexicon)]
    public string? Lexicon { get; init; }

    [JsonPropertyName(ServingContract.ModelInfoDropout)]
    public double Dropout { get; init; }

    /// <summary>The bag of vectors' dimension; absent when the model has none.</summary>
    [JsonPropertyName(ServingContract.ModelInfoBagDim)]
    public int? BagDim { get; init; }

    public static InfoModel From(ModelOptions model, int? bestEpoch)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new InfoModel(model.VocabularySize, model.SequenceLength, model.EmbeddingDim, model.LstmUnits, model.Bidirectional, bestEpoch)
        {
            LexiconWeight = model.HasLexicon ? model.LexiconWeight : null,
            BagDim = model.HasBag ? model.BagDim : null,
            Dropout = model.Dropout,
        };
    }
}

/// <summary>The terms' weights and intercept (<see cref="TermWeights"/>), rounded for reading (the graph holds the exact ones).</summary>
public sealed record InfoCombination(double Lstm, double Lexicon, double BagOfVectors, double Intercept)
{
    public static InfoCombination From(TermWeights terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return new InfoCombination(
            ExportedModelInfo.Round(terms.Lstm), ExportedModelInfo.Round(terms.Lexicon), ExportedModelInfo.Round(terms.Bag), ExportedModelInfo.Round(terms.Intercept));
    }
}

/// <summary>
/// How the combination was fitted: <paramref name="Method"/> "temperature" (a temperature and an intercept) or
/// "weights" (each term's weight and the intercept), on <paramref name="Data"/> ("validation split", or the
/// user's file names for <c>trainer calibrate</c>).
/// </summary>
public sealed record InfoCalibration(
    [property: JsonPropertyName(ServingContract.ModelInfoCalibrationMethod)] string Method,
    [property: JsonPropertyName(ServingContract.ModelInfoCalibrationData)] string Data)
{
    /// <summary>SHA-256 of the calibration file (of several files: of their hashes, in order).</summary>
    public string? Sha256 { get; init; }

    /// <summary>The calibration files' size in bytes.</summary>
    public long? Bytes { get; init; }

    /// <summary>Labelled tweets fitted on.</summary>
    public int Tweets { get; init; }

    public double? Temperature { get; init; }

    public double? Shift { get; init; }

    /// <summary>With <c>calibrate --fit-bag</c>: the L2 penalty of the bag of vectors' refit dense layer.</summary>
    public double? BagPenalty { get; init; }

    /// <summary>With <c>calibrate</c>: the cross-validated scores on the user's tweets before and after.</summary>
    public int? Folds { get; init; }

    public double? CvAccuracyBefore { get; init; }
    public double? CvAccuracyAfter { get; init; }
    public double? CvBalancedAccuracyBefore { get; init; }
    public double? CvBalancedAccuracyAfter { get; init; }
    public double? CvEceBefore { get; init; }
    public double? CvEceAfter { get; init; }
    public double? CvLogLossBefore { get; init; }
    public double? CvLogLossAfter { get; init; }

    /// <summary>The model calibrated (with <c>calibrate</c>): its run name or SavedModel folder.</summary>
    public string? From { get; init; }
}

/// <summary>How the model was optimised (<see cref="TrainingLoopOptions"/>): the seed, the epochs allowed, the learning rate, the batch size.</summary>
public sealed record InfoTraining(
    [property: JsonPropertyName(ServingContract.ModelInfoSeed)] int Seed,
    [property: JsonPropertyName(ServingContract.ModelInfoEpochs)] int Epochs,
    [property: JsonPropertyName(ServingContract.ModelInfoLearningRate)] double LearningRate,
    int BatchSize)
{
    public static InfoTraining From(TrainingLoopOptions loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        return new InfoTraining(loop.Seed, loop.Epochs, loop.LearningRate, loop.BatchSize);
    }
}

public sealed record InfoMetrics(long Count, double Accuracy, double? BalancedAccuracy, double? Precision, double? Recall, double? F1, double? RocAuc, double LogLoss)
{
    /// <summary>Expected calibration error, 10 bins.</summary>
    public double? Ece { get; init; }

    public static InfoMetrics From(ClassificationMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        // An undefined metric (one class only, no positive prediction) is left out of the JSON.
        return new InfoMetrics(metrics.Count, Round(metrics.Accuracy), Round(metrics.BalancedAccuracy), Round(metrics.Precision),
            Round(metrics.Recall), Round(metrics.F1), Round(metrics.RocAuc), Round(metrics.LogLoss))
        {
            Ece = Round(metrics.ExpectedCalibrationError),
        };
    }

    private static double Round(double value) => Math.Round(value, 4);

    private static double? Round(double? value) => value is { } number ? Round(number) : null;
}
