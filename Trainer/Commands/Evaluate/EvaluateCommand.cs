using Spectre.Console;
using Spectre.Console.Cli;
using TwitterSentiment.Contracts.Metrics;
using TwitterSentiment.Trainer.Commands.Train;
using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Scoring;

namespace TwitterSentiment.Trainer.Commands.Evaluate;

/// <summary>
/// <c>trainer evaluate --data a.csv [--data b.csv] --checkpoint|--saved-model|--server …</c>: scores labelled
/// files with one trained model and reports the metrics per file, as a table or (<c>--json</c>) one JSON document.
/// </summary>
public sealed class EvaluateCommand(IAnsiConsole console, Notices notices) : AsyncCommand<EvaluateSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, EvaluateSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // A missing file is found before a model is loaded or a large file scored.
        foreach (string path in settings.Data)
        {
            if (!File.Exists(path))
                throw new DataException(Directory.Exists(path) ? $"{path} is a folder; --data needs a CSV file." : $"Data file not found: {path}.");
        }

        var source = settings.ToModelSource();
        await using var scorer = await ModelScorerFactory.OpenAsync(source, notices.Show, cancellationToken);
        var files = new List<FileEvaluation>(settings.Data.Length);
        if (settings.Json)
        {
            foreach (string path in settings.Data)
            {
                files.Add(await EvaluateFileAsync(path, scorer, settings, display: null, cancellationToken));
            }
            console.Profile.Out.Writer.WriteLine(EvaluationReport.Json(source.Kind, scorer.Description, settings.Threshold, files));
            return 0;
        }

        console.MarkupLine($"Model: [bold]{Markup.Escape(scorer.Description)}[/]");
        await console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async display =>
            {
                foreach (string path in settings.Data)
                {
                    files.Add(await EvaluateFileAsync(path, scorer, settings, display, cancellationToken));
                }
            });
        console.Write(EvaluationReport.Table(scorer.Description, settings.Threshold, files));
        return 0;
    }

    /// <param name="display">Progress and data lines for people; null for --json (nothing but the document on stdout).</param>
    private async Task<FileEvaluation> EvaluateFileAsync(string path, IModelScorer scorer, EvaluateSettings settings, ProgressContext? display, CancellationToken cancellationToken)
    {
        // Reading is shown exactly as training shows it: a bar over the bytes, then the counts and the first malformed rows.
        var reading = display is null ? null : new ConsoleTrainingObserver(console, display);
        reading?.ShowLoading();
        long totalBytes = new FileInfo(path).Length;
        var readOptions = new DataReadOptions
        {
            Strict = settings.Strict,
            BytesRead = reading is null ? null : new SynchronousProgress<long>(bytes => reading.OnDataReadProgress(bytes, totalBytes)),
        };
        var loaded = TweetDataReader.Read(path, readOptions, cancellationToken);
        var facts = FileEvaluation.Describe(loaded);
        reading?.OnDataLoaded(facts);

        var scoring = display?.AddTask($"Scoring {Markup.Escape(Path.GetFileName(path))}", maxValue: loaded.Tweets.Count);
        float[] probabilities = await scorer.ScoreAsync(
            [.. loaded.Tweets.Select(tweet => tweet.Text)],
            scoring is null ? null : new SynchronousProgress<int>(count => scoring.Value = count),
            cancellationToken);
        scoring?.StopTask();

        int[] labels = loaded.Tweets.Select(tweet => tweet.Label).ToArray();
        return new FileEvaluation(facts, loaded.PositiveCount, ClassificationMetrics.Compute(labels, probabilities, settings.Threshold),
            ReliabilityCurve.Bins(labels, probabilities), BalancedThreshold.Find(labels, probabilities));
    }
}
