using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Runs;
using TwitterSentiment.Trainer.Tracking;

namespace TwitterSentiment.Trainer.Commands.Train;

/// <summary>
/// `trainer train` (the default command): fetches what the default model uses on first use
/// (<see cref="DefaultModelResources"/>, unless <c>--offline</c>), resolves the options (the lexicon and the pretrained
/// vectors are read and checked before any other work, so a bad one is a usage error), claims the run's checkpoint
/// folder, opens the MLflow run, then runs the
/// <see cref="TrainingRun"/> (train, checkpoint, export, record) under a live progress display and prints the final
/// metrics. A run that fails or is interrupted is recorded as FAILED or KILLED. Tracking writes its notices to a
/// <see cref="HeldNotices"/> that is printed from this thread, never into the live display.
/// </summary>
public sealed class TrainCommand(IAnsiConsole console) : AsyncCommand<TrainSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await new FirstUseFetch(console).FetchMissingAsync(DefaultModelResources.WantedBy(settings), settings.Offline, cancellationToken);
        var options = await ResolveAsync(settings, cancellationToken);
        // Claimed before the MLflow run is opened, which is named after it.
        using var checkpoint = CheckpointFolder.Claim(options.CheckpointDirectory, options.RunName, settings.CheckpointClaim);
        options = options with { RunName = checkpoint.Name };
        console.MarkupLine($"Run [bold]{ConsoleText.Markup(options.RunName)}[/]");

        using var notices = new HeldNotices();
        try
        {
            // First, so the exported model can name its MLflow run.
            await using var tracking = await TrainingRunTracker.StartAsync(ExperimentTracker.FromProcess(notices), options, notices, cancellationToken);
            notices.PrintTo(console);

            var result = await ProgressDisplay.StartAsync(console, ProgressDisplay.RunColumns(), clear: true, async progress =>
            {
                var observer = new ConsoleTrainingObserver(console, progress, notices);
                observer.ShowLoading();
                return await new TrainingRun(options, checkpoint, tracking).ExecuteAsync(observer, cancellationToken);
            });

            var report = result.Training;
            console.Write(ReportTables.Metrics(report));
            if (report.HeldOut.Count > 0) console.Write(ReportTables.HeldOut(report));
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"Checkpoint: [bold]{ConsoleText.Markup(result.CheckpointDirectory)}[/] (training {report.Timings.Total.TotalSeconds:F1} s: load {report.Timings.Load.TotalSeconds:F1} s, encode {report.Timings.Encode.TotalSeconds:F1} s, train {report.Timings.Train.TotalSeconds:F1} s)"));
            var export = result.Export;
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"SavedModel: [bold]{ConsoleText.Markup(export.VersionDirectory)}[/] (version {export.Version}, {export.SavedModelBytes / 1048576.0:F1} MiB, exported in {export.Elapsed.TotalSeconds:F2} s; model_info names MLflow run {ConsoleText.Markup(result.ModelInfo.MlflowRunId ?? "none")})"));
            return 0;
        }
        finally
        {
            // Whatever tracking said while the display was up, or while the run was being ended.
            notices.PrintTo(console);
        }
    }

    /// <summary>The run's options with the lexicon and the pretrained vectors read and checked (a problem is a usage error).</summary>
    private async Task<TrainingRunOptions> ResolveAsync(TrainSettings settings, CancellationToken cancellationToken)
    {
        var lexicon = settings.ResolveLexicon(cancellationToken);
        var embeddings = await ProgressDisplay.StartAsync(console, ProgressDisplay.RunColumns(), clear: true, progress =>
        {
            IProgressLine? reading = null;
            var read = new SynchronousProgress<DownloadProgress>(report =>
                (reading ??= progress.AddTask("Reading pretrained embeddings")).Report(report.BytesReceived, report.TotalBytes));
            return Task.Run(() => settings.ResolveEmbeddings(read, cancellationToken), cancellationToken);
        });
        return settings.ToRunOptions(DateTimeOffset.UtcNow, lexicon, embeddings);
    }
}
