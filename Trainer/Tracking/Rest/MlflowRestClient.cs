using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Polly;
using Polly.Timeout;

namespace TwitterSentiment.Trainer.Tracking.Rest;

/// <summary>
/// The parts of MLflow's REST API (<c>/api/2.0/mlflow/...</c>) a training run needs. Transient failures are retried
/// by <paramref name="pipeline"/>; when they persist the call throws <see cref="TrackingUnavailableException"/>.
/// Other server errors throw <see cref="MlflowApiException"/> with MLflow's error code. Artifact uploads go through
/// <paramref name="uploadPipeline"/> when given: a file's bytes take longer than a JSON request.
/// </summary>
public sealed class MlflowRestClient(HttpClient http, Uri trackingUri, ResiliencePipeline<HttpResponseMessage> pipeline,
    AuthenticationHeaderValue? authorization, ResiliencePipeline<HttpResponseMessage>? uploadPipeline = null)
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // protobuf's JSON mapping spells non-finite doubles "NaN", "Infinity", "-Infinity" and may send int64 as strings.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals | JsonNumberHandling.AllowReadingFromString,
        // A JSON API body, not HTML: keep non-ASCII as UTF-8 so sizes stay predictable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly string _base = trackingUri.AbsoluteUri.TrimEnd('/');

    public Uri TrackingUri { get; } = trackingUri;

    /// <summary>The active experiment's id, creating it when missing; a race with another creator is resolved by re-reading.</summary>
    public async Task<string> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken)
    {
        var existing = await GetExperimentByNameAsync(name, cancellationToken);
        if (existing is null)
        {
            try
            {
                var created = await PostAsync<CreateExperimentRequest, CreateExperimentResponse>(
                    "experiments/create", new CreateExperimentRequest(name), cancellationToken);
                if (created?.ExperimentId is { Length: > 0 } id)
                    return id;
                throw new TrackingException($"The MLflow server created experiment '{name}' but returned no experiment_id.");
            }
            catch (MlflowApiException ex) when (ex.ErrorCode == "RESOURCE_ALREADY_EXISTS")
            {
                // Someone else created it between our get and our create, or it exists in a deleted state.
                existing = await GetExperimentByNameAsync(name, cancellationToken)
                    ?? throw new TrackingException($"The MLflow server says experiment '{name}' exists but cannot find it: {ex.Message}", ex);
            }
        }

        if (existing.LifecycleStage == "deleted")
        {
            throw new TrackingException($"The experiment '{name}' is deleted on the MLflow server and still holds its name. " +
                "Restore it or choose another --experiment name.");
        }

        return existing.ExperimentId is { Length: > 0 } experimentId
            ? experimentId
            : throw new TrackingException($"The MLflow server returned experiment '{name}' without an id.");
    }

    internal async Task<MlflowExperiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var response = await SendAsync<GetExperimentResponse>(
                () => new HttpRequestMessage(HttpMethod.Get, $"{_base}/api/2.0/mlflow/experiments/get-by-name?experiment_name={Uri.EscapeDataString(name)}"),
                cancellationToken);
            return response?.Experiment;
        }
        catch (MlflowApiException ex) when (ex.ErrorCode == "RESOURCE_DOES_NOT_EXIST")
        {
            return null;
        }
    }

    internal async Task<MlflowRunInfo> CreateRunAsync(CreateRunRequest request, CancellationToken cancellationToken)
    {
        var response = await PostAsync<CreateRunRequest, CreateRunResponse>("runs/create", request, cancellationToken);
        return response?.Run?.Info is { RunId.Length: > 0 } info
            ? info
            : throw new TrackingException("The MLflow server answered runs/create without a run id.");
    }

    /// <summary>Logs everything, in as many <c>runs/log-batch</c> requests as MLflow's limits require.</summary>
    internal async Task<int> LogBatchAsync(string runId, IReadOnlyList<MlflowMetric> metrics, IReadOnlyList<MlflowKeyValue> parameters,
        IReadOnlyList<MlflowKeyValue> tags, CancellationToken cancellationToken)
    {
        int requests = 0;
        foreach (var batch in LogBatchPlanner.Plan(runId, metrics, parameters, tags, Json))
        {
            await PostAsync<LogBatchRequest, JsonElement>("runs/log-batch", batch, cancellationToken);
            requests++;
        }

        return requests;
    }

    internal Task UpdateRunAsync(string runId, RunStatus status, long endTime, CancellationToken cancellationToken) =>
        PostAsync<UpdateRunRequest, JsonElement>("runs/update",
            new UpdateRunRequest(runId, status.ToString().ToUpperInvariant(), endTime), cancellationToken);

    /// <summary>Uploads one file through the artifact proxy: <c>PUT /api/2.0/mlflow-artifacts/artifacts/&lt;path&gt;</c>.</summary>
    internal async Task UploadArtifactAsync(string artifactUri, string relativePath, string localFile, CancellationToken cancellationToken)
    {
        string url = ArtifactUrl(artifactUri, relativePath);
        await SendAsync<JsonElement>(() => new HttpRequestMessage(HttpMethod.Put, url)
        {
            Content = new StreamContent(File.OpenRead(localFile)) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } },
        }, cancellationToken, uploadPipeline ?? pipeline);
    }

    /// <summary>Maps <c>mlflow-artifacts:/P</c> (or <c>mlflow-artifacts://host:port/P</c>) to the proxy URL of <c>P/relativePath</c>.</summary>
    internal string ArtifactUrl(string artifactUri, string relativePath)
    {
        var uri = new Uri(artifactUri);
        string root = string.IsNullOrEmpty(uri.Authority)
            ? _base
            : $"{TrackingUri.Scheme}://{uri.Authority}";
        string path = string.Join('/', uri.AbsolutePath.Trim('/').Split('/').Concat(relativePath.Split('/'))
            .Where(segment => segment.Length > 0).Select(Uri.EscapeDataString));
        return $"{root}/api/2.0/mlflow-artifacts/artifacts/{path}";
    }

    private Task<TResponse?> PostAsync<TRequest, TResponse>(string endpoint, TRequest body, CancellationToken cancellationToken) =>
        SendAsync<TResponse>(() => new HttpRequestMessage(HttpMethod.Post, $"{_base}/api/2.0/mlflow/{endpoint}")
        {
            Content = JsonContent.Create(body, options: Json),
        }, cancellationToken);

    private async Task<TResponse?> SendAsync<TResponse>(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken,
        ResiliencePipeline<HttpResponseMessage>? through = null)
    {
        HttpResponseMessage response;
        string what = "";
        try
        {
            response = await (through ?? pipeline).ExecuteAsync(async token =>
            {
                // A request message can be sent only once, so every attempt builds its own.
                using var request = createRequest();
                what = $"{request.Method} {request.RequestUri?.AbsolutePath}";
                request.Headers.Authorization = authorization;
                return await http.SendAsync(request, token);
            }, cancellationToken);
        }
        catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TrackingUnavailableException(
                $"The MLflow tracking server at {TrackingUri} did not answer in time ({what}, gave up after {ex.Timeout.TotalSeconds:0.#} s).", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new TrackingUnavailableException($"The MLflow tracking server at {TrackingUri} is unreachable ({what}): {ex.Message}", ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                string text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (string.IsNullOrWhiteSpace(text))
                    return default;
                try
                {
                    return JsonSerializer.Deserialize<TResponse>(text, Json);
                }
                catch (JsonException ex)
                {
                    throw new TrackingException($"The MLflow tracking server at {TrackingUri} answered {what} with something that is not MLflow JSON: {ex.Message}", ex);
                }
            }

            var error = await ReadErrorAsync(response, cancellationToken);
            if (TransientHttpPipeline.IsTransient(response.StatusCode))
            {
                throw new TrackingUnavailableException(
                    $"The MLflow tracking server at {TrackingUri} keeps failing ({what}): {(int)response.StatusCode} {error.ErrorCode}: {error.Message}");
            }

            throw new MlflowApiException(response.StatusCode, error.ErrorCode ?? "", error.Message ?? "");
        }
    }

    // Proxies and auth layers answer with HTML or nothing; name the status the way MLflow's client does then.
    private static async Task<MlflowErrorResponse> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            if (JsonSerializer.Deserialize<MlflowErrorResponse>(body, Json) is { ErrorCode.Length: > 0 } error)
                return error;
        }
        catch (JsonException)
        {
        }

        string code = response.StatusCode switch
        {
            HttpStatusCode.BadRequest => "BAD_REQUEST",
            HttpStatusCode.Unauthorized => "UNAUTHENTICATED",
            HttpStatusCode.Forbidden => "PERMISSION_DENIED",
            HttpStatusCode.NotFound => "ENDPOINT_NOT_FOUND",
            HttpStatusCode.TooManyRequests => "REQUEST_LIMIT_EXCEEDED",
            HttpStatusCode.ServiceUnavailable => "TEMPORARILY_UNAVAILABLE",
            _ => $"HTTP_{(int)response.StatusCode}",
        };
        string text = body.Length > 200 ? body[..200] + "..." : body;
        return new MlflowErrorResponse(code, string.IsNullOrWhiteSpace(text) ? response.ReasonPhrase : text);
    }
}
