using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace TwitterSentiment.Contracts.Rest;

/// <summary>
/// The one client of TensorFlow Serving's REST API (real TF Serving or serving/local-server), for the trainer's
/// <c>--server</c> scoring and the web site alike: paths with versions and labels, requests in row format split into
/// batches, TF Serving's bare <c>NaN</c>/<c>Infinity</c> tokens, <c>{"error": …}</c> bodies, and every failure as a
/// <see cref="TfServingException"/> subclass chosen by the HTTP status. Retries, circuit breaking and timeouts belong
/// to the <see cref="HttpClient"/> it is given (the site's Polly pipeline, the trainer's timeouts); exceptions those
/// raise, other than <see cref="HttpRequestException"/>, <see cref="TimeoutException"/> and cancellations, pass through.
/// </summary>
/// <param name="http">With a <see cref="HttpClient.BaseAddress"/> made by <see cref="ServingPaths.BaseAddress"/>.</param>
/// <param name="modelName">As the server's <c>--model_name</c>.</param>
/// <param name="batchSize">Instances per predict request; longer inputs take several.</param>
public sealed class TfServingRestClient(HttpClient http, string modelName, int batchSize)
{
    private const int MaxShownBodyLength = 300;

    public string ModelName { get; } = ServingContract.IsValidModelName(modelName)
        ? modelName
        : throw new ArgumentException($"The model name must be {ServingContract.ModelNameRule}.", nameof(modelName));

