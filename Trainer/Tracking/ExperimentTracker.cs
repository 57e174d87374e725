using TwitterSentiment.Trainer.Tracking.FileStore;
using TwitterSentiment.Trainer.Tracking.Rest;

namespace TwitterSentiment.Trainer.Tracking;

/// <summary>
/// Opens runs where the user asked: a file store, or an MLflow server with automatic fall-back to the local
/// file store when the server cannot be reached at the start or stops answering later. Requests to a server are
/// bounded per attempt and in total (<see cref="AttemptTimeout"/>, <see cref="RequestTimeout"/>), so a server that
/// accepts connections and never answers sends the run to the local store within seconds.
/// </summary>
public sealed class ExperimentTracker(Func<string, string?> environment, string currentDirectory, TextWriter console, HttpClient? http = null)
{
    /// <summary>Base delay of the exponential retry backoff; tests shorten it.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>The longest one attempt of an API request may take.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The longest an API request may take with its retries: after it the server counts as unreachable.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>The longest one attempt of an artifact upload may take (the bytes have to travel).</summary>
    public TimeSpan UploadAttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest an artifact upload may take with its retries.</summary>
    public TimeSpan UploadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public static ExperimentTracker FromProcess(TextWriter console) =>
        new(Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory(), console);

    public async Task<ITrackedRun> StartRunAsync(TrackingOptions options, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var target = TrackingTarget.Resolve(options.TrackingUri, environment, currentDirectory);
        var start = new RunStartInfo
        {
            ExperimentName = !string.IsNullOrWhiteSpace(options.ExperimentName) ? options.ExperimentName : environment("MLFLOW_EXPERIMENT_NAME"),
            RunName = options.RunName,
            UserName = tags.GetValueOrDefault(MlflowTags.User) ?? Environment.UserName,
            Tags = tags,
        };

        if (target.StorePath is { } store)
            return new MlflowFileStore(store, console).CreateRun(start);

        var server = target.ServerUri ?? throw new TrackingException("No tracking target.");
        int retries = MaxRetries();
        var client = new MlflowRestClient(http ?? SharedHttp.Value, server,
            TransientHttpPipeline.Create(retries, RetryBaseDelay, console, AttemptTimeout, RequestTimeout), MlflowCredentials.FromEnvironment(environment),
            TransientHttpPipeline.Create(retries, RetryBaseDelay, console, UploadAttemptTimeout, UploadTimeout));
        var local = new MlflowFileStore(TrackingTarget.DefaultStore(currentDirectory), console);
        try
        {
            var remote = await RestTrackedRun.StartAsync(client, start, console, cancellationToken);
            return new FallbackTrackedRun(remote, () => local.CreateRun(start), console);
        }
        catch (TrackingUnavailableException ex)
        {
            var run = local.CreateRun(start);
            console.WriteLine($"Tracking: {ex.Message}");
            console.WriteLine($"Tracking: this run is recorded in the local MLflow store instead: {run.Location}");
            return run;
        }
    }

    private int MaxRetries() =>
        int.TryParse(environment("MLFLOW_HTTP_REQUEST_MAX_RETRIES"), out int retries) && retries >= 0 ? retries : 3;

    // The pipelines bound every request; the client's own timeout is only a backstop above them.
    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient { Timeout = TimeSpan.FromSeconds(120) });
}
