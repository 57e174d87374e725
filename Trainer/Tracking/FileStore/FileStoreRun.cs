using System.Globalization;

namespace TwitterSentiment.Trainer.Tracking.FileStore;

/// <summary>
/// A run in an <c>mlruns/</c> store: <c>meta.yaml</c>, <c>params/</c>, <c>metrics/</c>, <c>tags/</c>, <c>artifacts/</c>.
/// Keys are validated before anything is written; a key with '/' becomes a sub-folder, as in MLflow.
/// Temporary files live in the run folder itself, never in the folders MLflow reads as entries.
/// </summary>
public sealed class FileStoreRun : ITrackedRun
{
    private readonly Lock _gate = new();
    private readonly string _directory;
    private readonly string _artifactUri;
    private readonly string _userId;
    private readonly TextWriter _warnings;
    private readonly long _startTime;
    private string _runName;
    private bool _ended;

    internal FileStoreRun(string directory, string artifactUri, string experimentId, string runId, string runName, string userId, TextWriter warnings)
    {
        _directory = directory;
        _artifactUri = artifactUri;
        ExperimentId = experimentId;
        RunId = runId;
        _runName = runName;
        _userId = userId;
        _warnings = warnings;
        _startTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }

    public string RunId { get; }

    public string ExperimentId { get; }

    public string Location => _directory;

    /// <summary>The store: the run folder is &lt;store&gt;/&lt;experiment id&gt;/&lt;run id&gt;.</summary>
    public string TrackingUri => new Uri(Path.GetFullPath(Path.Combine(_directory, "..", ".."))).AbsoluteUri;

    public string RunName => _runName;

    public string ArtifactDirectory => Path.Combine(_directory, "artifacts");

    internal void Create(IReadOnlyDictionary<string, string> tags)
    {
        foreach (string folder in new[] { "metrics", "params", "tags", "artifacts" })
            Directory.CreateDirectory(Path.Combine(_directory, folder));
        WriteMeta(RunStatus.Running, endTime: null);
        var all = new Dictionary<string, string>(tags, StringComparer.Ordinal) { [MlflowTags.RunName] = _runName };
        SetTagsCore(all);
    }

    public Task LogParamsAsync(IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (string key in parameters.Keys)
                MlflowKeys.Validate(key, "param");
            foreach (var (key, raw) in parameters)
            {
                string value = ValueLimits.Truncate(raw, MlflowLimits.MaxParamValueLength, $"param '{key}'", _warnings);
                string path = EntryPath("params", key);
                if (File.Exists(path) || !AtomicFile.TryCreate(path, value, _directory))
                {
                    string existing = File.ReadAllText(path, AtomicFile.Utf8);
                    if (existing != value)
                        throw new TrackingException($"The param '{key}' is already logged as '{existing}' and cannot change to '{value}' (MLflow params are immutable).");
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task LogMetricsAsync(IReadOnlyList<MetricPoint> metrics, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var metric in metrics)
            {
                MlflowKeys.Validate(metric.Key, "metric");
                if (metric.TimestampMs < 0)
                    throw new TrackingException($"The metric '{metric.Key}' has a negative timestamp.");
            }

            foreach (var metric in metrics)
                AtomicFile.AppendLine(EntryPath("metrics", metric.Key), MetricLine(metric), _directory);
        }

        return Task.CompletedTask;
    }

    public Task SetTagsAsync(IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            SetTagsCore(tags);
        return Task.CompletedTask;
    }

    public Task LogArtifactAsync(string localPath, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        string target = ArtifactTarget.Resolve(ArtifactDirectory, artifactPath);
        if (File.Exists(localPath))
        {
            Directory.CreateDirectory(target);
            File.Copy(localPath, Path.Combine(target, Path.GetFileName(localPath)), overwrite: true);
        }
        else if (Directory.Exists(localPath))
        {
            CopyDirectory(localPath, target, cancellationToken);
        }
        else
        {
            throw new TrackingException($"Cannot log artifact {localPath}: no such file or directory.");
        }

        return Task.CompletedTask;
    }

    public Task EndAsync(RunStatus status, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_ended)
                return Task.CompletedTask;
            WriteMeta(status, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            _ended = true;
        }

        return Task.CompletedTask;
    }

    /// <summary>The metric-file line MLflow parses with int(), float(), int(): invariant, round-trip, and
    /// NaN/Infinity/-Infinity spelled the way Python's float() accepts.</summary>
    internal static string MetricLine(MetricPoint metric) =>
        string.Create(CultureInfo.InvariantCulture, $"{metric.TimestampMs} {metric.Value:R} {metric.Step}");

    private void SetTagsCore(IReadOnlyDictionary<string, string> tags)
    {
        foreach (string key in tags.Keys)
            MlflowKeys.Validate(key, "tag");
        foreach (var (key, raw) in tags)
        {
            string value = ValueLimits.Truncate(raw, MlflowLimits.MaxTagValueLength, $"tag '{key}'", _warnings);
            AtomicFile.Write(EntryPath("tags", key), value, _directory);
            // MLflow keeps meta.yaml's run_name in step with the mlflow.runName tag.
            if (key == MlflowTags.RunName && value != _runName && !_ended)
            {
                _runName = value;
                WriteMeta(RunStatus.Running, endTime: null);
            }
        }
    }

    /// <summary>The file for <paramref name="key"/> under <paramref name="folder"/>; '/' in a key means sub-folders.
    /// A key cannot be both a file and a prefix of another key.</summary>
    private string EntryPath(string folder, string key)
    {
        string root = Path.Combine(_directory, folder);
        string path = Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar));
        if (Directory.Exists(path))
            throw new TrackingException($"Cannot use the {folder} key '{key}': other keys already start with '{key}/'.");
        string? parent = Path.GetDirectoryName(path);
        for (string? p = parent; p is not null && p.Length > root.Length; p = Path.GetDirectoryName(p))
        {
            if (File.Exists(p))
                throw new TrackingException($"Cannot use the {folder} key '{key}': '{Path.GetRelativePath(root, p).Replace('\\', '/')}' is already a key.");
        }

        if (parent is not null)
            Directory.CreateDirectory(parent);
        return path;
    }

    private void WriteMeta(RunStatus status, long? endTime)
    {
        var meta = new Dictionary<string, object?>
        {
            ["artifact_uri"] = _artifactUri,
            ["end_time"] = endTime,
            ["entry_point_name"] = "",
            ["experiment_id"] = ExperimentId,
            ["lifecycle_stage"] = "active",
            ["run_id"] = RunId,
            ["run_name"] = _runName,
            ["run_uuid"] = RunId,
            ["source_name"] = "",
            ["source_type"] = 4, // legacy SourceType.LOCAL; MLflow always writes 4
            ["source_version"] = "",
            ["start_time"] = _startTime,
            ["status"] = (int)status,
            ["tags"] = Array.Empty<string>(),
            ["user_id"] = _userId,
        };
        // create_run writes deleted_time: null; MLflow's later rewrites drop it. Do the same.
        if (endTime is null)
            meta["deleted_time"] = null;
        AtomicFile.Write(Path.Combine(_directory, "meta.yaml"), MlflowYaml.Serialize(meta), _directory);
    }

    private static void CopyDirectory(string source, string target, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(target);
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination) ?? target);
            File.Copy(file, destination, overwrite: true);
        }
    }
}
