using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace TwitterSentiment.WebClient.Serving;

/// <summary>
/// Typed client for TF Serving's REST API: model status, metadata and predict in row format. Every failure
/// surfaces as a <see cref="TfServingException"/> subclass; retries, timeouts and the circuit breaker live in
/// the resilience handler registered with this client.
/// </summary>
public sealed partial class TfServingClient(HttpClient http, IOptions<TfServingOptions> options, ILogger<TfServingClient> logger)
{
    private readonly TfServingOptions _options = options.Value;

    private string ModelPath => $"v1/models/{Uri.EscapeDataString(_options.ModelName)}";

    public async Task<ModelStatus> GetModelStatusAsync(CancellationToken cancellationToken)
    {
        var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, ModelPath), TfServingJsonContext.Default.ModelStatusResponse, cancellationToken);
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

    public async Task<ModelMetadata> GetModelMetadataAsync(CancellationToken cancellationToken)
    {
        var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"{ModelPath}/metadata"), TfServingJsonContext.Default.ModelMetadataResponse, cancellationToken);
        var signatures = (response.Metadata?.SignatureDef?.SignatureDef ?? new Dictionary<string, SignatureDefWire?>())
            .Where(s => s.Value is not null)
            .Select(s => new SignatureSummary(s.Key, s.Value?.MethodName ?? "", Tensors(s.Value?.Inputs), Tensors(s.Value?.Outputs)))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        return new ModelMetadata(response.ModelSpec?.Name ?? _options.ModelName, response.ModelSpec?.Version, signatures);
    }

    /// <summary>Predicts the sentiment of each text, splitting large inputs into several requests.</summary>
    public async Task<IReadOnlyList<SentimentPrediction>> PredictAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var results = new List<SentimentPrediction>(texts.Count);
        foreach (string[] chunk in texts.Chunk(_options.PredictBatchSize))
        {
            results.AddRange(await PredictChunkAsync(chunk, cancellationToken));
        }

        return results;
    }

    private async Task<IReadOnlyList<SentimentPrediction>> PredictChunkAsync(string[] texts, CancellationToken cancellationToken)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new PredictRequest(_options.SignatureName, texts), TfServingJsonContext.Default.PredictRequest);
        var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, $"{ModelPath}:predict")
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            },
            TfServingJsonContext.Default.PredictResponse,
            cancellationToken);

        var rows = response.Predictions
            ?? throw new UnexpectedModelResponseException("The model server's answer has no \"predictions\".");
        if (rows.Count != texts.Length)
        {
            throw new UnexpectedModelResponseException($"The model server returned {rows.Count} predictions for {texts.Length} texts.");
        }

        LogPredicted(logger, texts.Length);
        return rows.Select(row => new SentimentPrediction(
                row?.Probability ?? throw new UnexpectedModelResponseException("A prediction has no \"probability\"; is the signature the sentiment one?"),
                row.Label ?? throw new UnexpectedModelResponseException("A prediction has no \"label\"; is the signature the sentiment one?")))
            .ToList();
    }

    private async Task<T> SendAsync<T>(Func<HttpRequestMessage> createRequest, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        string text;
        HttpStatusCode status;
        try
        {
            using var request = createRequest();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            status = response.StatusCode;
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw new CircuitOpenException(ex.RetryAfter, ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new ModelServerUnavailableException("The model server did not answer in time.", timedOut: true, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ModelServerUnavailableException("The model server cannot be reached.", timedOut: false, ex);
        }

        if (status != HttpStatusCode.OK)
        {
            throw MapError(status, ErrorMessage(text));
        }

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

    private static TfServingException MapError(HttpStatusCode status, string? serverMessage)
    {
        string detail = serverMessage ?? $"HTTP {(int)status}";
        return status switch
        {
            HttpStatusCode.NotFound => new ModelNotFoundException(detail),
            HttpStatusCode.BadRequest => new InvalidModelInputException(detail),
            HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout
                => new ModelServerUnavailableException($"The model server timed out: {detail}", timedOut: true),
            HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError
                => new ModelServerUnavailableException($"The model server failed: {detail}", timedOut: false),
            _ => new UnexpectedModelResponseException($"The model server answered HTTP {(int)status}: {detail}"),
        };
    }

    /// <summary>TF Serving puts its reason in {"error": "..."}; other servers may send plain text or nothing.</summary>
    private static string? ErrorMessage(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            string? error = JsonSerializer.Deserialize(body, TfServingJsonContext.Default.ErrorBody)?.Error;
            if (!string.IsNullOrWhiteSpace(error))
            {
                return error.Trim();
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the raw text.
        }

        string trimmed = body.Trim();
        return trimmed.Length <= 300 ? trimmed : string.Concat(trimmed.AsSpan(0, 300), "…");
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

    // Counts only: tweet text never goes to logs above Debug.
    [LoggerMessage(Level = LogLevel.Debug, Message = "TF Serving predicted {Count} instances")]
    private static partial void LogPredicted(ILogger logger, int count);
}
