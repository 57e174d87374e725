using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Tracking.Reporting;

namespace TwitterSentiment.Trainer.Tracking;

/// <summary>
/// Records one training run in MLflow: tags when it starts, params when training starts, the epoch metrics as each
/// epoch ends (it is an <see cref="ITrainingObserver"/>), and at the end the final metrics, plots, metrics.json,
/// vocabulary, checkpoint and SavedModel. A tracking problem is reported on the console and never stops training;
/// the run always ends with a status and an end time (FAILED if nobody ended it, e.g. on an exception).
/// </summary>
public sealed class TrainingRunTracker : ITrainingObserver, IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly TextWriter _console;
    private bool _ended;

    private TrainingRunTracker(ITrackedRun run, TextWriter console)
    {
        Run = run;
        _console = console;
    }

    public ITrackedRun Run { get; }

    /// <summary>Opens the run where <paramref name="options"/> (or MLflow's environment variables) say.</summary>
    public static async Task<TrainingRunTracker> StartAsync(ExperimentTracker tracker, TrainingRunOptions options, TextWriter console, CancellationToken cancellationToken)
    {
        var run = await tracker.StartRunAsync(
            new TrackingOptions { TrackingUri = options.TrackingUri, ExperimentName = options.Experiment, RunName = options.RunName },
            StartTags(), cancellationToken);
        console.WriteLine($"Tracking: MLflow run {run.RunId} in {run.Location}");
        return new TrainingRunTracker(run, console);
    }

    public void OnTrainingStarted(TrainingSetup setup) =>
        Guard("log the parameters", () => Run.LogParamsAsync(TrainingRunParams.From(setup)));

    public void OnEpochCompleted(EpochResult result) =>
        Guard($"log epoch {result.Epoch}", () => Run.LogMetricsAsync(TrainingRunMetrics.ForEpoch(result, Now())));

    /// <summary>Logs the final metrics and artifacts, then ends the run FINISHED.</summary>
    /// <param name="savedModelDirectory">The exported SavedModel version directory, or null when nothing was exported.</param>
    public async Task CompleteAsync(TrainingReport report, string? savedModelDirectory, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await GuardAsync("log the final metrics", () => Run.LogMetricsAsync(TrainingRunMetrics.Final(report, Now()), cancellationToken));
        await GuardAsync("describe the run", () => Run.SetTagsAsync(new Dictionary<string, string>
        {
            [MlflowTags.Note] = Describe(report, savedModelDirectory),
            ["best_epoch"] = report.BestEpoch.ToString(CultureInfo.InvariantCulture),
        }, cancellationToken));

        string staging = Path.Combine(Path.GetTempPath(), $"twittersentiment-run-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            await LogPlotsAsync(report, staging, cancellationToken);
            string metrics = Path.Combine(staging, "metrics.json");
            await File.WriteAllTextAsync(metrics, JsonSerializer.Serialize(Summary(report), Json), cancellationToken);
            await GuardAsync("log metrics.json", () => Run.LogArtifactAsync(metrics, null, cancellationToken));
            string vocabulary = Path.Combine(report.CheckpointDirectory, ModelCheckpoint.VocabularyFile);
            if (File.Exists(vocabulary))
                await GuardAsync("log the vocabulary", () => Run.LogArtifactAsync(vocabulary, null, cancellationToken));
            await GuardAsync("log the checkpoint", () => Run.LogArtifactAsync(report.CheckpointDirectory, "checkpoint", cancellationToken));
            if (savedModelDirectory is not null)
                await LogModelAsync(savedModelDirectory, staging, cancellationToken);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }

        await EndAsync(RunStatus.Finished);
        _console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Tracking: run {Run.RunId} recorded (results and artifacts in {clock.Elapsed.TotalSeconds:F1} s): {Run.Location}"));
    }

    /// <summary>Ends the run (KILLED for a cancellation, FAILED for an error) and notes why.</summary>
    public async Task EndAsync(RunStatus status, string? reason = null)
    {
        if (_ended)
            return;
        _ended = true;
        if (reason is not null)
            await GuardAsync("note the failure", () => Run.SetTagsAsync(new Dictionary<string, string> { [MlflowTags.Note] = reason }));
        // Never the caller's token: a cancelled run still has to be marked KILLED.
        await GuardAsync("end the run", () => Run.EndAsync(status, CancellationToken.None));
    }

    public async Task FailAsync(Exception error) =>
        await (error is OperationCanceledException
            ? EndAsync(RunStatus.Killed, "**Interrupted** before training finished (Ctrl+C).")
            : EndAsync(RunStatus.Failed, $"**Failed**: {error.Message}"));

    public async ValueTask DisposeAsync() => await EndAsync(RunStatus.Failed, _ended ? null : "**Failed**: the run ended without reporting a result.");

    private static Dictionary<string, string> StartTags()
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MlflowTags.User] = Environment.UserName,
            // Like Python's sys.argv[0]: the program, not the dotnet host that runs it.
            [MlflowTags.SourceName] = Environment.GetCommandLineArgs() is [{ Length: > 0 } program, ..] ? program : "TwitterSentiment.Trainer",
            [MlflowTags.SourceType] = "LOCAL",
            [MlflowTags.Note] = "Training in progress.",
        };
        // The checkout the user runs in, else the one the binary was built in.
        var head = GitCommitReader.Read(Directory.GetCurrentDirectory()) ?? GitCommitReader.Read(AppContext.BaseDirectory);
        if (head is not null)
        {
            tags[MlflowTags.GitCommit] = head.Commit;
            if (head.Branch is { } branch)
                tags[MlflowTags.GitBranch] = branch;
        }

        return tags;
    }

    private async Task LogPlotsAsync(TrainingReport report, string staging, CancellationToken cancellationToken)
    {
        string plots = Path.Combine(staging, "plots");
        Directory.CreateDirectory(plots);
        var history = report.History;
        try
        {
            DrawPlots(report, plots, history);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Drawing is not worth a failed run; whatever was drawn is still logged.
            _console.WriteLine($"Tracking: could not draw the plots: {ex.Message}");
        }

        await GuardAsync("log the plots", () => Run.LogArtifactAsync(plots, "plots", cancellationToken));
    }

    private static void DrawPlots(TrainingReport report, string plots, IReadOnlyList<EpochResult> history)
    {
        TrainingPlots.SaveLearningCurves(Path.Combine(plots, "learning_curves.png"), [.. history.Select(e => e.Epoch)],
            [.. history.Select(e => e.Loss)], [.. history.Select(e => e.ValidationLoss)],
            [.. history.Select(e => e.Accuracy)], [.. history.Select(e => e.ValidationAccuracy)], report.BestEpoch);
        TrainingPlots.SaveRocCurve(Path.Combine(plots, "roc_curve.png"), report.TestLabels, report.TestProbabilities);
        var test = report.Test;
        TrainingPlots.SaveConfusionMatrix(Path.Combine(plots, "confusion_matrix.png"), test.TruePositives, test.FalsePositives, test.TrueNegatives, test.FalseNegatives);
    }

    private async Task LogModelAsync(string savedModelDirectory, string staging, CancellationToken cancellationToken)
    {
        string model = Path.Combine(staging, MlflowModelWriter.ArtifactPath);
        Directory.CreateDirectory(model);
        await GuardAsync("log the SavedModel", async () =>
        {
            string history = MlflowModelWriter.Write(savedModelDirectory, model, Run.RunId, DateTime.UtcNow);
            await Run.LogArtifactAsync(model, MlflowModelWriter.ArtifactPath, cancellationToken);
            await Run.SetTagsAsync(new Dictionary<string, string> { [MlflowTags.LogModelHistory] = history }, cancellationToken);
        });
    }

    private static string Describe(TrainingReport report, string? savedModelDirectory)
    {
        var m = report.Model;
        var t = report.Test;
        string exported = savedModelDirectory is null ? "not exported" : $"exported to `{savedModelDirectory}` (artifact `model/`)";
        return string.Create(CultureInfo.InvariantCulture,
            $"""
            Embedding ({m.EmbeddingDim}) → {(m.Bidirectional ? "bidirectional " : "")}LSTM ({m.LstmUnits}) → dropout ({m.Dropout}) → dense, trained with TorchSharp.

            * Data: {report.Data.Description} `{report.Data.Source}`, {report.Data.Tweets:N0} tweets (SHA-256 `{report.Data.Sha256[..Math.Min(12, report.Data.Sha256.Length)]}…`), split {report.Split.Train:N0} / {report.Split.Validation:N0} / {report.Split.Test:N0}
            * Best epoch {report.BestEpoch} of {report.History.Count}{(report.StoppedEarly ? " (early stopping)" : "")}
            * Test: accuracy **{t.Accuracy:P2}**, ROC AUC **{t.RocAuc:0.0000}**, F1 {t.F1:0.0000}
            * Model {exported}
            """);
    }

    private static object Summary(TrainingReport report) => new
    {
        report.BestEpoch,
        report.StoppedEarly,
        History = report.History.Select(e => new
        {
            e.Epoch, e.Loss, e.Accuracy, ValLoss = e.ValidationLoss, ValAccuracy = e.ValidationAccuracy, e.LearningRate,
            e.SequencesPerSecond, DurationSeconds = e.Duration.TotalSeconds,
        }),
        report.Validation,
        report.Test,
        report.Data,
        report.Split,
        Timings = new
        {
            LoadSeconds = report.Timings.Load.TotalSeconds, EncodeSeconds = report.Timings.Encode.TotalSeconds,
            TrainSeconds = report.Timings.Train.TotalSeconds, EvaluateSeconds = report.Timings.Evaluate.TotalSeconds,
            TotalSeconds = report.Timings.Total.TotalSeconds,
        },
    };

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    // The observer runs on the training thread; tracking calls are short (a file append or one HTTP request).
    private void Guard(string what, Func<Task> action) => GuardAsync(what, action).GetAwaiter().GetResult();

    private async Task GuardAsync(string what, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (ex is TrackingException or IOException or UnauthorizedAccessException)
        {
            _console.WriteLine($"Tracking: could not {what}: {ex.Message}");
        }
    }
}
