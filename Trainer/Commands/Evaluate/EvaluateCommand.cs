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

        console.MarkupLine($"Model: [bold]{ConsoleText.Markup(scorer.Description)}[/]");
        await ProgressDisplay.StartAsync(console, ProgressDisplay.RunColumns(), clear: true, async display =>
        {
            foreach (string path in settings.Data)
            {
                files.Add(await EvaluateFileAsync(path, scorer, settings, display, cancellationToken));
            }
            return files.Count;
        });
        console.Write(EvaluationReport.Table(scorer.Description, settings.Threshold, files));
        return 0;
    }

    /// <param name="display">Progress and data lines for people; null for --json (nothing but the document on stdout).</param>
    private async Task<FileEvaluation> EvaluateFileAsync(string path, IModelScorer scorer, EvaluateSettings settings, IProgressView? display, CancellationToken cancellationToken)
    {
        // Reading is shown exactly as training shows it: a bar over the bytes, then the counts and the first malformed rows.
        var reading = display is null ? null : new ConsoleTrainingObserver(console, display);
        reading?.ShowLoading();
        bool standardInput = path == CommandLineArguments.StandardInput;
        long totalBytes = standardInput ? 0 : new FileInfo(path).Length;
        var readOptions = new DataReadOptions
        {
            Strict = settings.Strict,
            BytesRead = reading is null || standardInput ? null : new SynchronousProgress<long>(bytes => reading.OnDataReadProgress(bytes, totalBytes)),
        };
        LoadedData loaded;
        if (standardInput)
        {
            using var input = Console.OpenStandardInput();
            loaded = TweetDataReader.Read(input, "standard input", readOptions, cancellationToken);
        }
        else
        {
            loaded = TweetDataReader.Read(path, readOptions, cancellationToken);
        }
        var facts = FileEvaluation.Describe(loaded);
        reading?.OnDataLoaded(facts);

        var scoring = display?.AddTask($"Scoring {ConsoleText.Markup(Path.GetFileName(path))}", loaded.Tweets.Count);
        float[] probabilities = await scorer.ScoreAsync(
            [.. loaded.Tweets.Select(tweet => tweet.Text)],
            scoring is null ? null : new SynchronousProgress<int>(count => scoring.Report(count)),
            cancellationToken);
        scoring?.Finish();

        int[] labels = loaded.Tweets.Select(tweet => tweet.Label).ToArray();
        return new FileEvaluation(facts, loaded.PositiveCount, ClassificationMetrics.Compute(labels, probabilities, settings.Threshold));
    }
}
