using System.ComponentModel;
using Spectre.Console.Cli;
using Spectre.Console;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Calibration;
using TwitterSentiment.Trainer.Scoring;

namespace TwitterSentiment.Trainer.Commands.Calibrate;

/// <summary><c>trainer calibrate</c>'s options: one model, the user's labelled tweets, what to fit, where the result goes.</summary>
public sealed class CalibrateSettings : CommandSettings
{
    [CommandOption("-c|--checkpoint <DIR>")]
    [Description("Calibrate a TorchSharp checkpoint (checkpoints/<run>/): writes a calibrated checkpoint and exports it.")]
    public string? Checkpoint { get; init; }

    [CommandOption("--saved-model <DIR>")]
    [Description("Calibrate an exported SavedModel (a version folder, or a model folder: its highest version), run on TensorFlow.js: writes the next version beside it.")]
    public string? SavedModel { get; init; }

    [CommandOption("-d|--data <CSV>")]
    [Description("Your labelled tweets (repeat for several files): a UTF-8 CSV with text and label columns, or Sentiment140's layout. At least 50, both classes; a few hundred is better.")]
    public string[] Data { get; init; } = [];

    [CommandOption("--fit-weights")]
    [Description("Also refit the weight of each term (LSTM, lexicon, bag of vectors), not only the temperature and the intercept; needs more tweets (several hundred).")]
    public bool FitWeights { get; init; }

    [CommandOption("--fit-bag")]
    [Description("Also refit the bag of vectors' dense layer (100 weights over the tweet's mean word vector) on your tweets, then the temperature or weights on top: learns which words carry sentiment in your domain. Worth it from about 100 tweets.")]
    public bool FitBag { get; init; }

    [CommandOption("--bag-penalty <L2>")]
    [Description("With --fit-bag: the bag fit's L2 penalty. Default: chosen among 0.0001 … 1 by cross-validation on your tweets.")]
    public double? BagPenalty { get; init; }

    [CommandOption("--balanced")]
    [Description("Weigh both classes equally in the fit (the bag's too, with --fit-bag): probabilities for a balanced set (threshold 0.5 then maximises balanced accuracy) rather than for your file's class balance.")]
    public bool Balanced { get; init; }

    [CommandOption("--folds <N>")]
    [Description("Folds of the stratified cross-validation that reports before and after.")]
    [DefaultValue(CalibrationRunOptions.DefaultFolds)]
    public int Folds { get; init; } = CalibrationRunOptions.DefaultFolds;

    [CommandOption("--seed <N>")]
    [Description("Seed of the cross-validation's folds.")]
    [DefaultValue(CalibrationRunOptions.DefaultSeed)]
    public int Seed { get; init; } = CalibrationRunOptions.DefaultSeed;

    [CommandOption("--strict")]
    [Description("Stop at the first malformed row instead of skipping it with a warning.")]
    public bool Strict { get; init; }

    [CommandOption("--checkpoint-dir <PATH>")]
    [Description("Where the calibrated checkpoint's folder goes (with --checkpoint). Default: checkpoints/ in the repository.")]
    public string? CheckpointDir { get; init; }

    [CommandOption("--export-dir <PATH>")]
    [Description("Model base path of the new SavedModel version. Default: with --saved-model, the model's own base path; else " + ServingContract.ModelBasePath + " in the repository.")]
    public string? ExportDir { get; init; }

    [CommandOption("--model-name <NAME>")]
    [Description("Name of the exported model. Default: with --saved-model, the model's own folder name; else " + ServingContract.ModelName + ".")]
    public string? ModelName { get; init; }

    [CommandOption("--run-name <NAME>")]
    [Description("Name of the MLflow run and of the calibrated checkpoint's folder. Default: calibrated-<UTC date>-<time>.")]
    public string? RunName { get; init; }

    [CommandOption("--tracking-uri <URI>")]
    [Description("MLflow tracking: a local store path or an http(s) tracking server. Default: MLFLOW_TRACKING_URI, else mlruns/.")]
    public string? TrackingUri { get; init; }

    [CommandOption("--experiment <NAME>")]
    [Description("MLflow experiment name.")]
    public string? Experiment { get; init; }

    [CommandOption("--batch-size <N>")]
    [Description("Texts per TensorFlow.js round trip (with --saved-model).")]
    [DefaultValue(ModelSource.DefaultBatchSize)]
    public int BatchSize { get; init; } = ModelSource.DefaultBatchSize;

    public override ValidationResult Validate()
    {
        int sources = new[] { Checkpoint, SavedModel }.Count(source => source is not null);
        string? problem =
            sources == 0 ? "Give the model to calibrate: --checkpoint <DIR> or --saved-model <DIR>."
            : sources > 1 ? "Give one model: --checkpoint and --saved-model exclude each other."
            : Data.Length == 0 ? "Give your labelled tweets with --data <CSV> (repeat --data for several files)."
            : Data.FirstOrDefault(path => !File.Exists(path)) is { } missing ? $"--data: the file {missing} does not exist."
            : Folds is < 2 or > 20 ? $"--folds must be between 2 and 20 (got {Folds})."
            : Seed < 0 ? $"--seed must not be negative (got {Seed})."
            : ModelName is not null && !ServingContract.IsValidModelName(ModelName) ? $"--model-name must be {ServingContract.ModelNameRule} (got \"{ModelName}\")."
            : RunName is not null && (RunName.Length == 0 || RunName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || RunName is "." or "..")
                ? $"--run-name must be usable as a folder name (got \"{RunName}\")."
            : BagPenalty is not null && !FitBag ? "--bag-penalty needs --fit-bag."
            : BagPenalty is { } l2 && !(l2 > 0 && double.IsFinite(l2)) ? $"--bag-penalty must be a positive number (got {l2})."
            : BatchSize is < 1 or > 65_536 ? $"--batch-size must be between 1 and 65536 (got {BatchSize})."
            : null;
        return problem is null ? ValidationResult.Success() : ValidationResult.Error(problem);
    }

    /// <summary>"calibrated-20261207-093000".</summary>
    public static string DefaultRunName(DateTimeOffset now) =>
        "calibrated-" + now.UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
}
