namespace TwitterSentiment.Trainer.Tracking.Rest;

/// <summary>
/// A run on an MLflow tracking server. Keys are checked locally with MLflow's rules first, so a bad key fails
/// with a clear message instead of a half-logged batch. Artifacts go through the server's artifact proxy when the
/// run's artifact URI is <c>mlflow-artifacts:</c>, or straight to disk when it is a <c>file:</c> URI on this machine.
/// </summary>
public sealed class RestTrackedRun : ITrackedRun
{
    private readonly MlflowRestClient _client;
    private readonly string _artifactUri;
    private readonly TextWriter _warnings;
    private bool _ended;

    private RestTrackedRun(MlflowRestClient client, string experimentId, string runId, string artifactUri, TextWriter warnings)
    {
        _client = client;
        ExperimentId = experimentId;
        RunId = runId;
        _artifactUri = artifactUri;
        _warnings = warnings;
    }

    public string RunId { get; }

    public string ExperimentId { get; }

    public string Location => $"{_client.TrackingUri.AbsoluteUri.TrimEnd('/')}/#/experiments/{ExperimentId}/runs/{RunId}";

    public string TrackingUri => _client.TrackingUri.AbsoluteUri.TrimEnd('/');

    public static async Task<RestTrackedRun> StartAsync(MlflowRestClient client, RunStartInfo start, TextWriter warnings, CancellationToken cancellationToken)
    {
        string experimentId = string.IsNullOrEmpty(start.ExperimentName)
            ? "0"
            : await client.GetOrCreateExperimentAsync(start.ExperimentName, cancellationToken);
        string runName = string.IsNullOrWhiteSpace(start.RunName) ? RunNames.Generate() : start.RunName;
        var tags = Checked(new Dictionary<string, string>(start.Tags) { [MlflowTags.RunName] = runName }, MlflowLimits.MaxTagValueLength, "tag", warnings);
        var info = await client.CreateRunAsync(
            new CreateRunRequest(experimentId, start.UserName, runName, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), tags),
            cancellationToken);
        return new RestTrackedRun(client, info.ExperimentId ?? experimentId, info.RunId ?? "", info.ArtifactUri ?? "", warnings);
    }

    public Task LogParamsAsync(IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken = default) =>
        _client.LogBatchAsync(RunId, [], Checked(parameters, MlflowLimits.MaxParamValueLength, "param", _warnings), [], cancellationToken);

    public Task LogMetricsAsync(IReadOnlyList<MetricPoint> metrics, CancellationToken cancellationToken = default)
    {
        foreach (var metric in metrics)
            MlflowKeys.Validate(metric.Key, "metric");
        var wire = metrics.Select(m => new MlflowMetric(m.Key, m.Value, m.TimestampMs, m.Step)).ToList();
        return _client.LogBatchAsync(RunId, wire, [], [], cancellationToken);
    }

    public Task SetTagsAsync(IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default) =>
        _client.LogBatchAsync(RunId, [], [], Checked(tags, MlflowLimits.MaxTagValueLength, "tag", _warnings), cancellationToken);

    public async Task LogArtifactAsync(string localPath, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        string prefix = ArtifactTarget.Validate(artifactPath);
        IEnumerable<(string File, string Relative)> files;
        if (File.Exists(localPath))
        {
            files = [(localPath, Path.GetFileName(localPath))];
        }
        else if (Directory.Exists(localPath))
        {
            files = Directory.EnumerateFiles(localPath, "*", SearchOption.AllDirectories)
                .Select(file => (file, Path.GetRelativePath(localPath, file).Replace('\\', '/')));
        }
        else
        {
            throw new TrackingException($"Cannot log artifact {localPath}: no such file or directory.");
        }

        if (_artifactUri.StartsWith("mlflow-artifacts:", StringComparison.Ordinal))
        {
            foreach (var (file, relative) in files)
                await _client.UploadArtifactAsync(_artifactUri, prefix.Length == 0 ? relative : $"{prefix}/{relative}", file, cancellationToken);
        }
        else if (_artifactUri.StartsWith("file:", StringComparison.Ordinal))
        {
            // The server stores artifacts on a path it expects clients to write to (same host or shared volume).
            string root = ArtifactTarget.Resolve(new Uri(_artifactUri).LocalPath, prefix);
            foreach (var (file, relative) in files)
            {
                string destination = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(destination) ?? root);
                File.Copy(file, destination, overwrite: true);
            }
        }
        else
        {
            throw new TrackingException($"The run's artifact store '{_artifactUri}' needs direct credentials (S3, GCS, ...); " +
                "start the MLflow server with artifact proxying (--serve-artifacts, the default) to upload through it.");
        }
    }

    public async Task EndAsync(RunStatus status, CancellationToken cancellationToken = default)
    {
        if (_ended)
            return;
        await _client.UpdateRunAsync(RunId, status, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), cancellationToken);
        _ended = true;
    }

    private static List<MlflowKeyValue> Checked(IReadOnlyDictionary<string, string> entries, int limit, string kind, TextWriter warnings)
    {
        foreach (string key in entries.Keys)
            MlflowKeys.Validate(key, kind);
        return entries.Select(pair => new MlflowKeyValue(pair.Key, ValueLimits.Truncate(pair.Value, limit, $"{kind} '{pair.Key}'", warnings))).ToList();
    }
}
