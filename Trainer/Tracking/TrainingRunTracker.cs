using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.Json;
using TwitterSentiment.Contracts.Metrics;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Tracking.Reporting;

namespace TwitterSentiment.Trainer.Tracking;

/// <summary>
/// Records one training run in MLflow: tags when it starts, params when training starts, the epoch metrics as each
/// epoch ends (it is an <see cref="ITrainingObserver"/>), and at the end the final metrics, plots, metrics.json,
/// vocabulary, checkpoint and SavedModel. Only opening the run is awaited (its id goes into the exported model);
/// every later call goes through a <see cref="TrackingWorker"/>, so the training thread never waits for a server.
/// A tracking problem is reported on the notices writer and never stops training; the run always ends with a
/// status and an end time (FAILED if nobody ended it, e.g. on an exception).
/// </summary>
public sealed class TrainingRunTracker : ITrainingObserver, IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The reliability diagram's file in the run's <c>plots/</c> artifact folder.</summary>
    public const string ReliabilityPlot = "reliability.png";

    private readonly TextWriter _console;
    private readonly TrackingWorker _queue;
    private bool _ended;

    private TrainingRunTracker(ITrackedRun run, TextWriter console)
    {
        Run = run;
        _console = console;
        _queue = new TrackingWorker(console);
    }

    public ITrackedRun Run { get; }

    /// <summary>How long the end of a run waits for queued tracking calls before it gives up on them.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Opens the run where <paramref name="options"/> (or MLflow's environment variables) say.</summary>
    public static async Task<TrainingRunTracker> StartAsync(ExperimentTracker tracker, TrainingRunOptions options, TextWriter console, CancellationToken cancellationToken)
    {
        var run = await tracker.StartRunAsync(
            new TrackingOptions { TrackingUri = options.TrackingUri, ExperimentName = options.Experiment, RunName = options.RunName },
            StartTags(), cancellationToken);
        console.WriteLine($"Tracking: MLflow run {run.RunId} in {run.Location}");
        return new TrainingRunTracker(run, console);
    }

    /// <summary>
    /// The run that records this training once the calls queued so far have run (waiting at most
    /// <see cref="DrainTimeout"/>): if the server stopped answering, they moved the run to the local store, whose id
    /// and tracking location are then the ones to name in the exported model.
    /// </summary>
    public async Task<ITrackedRun> SettledRunAsync(CancellationToken cancellationToken = default)
    {
        if (!await _queue.WaitForPostedAsync(DrainTimeout, cancellationToken))
            _console.WriteLine($"Tracking: still waiting for the tracking server after {DrainTimeout.TotalSeconds:0} s; the exported model names run {Run.RunId}.");
        return Run;
    }

    /// <summary>Queued: the training thread goes on at once.</summary>
    public void OnTrainingStarted(TrainingSetup setup)
    {
        var parameters = TrainingRunParams.From(setup);
        _queue.Post("log the parameters", token => Run.LogParamsAsync(parameters, token));
    }

    /// <summary>Queued: the training thread goes on at once.</summary>
    public void OnEpochCompleted(EpochResult result)
    {
        var metrics = TrainingRunMetrics.ForEpoch(result, Now());
        _queue.Post($"log epoch {result.Epoch}", token => Run.LogMetricsAsync(metrics, token));
    }

    /// <summary>
    /// Logs the final metrics and artifacts after everything queued so far, ends the run FINISHED and waits (at most
    /// <see cref="DrainTimeout"/>) until all of it is recorded.
    /// </summary>
    /// <param name="checkpointDirectory">The saved checkpoint, logged as the <c>checkpoint/</c> artifact.</param>
    /// <param name="savedModelDirectory">The exported SavedModel version directory, logged as the <c>model/</c> artifact.</param>
    public async Task CompleteAsync(TrainingReport report, string checkpointDirectory, string savedModelDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var final = TrainingRunMetrics.Final(report, Now());
        _queue.Post("log the final metrics", token => Run.LogMetricsAsync(final, token));
        var description = new Dictionary<string, string>
        {
            [MlflowTags.Note] = Describe(report, savedModelDirectory),
            ["best_epoch"] = report.BestEpoch.ToString(CultureInfo.InvariantCulture),
        };
        _queue.Post("describe the run", token => Run.SetTagsAsync(description, token));

        // Staged files are made here; the queue logs them and deletes the staging folder after the last upload.
        string staging = Path.Combine(Path.GetTempPath(), $"twittersentiment-run-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            string plots = DrawPlots(report, staging);
            _queue.Post("log the plots", token => Run.LogArtifactAsync(plots, "plots", token));
            string metrics = Path.Combine(staging, "metrics.json");
            await File.WriteAllTextAsync(metrics, JsonSerializer.Serialize(Summary(report), Json), cancellationToken);
            _queue.Post("log metrics.json", token => Run.LogArtifactAsync(metrics, null, token));
            string vocabulary = Path.Combine(checkpointDirectory, ModelCheckpoint.VocabularyFile);
            if (File.Exists(vocabulary))
                _queue.Post("log the vocabulary", token => Run.LogArtifactAsync(vocabulary, null, token));
            _queue.Post("log the checkpoint", token => Run.LogArtifactAsync(checkpointDirectory, "checkpoint", token));
            _queue.Post("log the SavedModel", token => LogModelAsync(savedModelDirectory, staging, token));
        }
        finally
        {
            _queue.Post("clean up", _ =>
            {
                Directory.Delete(staging, recursive: true);
                return Task.CompletedTask;
            });
        }

        if (await EndAsync(RunStatus.Finished, cancellationToken: cancellationToken))
        {
            _console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Tracking: run {Run.RunId} recorded (results and artifacts in {clock.Elapsed.TotalSeconds:F1} s): {Run.Location}"));
        }
    }

    /// <summary>
    /// Ends the run (KILLED for a cancellation, FAILED for an error, noting why) after everything queued, and waits
    /// at most <see cref="DrainTimeout"/> for it. A wait that gives up says so on the notices writer.
    /// </summary>
    /// <returns>False when queued calls were abandoned: the run may be incomplete where it is recorded.</returns>
    public async Task<bool> EndAsync(RunStatus status, string? reason = null, CancellationToken cancellationToken = default)
    {
        if (_ended)
            return true;
        _ended = true;
        if (reason is not null)
            _queue.Post("note the failure", token => Run.SetTagsAsync(new Dictionary<string, string> { [MlflowTags.Note] = reason }, token));
        _queue.Post("end the run", token => Run.EndAsync(status, token));

        if (await _queue.CloseAsync(DrainTimeout, cancellationToken))
            return true;
        string why = cancellationToken.IsCancellationRequested
            ? "stopped waiting for the tracking server (interrupted)"
            : string.Create(CultureInfo.InvariantCulture, $"gave up waiting for the tracking server after {DrainTimeout.TotalSeconds:0.#} s");
        _console.WriteLine($"Tracking: {why}; the run at {Run.Location} is incomplete (the checkpoint and SavedModel on disk are not affected).");
        return false;
    }

    public async Task FailAsync(Exception error) =>
        await (error is OperationCanceledException
            ? EndAsync(RunStatus.Killed, "**Interrupted** before the run finished (Ctrl+C or SIGTERM).")
            : EndAsync(RunStatus.Failed, $"**Failed**: {error.Message}"));

    public async ValueTask DisposeAsync()
    {
        await EndAsync(RunStatus.Failed, _ended ? null : "**Failed**: the run ended without reporting a result.");
        await _queue.DisposeAsync();
    }

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

    private string DrawPlots(TrainingReport report, string staging)
    {
        string plots = Path.Combine(staging, "plots");
        Directory.CreateDirectory(plots);
        try
        {
            DrawPlots(report, plots, report.History);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Drawing is not worth a failed run; whatever was drawn is still logged.
            _console.WriteLine($"Tracking: could not draw the plots: {ex.Message}");
        }

        return plots;
    }

    private static void DrawPlots(TrainingReport report, string plots, IReadOnlyList<EpochResult> history)
    {
        TrainingPlots.SaveLearningCurves(Path.Combine(plots, "learning_curves.png"), [.. history.Select(e => e.Epoch)],
            [.. history.Select(e => e.Loss)], [.. history.Select(e => e.ValidationLoss)],
            [.. history.Select(e => e.Accuracy)], [.. history.Select(e => e.ValidationAccuracy)], report.BestEpoch);
        TrainingPlots.SaveRocCurve(Path.Combine(plots, "roc_curve.png"), report.TestLabels, report.TestProbabilities);
        TrainingPlots.SaveReliabilityDiagram(Path.Combine(plots, ReliabilityPlot),
            [("test split", ReliabilityCurve.Bins(report.TestLabels, report.TestProbabilities)), .. report.HeldOut.Select(file => (file.Name, file.Reliability))]);
        var test = report.Test;
        TrainingPlots.SaveConfusionMatrix(Path.Combine(plots, "confusion_matrix.png"), test.TruePositives, test.FalsePositives, test.TrueNegatives, test.FalseNegatives);
    }

    // The MLmodel file names the run, so it is written when the call runs: after a fall-back, the local run's id.
    private async Task LogModelAsync(string savedModelDirectory, string staging, CancellationToken cancellationToken)
    {
        string model = Path.Combine(staging, MlflowModelWriter.ArtifactPath);
        Directory.CreateDirectory(model);
        string history = MlflowModelWriter.Write(savedModelDirectory, model, Run.RunId, DateTime.UtcNow);
        await Run.LogArtifactAsync(model, MlflowModelWriter.ArtifactPath, cancellationToken);
        await Run.SetTagsAsync(new Dictionary<string, string> { [MlflowTags.LogModelHistory] = history }, cancellationToken);
    }

    private static string Describe(TrainingReport report, string savedModelDirectory)
    {
        var m = report.Model;
        var t = report.Test;
        return string.Create(CultureInfo.InvariantCulture,
            $"""
            Embedding ({m.EmbeddingDim}) → {(m.Bidirectional ? "bidirectional " : "")}LSTM ({m.LstmUnits}) → dropout ({m.Dropout}) → dense, trained with TorchSharp.

            * Data: {report.Data.Description} `{report.Data.Source}`, {report.Data.Tweets:N0} tweets (SHA-256 `{report.Data.Sha256[..Math.Min(12, report.Data.Sha256.Length)]}…`), split {report.Split.Train:N0} / {report.Split.Validation:N0} / {report.Split.Test:N0}
            * Best epoch {report.BestEpoch} of {report.History.Count}{(report.StoppedEarly ? " (early stopping)" : "")}
            * Test: accuracy **{t.Accuracy:P2}**, ROC AUC **{Defined(t.RocAuc)}**, F1 {Defined(t.F1)}
            * Model exported to `{savedModelDirectory}` (artifact `model/`)
            """);
    }

    private static string Defined(double? metric) => metric is { } value ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "undefined";

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
}
