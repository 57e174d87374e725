using System.Globalization;
using Spectre.Console.Cli;
using Spectre.Console;
using TwitterSentiment.Contracts.Metrics;
using TwitterSentiment.Contracts;
using TwitterSentiment.Trainer.Calibration;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Scoring;
using TwitterSentiment.Trainer.Tracking;

namespace TwitterSentiment.Trainer.Commands.Calibrate;

/// <summary>
/// <c>trainer calibrate --checkpoint|--saved-model … --data mine.csv</c>: adapts a trained model to the user's own
/// labelled tweets by refitting its temperature and intercept (or, with <c>--fit-weights</c>, its terms' weights; with
/// <c>--fit-bag</c> first its bag of vectors' dense layer),
/// reports the cross-validated scores before and after, writes the calibrated model (checkpoint and SavedModel, or
/// the next SavedModel version) and records it all as an MLflow run.
/// </summary>
public sealed class CalibrateCommand(IAnsiConsole console) : AsyncCommand<CalibrateSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, CalibrateSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // The tweets are read (and refused) before a model is loaded.
        var data = CalibrationData.Read(settings.Data, settings.Strict, settings.Folds, cancellationToken);
        string runName = settings.RunName ?? CalibrateSettings.DefaultRunName(DateTimeOffset.UtcNow);
        await using var target = await OpenAsync(settings, cancellationToken);
        var options = new CalibrationRunOptions
        {
            Method = new CalibrationMethod(settings.FitWeights, settings.Balanced) { FitBag = settings.FitBag, BagPenalty = settings.BagPenalty },
            Folds = settings.Folds,
            Seed = settings.Seed,
            Destination = Destination(settings, target, runName),
        };
        // Refused before anything is tracked or written.
        if (options.Method.FitBag && !target.PresentTerms[TermWeights.BagTerm])
            throw new CalibrationException($"{target.Description} has no bag of vectors to refit: drop --fit-bag, or calibrate a model trained with one (train's default with GloVe vectors).");
        console.MarkupLine($"Calibrating [bold]{Markup.Escape(target.Description)}[/] on {data.Tweets.Count:N0} labelled tweets ({Markup.Escape(data.Facts.Source)})");

        var tracker = await CalibrationTracker.StartAsync(ExperimentTracker.FromProcess(Console.Error),
            new TrackingOptions { TrackingUri = settings.TrackingUri, ExperimentName = settings.Experiment, RunName = runName }, cancellationToken);
        CalibrationResult result;
        try
        {
            result = await CalibrationRun.ExecuteAsync(target, data, options, tracker.RunId, cancellationToken);
            await tracker.CompleteAsync(result, data, options, cancellationToken);
        }
        catch (Exception error)
        {
            await tracker.FailAsync(error);
            throw;
        }

        console.Write(Report(result, options));
        if (result.Output.CheckpointDirectory is { } checkpoint) console.MarkupLine($"Checkpoint: [bold]{Markup.Escape(checkpoint)}[/]");
        var export = result.Output.Export;
        console.MarkupLine(Invariant($"SavedModel: [bold]{Markup.Escape(export.VersionDirectory)}[/] (version {export.Version}; its model_info names the tweets' SHA-256 and size)"));
        console.MarkupLine($"Tracking: MLflow run {Markup.Escape(tracker.RunId)} in {Markup.Escape(tracker.Location)}");
        return 0;
    }

    private static async Task<ICalibrationTarget> OpenAsync(CalibrateSettings settings, CancellationToken cancellationToken) =>
        settings.Checkpoint is { } checkpoint
            ? CheckpointTarget.Open(checkpoint)
            : await SavedModelTarget.OpenAsync(new SavedModelSource(settings.SavedModel!) { BatchSize = settings.BatchSize }, cancellationToken);

    /// <summary>A SavedModel's next version goes beside it unless told otherwise; a checkpoint's to the repository's defaults.</summary>
    private static CalibrationDestination Destination(CalibrateSettings settings, ICalibrationTarget target, string runName)
    {
        string? modelFolder = target is SavedModelTarget savedModel ? Path.GetDirectoryName(savedModel.VersionDirectory) : null;
        string? ownName = modelFolder is null ? null : Path.GetFileName(modelFolder);
        bool besideSource = modelFolder is not null && settings.ExportDir is null && ServingContract.IsValidModelName(ownName);
        return new CalibrationDestination(
            RepositoryPaths.ResolveOrDefault(settings.CheckpointDir, "checkpoints"),
            besideSource ? Path.GetDirectoryName(modelFolder)! : RepositoryPaths.ResolveOrDefault(settings.ExportDir, ServingContract.ModelBasePath),
            settings.ModelName ?? (besideSource ? ownName! : ServingContract.ModelName),
            runName);
    }

    private static Table Report(CalibrationResult result, CalibrationRunOptions options)
    {
        var (before, after) = (result.CrossValidatedBefore, result.CrossValidatedAfter);
        var table = new Table()
            .Title(Invariant($"Your tweets, {options.Folds}-fold cross-validated ({options.Method.Name})"))
            .AddColumn("Metric")
            .AddColumn(new TableColumn("Before").RightAligned())
            .AddColumn(new TableColumn("After").RightAligned());
        void Row(string name, Func<ClassificationMetrics, string> format) => table.AddRow(Markup.Escape(name), format(before), format(after));
        Row("Accuracy", m => MetricText.Percent(m.Accuracy));
        Row("Balanced accuracy", m => MetricText.Percent(m.BalancedAccuracy));
        Row("Calibration error (ECE)", m => MetricText.Number(m.ExpectedCalibrationError));
        Row("Log loss", m => MetricText.Number(m.LogLoss));
        Row("ROC AUC", m => MetricText.Number(m.RocAuc));
        Row("Predicted positive", m => MetricText.Percent(m.PredictedPositiveRate));
        var fitted = result.After;
        string fit = result.Temperature is { } t
            ? Invariant($"logit / {t.Temperature:0.000} {t.Shift:+0.000;-0.000}")
            : Invariant($"weights LSTM {fitted.Lstm:0.000}, lexicon {fitted.Lexicon:0.000}, bag of vectors {fitted.Bag:0.000}, intercept {fitted.Intercept:+0.000;-0.000}");
        if (result.Fitted.Bag is { } bag)
            fit += Invariant($"; bag of vectors refit, L2 penalty {bag.Penalty:G3}") + (bag.PenaltyChosen ? Invariant($" (chosen by {options.Folds}-fold cross-validation)") : "");
        table.Caption(Markup.Escape($"Fitted on all the tweets: {fit}. \"After\" scores each fold with a calibration fitted on the other folds."));
        return table;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
