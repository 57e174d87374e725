using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Tracking;

namespace TwitterSentiment.Trainer.Commands.Train;

/// <summary>
/// `trainer train` (the default command): runs the <see cref="TrainingPipeline"/> with live console progress,
/// prints the final metrics, exports the SavedModel and records the whole run in MLflow (a run that fails or is
/// interrupted is recorded as FAILED or KILLED).
/// </summary>
public sealed class TrainCommand(IAnsiConsole console) : AsyncCommand<TrainSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = settings.ToRunOptions(DateTimeOffset.UtcNow);
        console.MarkupLine($"Run [bold]{Markup.Escape(options.RunName)}[/]");

        var trackingOutput = console.Profile.Out.Writer;
        await using var tracking = await TrainingRunTracker.StartAsync(ExperimentTracker.FromProcess(trackingOutput), options, trackingOutput, cancellationToken);
        try
        {
            TrainingReport? report = null;
            console.Progress()
                .AutoClear(true)
                .HideCompleted(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(progress =>
                {
                    var consoleObserver = new ConsoleTrainingObserver(console, progress);
                    consoleObserver.ShowLoading();
                    var observer = new CompositeTrainingObserver(consoleObserver, tracking);
                    report = new TrainingPipeline(observer).Run(options, cancellationToken);
                });
            if (report is null) return CommandLineErrors.Failure;

            console.Write(ReportTables.Metrics(report));
            if (report.HeldOut.Count > 0) console.Write(ReportTables.HeldOut(report));
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"Checkpoint: [bold]{Markup.Escape(report.CheckpointDirectory)}[/] (total {report.Timings.Total.TotalSeconds:F1} s: load {report.Timings.Load.TotalSeconds:F1} s, encode {report.Timings.Encode.TotalSeconds:F1} s, train {report.Timings.Train.TotalSeconds:F1} s)"));

            // The pipeline exported the SavedModel right after saving the checkpoint, from the same weights.
            var export = report.Export ?? throw new InvalidOperationException("The training pipeline did not export a SavedModel.");
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"SavedModel: [bold]{Markup.Escape(export.VersionDirectory)}[/] (version {export.Version}, {export.SavedModelBytes / 1048576.0:F1} MiB, exported in {export.Elapsed.TotalSeconds:F2} s)"));
            await tracking.CompleteAsync(report, export.VersionDirectory, cancellationToken);
            return 0;
        }
        catch (Exception exception)
        {
            await tracking.FailAsync(exception);
            throw;
        }
    }
}
