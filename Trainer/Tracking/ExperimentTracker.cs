using TwitterSentiment.Trainer.Tracking.FileStore;
using TwitterSentiment.Trainer.Tracking.Rest;

namespace TwitterSentiment.Trainer.Tracking;

/// <summary>
/// Opens runs where the user asked: a file store, or an MLflow server with automatic fall-back to the local
/// file store when the server cannot be reached at the start or stops answering later.
/// </summary>
public sealed class ExperimentTracker(Func<string, string?> environment, string currentDirectory, TextWriter console, HttpClient? http = null)
{
    /// <summary>Base delay of the exponential retry backoff; tests shorten it.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

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
        var client = new MlflowRestClient(http ?? SharedHttp.Value, server,
            TransientHttpPipeline.Create(MaxRetries(), RetryBaseDelay, console), MlflowCredentials.FromEnvironment(environment));
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
        int.TryParse(environment("MLFLOW_HTTP_REQUEST_MAX_RETRIES"), out int retries) && retries >= 0 ? retries : 5;

    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient { Timeout = TimeSpan.FromSeconds(120) });
}
