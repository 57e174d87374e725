namespace TwitterSentiment.Trainer.Tracking;

/// <summary>
/// Logs to a tracking server and, the moment it stays unreachable, moves the run to a local file store: it opens
/// a local run, replays everything logged so far, says so on the console, and carries on there. Training output is
/// never lost because a server went away. Calls must come one at a time (the <see cref="TrackingWorker"/> does so);
/// the properties may be read from any thread.
/// </summary>
public sealed class FallbackTrackedRun(ITrackedRun primary, Func<ITrackedRun> openLocalRun, TextWriter console) : ITrackedRun
{
    private readonly Dictionary<string, string> _params = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tags = new(StringComparer.Ordinal);
    private readonly List<MetricPoint> _metrics = [];
    private readonly List<(string LocalPath, string? ArtifactPath)> _artifacts = [];
    private readonly ITrackedRun _primary = primary;
    private volatile ITrackedRun _current = primary;

    public string RunId => _current.RunId;

    public string ExperimentId => _current.ExperimentId;

    public string Location => _current.Location;

    public string TrackingUri => _current.TrackingUri;

    /// <summary>True once the run has moved to the local store.</summary>
    public bool FellBack => !ReferenceEquals(_current, _primary);

    public async Task LogParamsAsync(IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken = default)
    {
        await RunAsync(run => run.LogParamsAsync(parameters, cancellationToken), cancellationToken);
        foreach (var (key, value) in parameters)
            _params[key] = value;
    }

    public async Task LogMetricsAsync(IReadOnlyList<MetricPoint> metrics, CancellationToken cancellationToken = default)
    {
        await RunAsync(run => run.LogMetricsAsync(metrics, cancellationToken), cancellationToken);
        _metrics.AddRange(metrics);
    }

    public async Task SetTagsAsync(IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        await RunAsync(run => run.SetTagsAsync(tags, cancellationToken), cancellationToken);
        foreach (var (key, value) in tags)
            _tags[key] = value;
    }

    public async Task LogArtifactAsync(string localPath, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        await RunAsync(run => run.LogArtifactAsync(localPath, artifactPath, cancellationToken), cancellationToken);
        _artifacts.Add((localPath, artifactPath));
    }

    public async Task EndAsync(RunStatus status, CancellationToken cancellationToken = default)
    {
        await RunAsync(run => run.EndAsync(status, cancellationToken), cancellationToken);
        if (FellBack)
            await TryCloseServerRunAsync();
    }

    /// <summary>How long ending the abandoned server run may take; it is only a courtesy.</summary>
    public TimeSpan ServerCloseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    // If the server is back, mark its half of the run FAILED so it does not stay RUNNING forever.
    private async Task TryCloseServerRunAsync()
    {
        using var timeout = new CancellationTokenSource(ServerCloseTimeout);
        try
        {
            await _primary.EndAsync(RunStatus.Failed, timeout.Token);
        }
        catch (Exception ex) when (ex is TrackingException or OperationCanceledException)
        {
            console.WriteLine($"Tracking: the server's run {_primary.RunId} stays RUNNING there; the complete run is {_current.Location}");
        }
    }

    private async Task RunAsync(Func<ITrackedRun, Task> action, CancellationToken cancellationToken)
    {
        try
        {
            await action(_current);
        }
        catch (TrackingUnavailableException ex) when (!FellBack)
        {
            var local = openLocalRun();
            console.WriteLine($"Tracking: {ex.Message}");
            console.WriteLine($"Tracking: run {_primary.RunId} continues in the local MLflow store as run {local.RunId}: {local.Location}");
            await ReplayAsync(local, cancellationToken);
            _current = local;
            await action(_current);
        }
    }

    private async Task ReplayAsync(ITrackedRun local, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, string>(_tags, StringComparer.Ordinal) { ["twittersentiment.tracking.server_run_id"] = _primary.RunId };
        await local.SetTagsAsync(tags, cancellationToken);
        if (_params.Count > 0)
            await local.LogParamsAsync(_params, cancellationToken);
        if (_metrics.Count > 0)
            await local.LogMetricsAsync(_metrics, cancellationToken);
        foreach (var (path, artifactPath) in _artifacts)
            await local.LogArtifactAsync(path, artifactPath, cancellationToken);
    }
}
