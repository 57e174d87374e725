using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace TwitterSentiment.Trainer.Tests.Tracking;

/// <summary>
/// An in-process MLflow tracking server on loopback (HttpListener) implementing the endpoints our client uses,
/// with MLflow's request/response shapes, error bodies <c>{"error_code", "message"}</c> and status mapping, and
/// log-batch limit checks as the real server does them. Knobs simulate failures and races.
/// </summary>
internal sealed class FakeMlflowServer : IDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly Lock _gate = new();
    private int _nextExperimentId = 1;

    public FakeMlflowServer()
    {
        _server = new LoopbackHttpServer(HandleAsync);
        BaseUri = _server.BaseAddress;
        Experiments["Default"] = new Experiment("0", "Default", "active");
    }

    public Uri BaseUri { get; }

    public ConcurrentQueue<Recorded> Requests { get; } = new();

    public Dictionary<string, Experiment> Experiments { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RunState> Runs { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, byte[]> Artifacts { get; } = new(StringComparer.Ordinal);

    /// <summary>While set, requests are accepted and never answered (until the server is disposed), as by a hung server.</summary>
    public bool Silent { get; set; }

    /// <summary>The next N requests are answered 503 TEMPORARILY_UNAVAILABLE.</summary>
    public int FailNext { get; set; }

    /// <summary>When set, a get-by-name for a missing experiment answers 404 and then "another client" creates it.</summary>
    public bool CreateBehindTheClientsBack { get; set; }

    /// <summary>When set, requests without exactly this Authorization header get a plain-text 401, as an auth proxy sends.</summary>
    public string? RequiredAuthorization { get; set; }

    /// <summary>How run artifact URIs are formed; {0} = experiment id, {1} = run id.</summary>
    public string ArtifactUriFormat { get; set; } = "mlflow-artifacts:/{0}/{1}/artifacts";

    public IEnumerable<Recorded> Calls(string endpoint) => Requests.Where(r => r.Path.EndsWith(endpoint, StringComparison.Ordinal));

    /// <summary>Tests dispose it to simulate an outage, then again in their teardown: the second time does nothing.</summary>
    public void Dispose() => _server.Dispose();

    private async Task HandleAsync(HttpListenerContext context, CancellationToken stopping)
    {
        var request = context.Request;
        using var memory = new MemoryStream();
        await request.InputStream.CopyToAsync(memory, stopping);
        byte[] body = memory.ToArray();
        string path = request.Url?.AbsolutePath ?? "";
        Requests.Enqueue(new Recorded(request.HttpMethod, path, request.Url?.Query ?? "", request.Headers["Authorization"], body));
        if (Silent)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, stopping);
            }
            catch (OperationCanceledException)
            {
            }

            context.Response.Abort();
            return;
        }

        int status;
        string response;
        string contentType = "application/json";
        lock (_gate)
        {
            if (RequiredAuthorization is not null && request.Headers["Authorization"] != RequiredAuthorization)
            {
                (status, response, contentType) = (401, "You are not authenticated. Please provide valid credentials.", "text/plain");
            }
            else if (FailNext > 0)
            {
                FailNext--;
                (status, response) = Error(503, "TEMPORARILY_UNAVAILABLE", "The server is temporarily unavailable.");
            }
            else
            {
                (status, response) = Route(request.HttpMethod, path, request.QueryString, body);
            }
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        byte[] bytes = Encoding.UTF8.GetBytes(response);
        await context.Response.OutputStream.WriteAsync(bytes, stopping);
        context.Response.Close();
    }

    private (int, string) Route(string method, string path, System.Collections.Specialized.NameValueCollection query, byte[] body)
    {
        const string api = "/api/2.0/mlflow/";
        const string artifacts = "/api/2.0/mlflow-artifacts/artifacts/";
        if (method == "PUT" && path.StartsWith(artifacts, StringComparison.Ordinal))
        {
            Artifacts[Uri.UnescapeDataString(path[artifacts.Length..])] = body;
            return (200, "{}");
        }

        var json = method == "POST" ? JsonNode.Parse(Encoding.UTF8.GetString(body)) as JsonObject : null;
        return (method, path.StartsWith(api, StringComparison.Ordinal) ? path[api.Length..] : path) switch
        {
            ("GET", "experiments/get-by-name") => GetByName(query["experiment_name"] ?? ""),
            ("POST", "experiments/create") => CreateExperiment((string?)json?["name"] ?? ""),
            ("POST", "runs/create") => CreateRun(json ?? []),
            ("POST", "runs/log-batch") => LogBatch(json ?? []),
            ("POST", "runs/update") => UpdateRun(json ?? []),
            _ => Error(404, "ENDPOINT_NOT_FOUND", $"No API endpoint found for {method} {path}"),
        };
    }

    private (int, string) GetByName(string name)
    {
        if (Experiments.TryGetValue(name, out var experiment))
            return (200, new JsonObject { ["experiment"] = experiment.ToJson() }.ToJsonString());
        if (CreateBehindTheClientsBack)
            CreateExperiment(name);
        return Error(404, "RESOURCE_DOES_NOT_EXIST", $"Could not find experiment with name '{name}'");
    }

    private (int, string) CreateExperiment(string name)
    {
        if (Experiments.TryGetValue(name, out var existing))
        {
            string state = existing.LifecycleStage == "deleted" ? " in deleted state" : "";
            return Error(400, "RESOURCE_ALREADY_EXISTS", $"Experiment '{name}' already exists{state}.");
        }

        string id = (_nextExperimentId++).ToString(CultureInfo.InvariantCulture);
        Experiments[name] = new Experiment(id, name, "active");
        return (200, new JsonObject { ["experiment_id"] = id }.ToJsonString());
    }

    private (int, string) CreateRun(JsonObject json)
    {
        string experimentId = (string?)json["experiment_id"] ?? "";
        if (!Experiments.Values.Any(e => e.Id == experimentId))
            return Error(404, "RESOURCE_DOES_NOT_EXIST", $"No Experiment with id={experimentId} exists");
        string runId = Guid.NewGuid().ToString("N");
        var run = new RunState(experimentId, (string?)json["run_name"] ?? "", (string?)json["user_id"] ?? "", json["start_time"]?.GetValue<long>() ?? 0,
            string.Format(CultureInfo.InvariantCulture, ArtifactUriFormat, experimentId, runId));
        foreach (var tag in json["tags"]?.AsArray() ?? [])
            run.Tags[(string?)tag?["key"] ?? ""] = (string?)tag?["value"] ?? "";
        Runs[runId] = run;
        return (200, new JsonObject { ["run"] = new JsonObject { ["info"] = run.InfoJson(runId), ["data"] = new JsonObject() } }.ToJsonString());
    }

    private (int, string) LogBatch(JsonObject json)
    {
        string runId = (string?)json["run_id"] ?? "";
        if (!Runs.TryGetValue(runId, out var run))
            return Error(404, "RESOURCE_DOES_NOT_EXIST", $"Run '{runId}' not found");
        var metrics = json["metrics"]?.AsArray() ?? [];
        var parameters = json["params"]?.AsArray() ?? [];
        var tags = json["tags"]?.AsArray() ?? [];
        if (metrics.Count > 1000 || parameters.Count > 100 || tags.Count > 100 || metrics.Count + parameters.Count + tags.Count > 1000)
            return Error(400, "INVALID_PARAMETER_VALUE", "A batch logging request can contain at most 1000 metrics, 100 params, 100 tags and 1000 items in total.");
        foreach (var p in parameters)
        {
            string key = (string?)p?["key"] ?? "", value = (string?)p?["value"] ?? "";
            if (run.Params.TryGetValue(key, out string? old) && old != value)
                return Error(400, "INVALID_PARAMETER_VALUE", $"Changing param values is not allowed. Param with key='{key}' was already logged with value='{old}'.");
            run.Params[key] = value;
        }

        foreach (var t in tags)
            run.Tags[(string?)t?["key"] ?? ""] = (string?)t?["value"] ?? "";
        foreach (var m in metrics)
        {
            // protobuf JSON: doubles may be numbers or "NaN"/"Infinity"/"-Infinity"; int64 may be strings.
            var value = m?["value"];
            double number = value?.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? double.Parse((string?)value ?? "", CultureInfo.InvariantCulture)
                : value?.GetValue<double>() ?? double.NaN;
            run.Metrics.Add(((string?)m?["key"] ?? "", number, m?["step"]?.GetValue<long>() ?? 0, m?["timestamp"]?.GetValue<long>() ?? -1));
        }

        run.Batches++;
        return (200, "{}");
    }

    private (int, string) UpdateRun(JsonObject json)
    {
        string runId = (string?)json["run_id"] ?? "";
        if (!Runs.TryGetValue(runId, out var run))
            return Error(404, "RESOURCE_DOES_NOT_EXIST", $"Run '{runId}' not found");
        run.Status = (string?)json["status"] ?? "";
        run.EndTime = json["end_time"]?.GetValue<long>();
        return (200, new JsonObject { ["run_info"] = run.InfoJson(runId) }.ToJsonString());
    }

    private static (int, string) Error(int status, string code, string message) =>
        (status, new JsonObject { ["error_code"] = code, ["message"] = message }.ToJsonString());

    internal sealed record Recorded(string Method, string Path, string Query, string? Authorization, byte[] Body)
    {
        public JsonObject Json => JsonNode.Parse(Encoding.UTF8.GetString(Body)) as JsonObject ?? [];
    }

    internal sealed record Experiment(string Id, string Name, string LifecycleStage)
    {
        public JsonObject ToJson() => new()
        {
            ["experiment_id"] = Id,
            ["name"] = Name,
            ["artifact_location"] = $"mlflow-artifacts:/{Id}",
            ["lifecycle_stage"] = LifecycleStage,
            ["last_update_time"] = 1730000000000,
            ["creation_time"] = 1730000000000,
            ["tags"] = new JsonArray(),
        };
    }

    internal sealed class RunState(string experimentId, string runName, string userId, long startTime, string artifactUri)
    {
        public string ExperimentId { get; } = experimentId;

        public string RunName { get; } = runName;

        public string UserId { get; } = userId;

        public long StartTime { get; } = startTime;

        public string Status { get; set; } = "RUNNING";

        public long? EndTime { get; set; }

        public int Batches { get; set; }

        public Dictionary<string, string> Params { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

        public List<(string Key, double Value, long Step, long Timestamp)> Metrics { get; } = [];

        public JsonObject InfoJson(string runId) => new()
        {
            ["run_id"] = runId,
            ["run_uuid"] = runId,
            ["run_name"] = RunName,
            ["experiment_id"] = ExperimentId,
            ["user_id"] = UserId,
            ["status"] = Status,
            // protobuf JSON renders int64 as strings; the client must accept that.
            ["start_time"] = StartTime.ToString(CultureInfo.InvariantCulture),
            ["artifact_uri"] = artifactUri,
            ["lifecycle_stage"] = "active",
        };
    }
}
