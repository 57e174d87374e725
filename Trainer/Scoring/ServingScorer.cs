using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TwitterSentiment.Trainer.Scoring;

/// <summary>
/// Scores with a model served over TensorFlow Serving's REST API (real TF Serving or serving/local-server):
/// <c>POST /v1/models/&lt;name&gt;[/versions/&lt;N&gt;|/labels/&lt;L&gt;]:predict</c> with <c>{"instances": [...]}</c>, one
/// request per batch, reading the <c>probability</c> output. Opening checks the model's metadata first, so a
/// wrong name or a model that is not a sentiment model fails before any data is scored.
/// </summary>
public sealed class ServingScorer : IModelScorer
{
    private readonly HttpClient _http;
    private readonly ServingSource _source;
    private readonly string _modelPath;

    private ServingScorer(HttpClient http, ServingSource source, string modelPath)
    {
        _http = http;
        _source = source;
        _modelPath = modelPath;
        Description = $"server {new Uri(source.Server, modelPath)}";
    }

    public string Description { get; }

    /// <exception cref="ModelSourceException">The server is down, does not serve the model, or serves something else.</exception>
    public static async Task<ServingScorer> OpenAsync(ServingSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        string modelPath = ModelPath(source);
        var baseAddress = source.Server.AbsoluteUri.EndsWith('/') ? source.Server : new Uri(source.Server.AbsoluteUri + "/");
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = source.Timeout };
        var scorer = new ServingScorer(http, source with { Server = baseAddress }, modelPath);
        try
        {
            await scorer.CheckSignatureAsync(cancellationToken);
            return scorer;
        }
        catch
        {
            await scorer.DisposeAsync();
            throw;
        }
    }

    public Task<float[]> ScoreAsync(IReadOnlyList<string> texts, IProgress<int>? scored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return BatchedScoring.ScoreAsync(texts.Count, _source.BatchSize, async (start, size) =>
        {
            var body = new JsonObject { ["instances"] = new JsonArray([.. texts.Skip(start).Take(size).Select(text => JsonValue.Create(text))]) };
            using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            var reply = await SendAsync(HttpMethod.Post, _modelPath + ":predict", content, cancellationToken);
            return ReadProbabilities(reply, size);
        }, scored, cancellationToken);
    }

    /// <summary>The <c>tokenize</c> signature's token ids, counted: ids above [UNK] are tokens the model knows.</summary>
    public Task<int[]> CountKnownTokensAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return BatchedScoring.ScoreAsync(texts.Count, _source.BatchSize, async (start, size) =>
        {
            var body = new JsonObject
            {
                ["signature_name"] = ServingContract.TokenizeSignature,
                ["instances"] = new JsonArray([.. texts.Skip(start).Take(size).Select(text => JsonValue.Create(text))]),
            };
            using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            var reply = await SendAsync(HttpMethod.Post, _modelPath + ":predict", content, cancellationToken);
            return ReadKnownTokens(reply, size);
        }, scored: null, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string ModelPath(ServingSource source)
    {
        string path = "v1/models/" + Uri.EscapeDataString(source.ModelName);
        if (source.Version is { } version) path += "/versions/" + version.ToString(CultureInfo.InvariantCulture);
        else if (source.Label is { } label) path += "/labels/" + Uri.EscapeDataString(label);
        return path;
    }

    /// <summary>The serving_default signature must take the raw text and give a probability, as this trainer's exports do.</summary>
    private async Task CheckSignatureAsync(CancellationToken cancellationToken)
    {
        var metadata = await SendAsync(HttpMethod.Get, _modelPath + "/metadata", content: null, cancellationToken);
        var signature = metadata["metadata"]?["signature_def"]?["signature_def"]?[ServingContract.ServingSignature];
        if (signature is null)
            throw new ModelSourceException($"The model at {Description} has no {ServingContract.ServingSignature} signature; serve a model exported by this trainer.");
        bool takesText = signature["inputs"]?[ServingContract.TextInput] is not null;
        bool givesProbability = signature["outputs"]?[ServingContract.ProbabilityOutput] is not null;
        if (!takesText || !givesProbability)
        {
            throw new ModelSourceException(
                $"The model at {Description} is not a sentiment model exported by this trainer: its {ServingContract.ServingSignature} signature needs a '{ServingContract.TextInput}' input and a '{ServingContract.ProbabilityOutput}' output.");
        }
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        string where = new Uri(_http.BaseAddress!, path).ToString();
        HttpResponseMessage response;
        string text;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            string reason = exception.InnerException is SocketException socket ? socket.Message : exception.Message;
            throw new ModelSourceException(
                $"Cannot reach the model server at {_source.Server} ({reason}). Is it running? Start one with serving/local-server (or TensorFlow Serving) and check --server.", exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModelSourceException($"The model server at {_source.Server} did not answer {method} {where} within {_source.Timeout.TotalSeconds:0} s; try a smaller --batch-size or a longer --timeout.", exception);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new ModelSourceException(DescribeFailure(response.StatusCode, ErrorMessage(text), where));
            try
            {
                return JsonNode.Parse(text) ?? throw new JsonException("the body is null");
            }
            catch (JsonException exception)
            {
                throw new ModelSourceException($"The model server's answer to {where} is not JSON a client can read ({exception.Message}); a probability may be NaN.", exception);
            }
        }
    }

    private string DescribeFailure(HttpStatusCode status, string message, string where)
    {
        int code = (int)status;
        string selector = _source.Version is { } version ? $"version {version} of model '{_source.ModelName}'"
            : _source.Label is { } label ? $"label '{label}' of model '{_source.ModelName}'"
            : $"model '{_source.ModelName}'";
        return status switch
        {
            HttpStatusCode.NotFound => $"The server at {_source.Server} does not serve {selector} (404: {message}). Check --model-name, --version and --label against the server's models.",
            HttpStatusCode.BadRequest => $"The server at {_source.Server} rejected the request to {where} (400: {message}).",
            _ => $"The server at {_source.Server} answered {code} {status} to {where}: {message}",
        };
    }

    /// <summary>TF Serving's errors are {"error": "..."}; anything else is shown as it came, shortened.</summary>
    private static string ErrorMessage(string body)
    {
        try
        {
            if (JsonNode.Parse(body)?["error"] is JsonValue error && error.TryGetValue(out string? message)) return message;
        }
        catch (JsonException)
        {
            // Not JSON: fall through.
        }
        string trimmed = string.Join(' ', body.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (trimmed.Length == 0) return "no message";
        return trimmed.Length > 200 ? trimmed[..200] + "…" : trimmed;
    }

    private int[] ReadKnownTokens(JsonNode reply, int expected)
    {
        if (reply["predictions"] is not JsonArray predictions || predictions.Count != expected)
            throw new ModelSourceException($"The {ServingContract.TokenizeSignature} answer of {Description} does not hold one row per text.");
        int[] known = new int[expected];
        for (int i = 0; i < expected; i++)
        {
            // One output: the row is the ids; several: an object per row.
            var ids = predictions[i] is JsonObject row ? row[ServingContract.TokenIdsOutput] : predictions[i];
            if (ids is not JsonArray values)
                throw new ModelSourceException($"{Description} returned no '{ServingContract.TokenIdsOutput}' for text {i + 1} of a batch.");
            known[i] = values.Count(value => value is JsonValue id && id.TryGetValue(out long number) && number > Text.Vocabulary.OutOfVocabularyId);
        }
        return known;
    }

    private float[] ReadProbabilities(JsonNode reply, int expected)
    {
        if (reply["predictions"] is not JsonArray predictions)
            throw new ModelSourceException($"The answer of {Description} has no 'predictions' list.");
        if (predictions.Count != expected)
            throw new ModelSourceException($"{Description} returned {predictions.Count} predictions for {expected} texts.");
        float[] probabilities = new float[expected];
        for (int i = 0; i < expected; i++)
        {
            // Several outputs: one object per row; the probability is a number (or a one-element list).
            var value = predictions[i] is JsonObject row ? row[ServingContract.ProbabilityOutput] : predictions[i];
            if (value is JsonArray { Count: 1 } single) value = single[0];
            if (value is not JsonValue number || !number.TryGetValue(out double probability))
                throw new ModelSourceException($"{Description} returned no numeric '{ServingContract.ProbabilityOutput}' for text {i + 1} of a batch.");
            probabilities[i] = (float)probability;
        }
        return probabilities;
    }
}
