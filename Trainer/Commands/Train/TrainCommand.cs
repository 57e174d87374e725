using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Commands.Train;

/// <summary>
/// `trainer train` (the default command): runs the <see cref="TrainingPipeline"/> with live console progress and
/// prints the final metrics. Further steps (tracking, export) attach as observers or use the returned report.
/// </summary>
public sealed class TrainCommand(IAnsiConsole console) : Command<TrainSettings>
{
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = settings.ToRunOptions(DateTimeOffset.UtcNow);
        console.MarkupLine($"Run [bold]{Markup.Escape(options.RunName)}[/]");

        TrainingReport? report = null;
        console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                var observer = new ConsoleTrainingObserver(console, progress);
                report = new TrainingPipeline(observer).Run(options, cancellationToken);
            });
        if (report is null) return CommandLineErrors.Failure;

        console.Write(ReportTables.Metrics(report));
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"Checkpoint: [bold]{Markup.Escape(report.CheckpointDirectory)}[/] (total {report.Timings.Total.TotalSeconds:F1} s: load {report.Timings.Load.TotalSeconds:F1} s, encode {report.Timings.Encode.TotalSeconds:F1} s, train {report.Timings.Train.TotalSeconds:F1} s)"));
        if (report.Export is { } export)
        {
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"SavedModel: [bold]{Markup.Escape(export.VersionDirectory)}[/] (version {export.Version}, {export.SavedModelBytes / 1048576.0:F1} MiB, exported in {export.Elapsed.TotalSeconds:F2} s)"));
        }
        return 0;
    }
}