    public int BatchSize { get; } = batchSize >= 1 ? batchSize : throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "At least one text per request.");

    /// <summary>Every version the server knows of the model, newest first, with its state (GET v1/models/&lt;name&gt;).</summary>
    public async Task<ModelStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var response = Deserialize(await SendAsync(HttpMethod.Get, ServingPaths.Model(ModelName), body: null, cancellationToken), TfServingJsonContext.Default.ModelStatusResponse);
        var versions = (response.ModelVersionStatus ?? [])
            .OfType<ModelVersionStatusWire>()
            .Select(v => new ModelVersionState(
                v.Version ?? throw new UnexpectedModelResponseException("The model status lists a version without a number."),
                v.State ?? "UNKNOWN",
                v.Status?.ErrorCode ?? "OK",
                v.Status?.ErrorMessage ?? ""))
            .OrderByDescending(v => v.Version)
            .ToList();
        return new ModelStatus(versions);
    }

    /// <summary>The signatures of the served (or targeted) version (GET …/metadata).</summary>
    public async Task<ModelMetadata> GetMetadataAsync(ModelTarget? target, CancellationToken cancellationToken)
    {
        var response = Deserialize(await SendAsync(HttpMethod.Get, ServingPaths.Metadata(ModelName, target), body: null, cancellationToken), TfServingJsonContext.Default.ModelMetadataResponse);
        var signatures = (response.Metadata?.SignatureDef?.SignatureDef ?? new Dictionary<string, SignatureDefWire?>())
            .Where(s => s.Value is not null)
            .Select(s => new SignatureSummary(s.Key, s.Value?.MethodName ?? "", Tensors(s.Value?.Inputs), Tensors(s.Value?.Outputs)))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        return new ModelMetadata(response.ModelSpec?.Name ?? ModelName, response.ModelSpec?.Version, signatures);
    }

    /// <summary>P(positive) and the label of each text, in order, from a sentiment signature.</summary>
    public Task<IReadOnlyList<SentimentPrediction>> PredictAsync(ModelTarget? target, string signature, IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        PredictRowsAsync(target, signature, texts, PredictionRows.Prediction, progress: null, cancellationToken);

    /// <summary>P(positive) of each text, in order: the <c>probability</c> output only (a label is not needed).</summary>
    /// <param name="predicted">Receives the number of texts answered so far, after every request.</param>
    public Task<IReadOnlyList<double>> PredictProbabilitiesAsync(ModelTarget? target, string signature, IReadOnlyList<string> texts, IProgress<int>? predicted, CancellationToken cancellationToken) =>
        PredictRowsAsync(target, signature, texts, PredictionRows.Probability, predicted, cancellationToken);

    /// <summary>The ids the model reads for each text and its token count before the cut (the <c>tokenize</c> signature).</summary>
    public Task<IReadOnlyList<TokenizedText>> TokenizeAsync(ModelTarget? target, IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        PredictRowsAsync(target, ServingContract.TokenizeSignature, texts, PredictionRows.Tokenized, progress: null, cancellationToken);

    /// <summary>
    /// The training facts the export carries in its <c>model_info</c> signature, or null when it has none (older
    /// exports: TF Serving answers 400 for an unknown signature).
    /// </summary>
    public async Task<string?> GetModelInfoJsonAsync(ModelTarget? target, CancellationToken cancellationToken)
    {
        try
        {
            var rows = await PredictRowsAsync(target, ServingContract.ModelInfoSignature, [""], PredictionRows.ModelInfo, progress: null, cancellationToken);
            return rows[0];
        }
        catch (InvalidModelInputException)
        {
            return null;
        }
    }

    private async Task<IReadOnlyList<T>> PredictRowsAsync<T>(
        ModelTarget? target, string signature, IReadOnlyList<string> texts, Func<JsonNode?, T> read, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signature);
        ArgumentNullException.ThrowIfNull(texts);
        string path = ServingPaths.Predict(ModelName, target);
        var results = new List<T>(texts.Count);
        foreach (string[] chunk in texts.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            byte[] body = JsonSerializer.SerializeToUtf8Bytes(new PredictRequest(signature, chunk), TfServingJsonContext.Default.PredictRequest);
            var answer = Deserialize(await SendAsync(HttpMethod.Post, path, body, cancellationToken), TfServingJsonContext.Default.JsonObject);
            var rows = answer["predictions"] as JsonArray
                ?? throw new UnexpectedModelResponseException("The model server's answer has no \"predictions\".");
            if (rows.Count != chunk.Length)
            {
                throw new UnexpectedModelResponseException($"The model server returned {rows.Count} predictions for {chunk.Length} texts.");
            }

            results.AddRange(rows.Select(read));
            progress?.Report(results.Count);
        }

        return results;
    }

    /// <summary>The body of a 200 answer; anything else becomes the exception its status means.</summary>
    private async Task<string> SendAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        }

        string asked = $"{method} {(http.BaseAddress is { } address ? new Uri(address, path) : new Uri(path, UriKind.Relative))}";
        string text;
        HttpStatusCode status;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            status = response.StatusCode;
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ModelServerUnavailableException("The model server cannot be reached.", timedOut: false, ex) { Request = asked };
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ModelServerUnavailableException("The model server did not answer in time.", timedOut: true, ex) { Request = asked };
        }

        if (status != HttpStatusCode.OK)
        {
            throw Failure(status, ErrorMessage(text), asked);
        }

        return text;
    }

    /// <summary>Status code → exception, the one mapping both programs use.</summary>
    private static TfServingException Failure(HttpStatusCode status, string? serverMessage, string asked)
    {
        string detail = serverMessage ?? $"HTTP {(int)status}";
        TfServingException failure = status switch
        {
            HttpStatusCode.NotFound => new ModelNotFoundException(detail),
            HttpStatusCode.BadRequest => new InvalidModelInputException(detail),
            HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout
                => new ModelServerUnavailableException($"The model server timed out: {detail}", timedOut: true),
            HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError
                => new ModelServerUnavailableException($"The model server failed: {detail}", timedOut: false),
            _ => new UnexpectedModelResponseException($"The model server answered HTTP {(int)status}: {detail}"),
        };
        failure.StatusCode = (int)status;
        failure.ServerMessage = serverMessage;
        failure.Request = asked;
        return failure;
    }

    /// <summary>TF Serving puts its reason in {"error": "..."}; other servers may send plain text or nothing (null).</summary>
    private static string? ErrorMessage(string body)
    {
        try
        {
            if (JsonSerializer.Deserialize(body, TfServingJsonContext.Default.ErrorBody)?.Error is { } error && !string.IsNullOrWhiteSpace(error))
            {
                return error.Trim();
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text itself.
        }

        string oneLine = string.Join(' ', body.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return oneLine.Length == 0 ? null
            : oneLine.Length <= MaxShownBodyLength ? oneLine
            : string.Concat(oneLine.AsSpan(0, MaxShownBodyLength), "…");
    }

    /// <summary>Bare NaN/Infinity tokens quoted first, then read; a body of the wrong shape is an unexpected answer.</summary>
    private static T Deserialize<T>(string text, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(NonFiniteJson.QuoteBareTokens(text), typeInfo)
                ?? throw new UnexpectedModelResponseException("The model server sent an empty answer.");
        }
        catch (JsonException ex)
        {
            throw new UnexpectedModelResponseException("The model server's answer is not valid JSON of the expected shape.", ex);
        }
    }

    private static List<TensorSummary> Tensors(IReadOnlyDictionary<string, TensorInfoWire?>? tensors) =>
        (tensors ?? new Dictionary<string, TensorInfoWire?>())
            .Select(t => new TensorSummary(t.Key, t.Value?.Dtype ?? "?", Shape(t.Value?.TensorShape), t.Value?.Name ?? ""))
            .OrderBy(t => t.Alias, StringComparer.Ordinal)
            .ToList();

    private static string Shape(TensorShapeWire? shape)
    {
        if (shape is null || shape.UnknownRank == true)
        {
            return "unknown rank";
        }

        var dims = new StringBuilder("[");
        foreach (var dim in shape.Dim ?? [])
        {
            dims.Append(dims.Length > 1 ? ", " : "").Append(dim?.Size ?? -1);
        }

        return dims.Append(']').ToString();
    }
}
