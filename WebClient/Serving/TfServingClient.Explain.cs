using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TwitterSentiment.WebClient.Serving;

// The calls the explanation, batch notes and comparison features need: the tokenize signature, and predict on a chosen
// version or label. They go through the same resilient HttpClient as everything else.
public sealed partial class TfServingClient
{
    /// <summary>
    /// The ids the model sees for each text (signature <c>tokenize</c>, output <c>token_ids</c>, one row of
    /// sequence-length ids per text; 0 = padding, 1 = unknown word), split into requests of the predict batch size.
    /// </summary>
    public async Task<IReadOnlyList<long[]>> GetTokenIdsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var results = new List<long[]>(texts.Count);
        foreach (string[] chunk in texts.Chunk(_options.PredictBatchSize))
        {
            var rows = await PredictRawAsync(ModelPath, ModelContract.TokenizeSignature, chunk, cancellationToken);
            results.AddRange(rows.Select(TokenIds));
        }

        return results;
    }

    private static long[] TokenIds(JsonNode? row)
    {
        // One output: each row is the id list itself; tolerate the named form too.
        var ids = row is JsonObject named ? named[ModelContract.TokenIdsOutput] : row;
        return ids is JsonArray array
            ? array.Select(id => id?.GetValue<long>() ?? throw new UnexpectedModelResponseException("A token id is null.")).ToArray()
            : throw new UnexpectedModelResponseException("The tokenize signature did not return a list of token ids per text.");
    }

    /// <summary>Predicts with a specific version or label of the model (TF Serving's /versions/N and /labels/L routes).</summary>
    public async Task<IReadOnlyList<SentimentPrediction>> PredictOnAsync(ModelTarget target, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(texts);
        var results = new List<SentimentPrediction>(texts.Count);
        foreach (string[] chunk in texts.Chunk(_options.PredictBatchSize))
        {
            var rows = await PredictRawAsync($"{ModelPath}/{target.PathSegment}", _options.SignatureName, chunk, cancellationToken);
            results.AddRange(rows.Select(ToPrediction));
        }

        return results;
    }

    /// <summary>
    /// The training facts the export carries in its <c>model_info</c> signature (a JSON string per input row),
    /// or null when this export has none (older exports: TF Serving answers 400 for an unknown signature).
    /// </summary>
    public async Task<string?> GetModelInfoJsonAsync(ModelTarget? target, CancellationToken cancellationToken)
    {
        string path = target is null ? ModelPath : $"{ModelPath}/{target.PathSegment}";
        IReadOnlyList<JsonNode?> rows;
        try
        {
            rows = await PredictRawAsync(path, ModelContract.ModelInfoSignature, [""], cancellationToken);
        }
        catch (InvalidModelInputException)
        {
            return null;
        }

        var value = rows.Count == 1 ? (rows[0] is JsonObject named ? named[ModelContract.ModelInfoOutput] : rows[0]) : null;
        return value is JsonValue text && text.TryGetValue<string>(out string? json)
            ? json
            : throw new UnexpectedModelResponseException("The model_info signature did not return one string.");
    }

    private async Task<IReadOnlyList<JsonNode?>> PredictRawAsync(string path, string signature, string[] texts, CancellationToken cancellationToken)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new PredictRequest(signature, texts), TfServingJsonContext.Default.PredictRequest);
        var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, $"{path}:predict")
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            },
            ExplainJsonContext.Default.JsonObject,
            cancellationToken);
        var rows = response["predictions"] as JsonArray
            ?? throw new UnexpectedModelResponseException("The model server's answer has no \"predictions\".");
        if (rows.Count != texts.Length)
        {
            throw new UnexpectedModelResponseException($"The model server returned {rows.Count} rows for {texts.Length} texts.");
        }

        return [.. rows];
    }

    private static SentimentPrediction ToPrediction(JsonNode? row)
    {
        var probability = row?[ModelContract.ProbabilityOutput] as JsonValue;
        var label = row?[ModelContract.LabelOutput] as JsonValue;
        if (probability is null || label is null || !label.TryGetValue<string>(out string? name))
        {
            throw new UnexpectedModelResponseException("A prediction has no \"probability\" or \"label\"; is the signature the sentiment one?");
        }

        // NonFiniteJson turns bare NaN into the string "NaN".
        double p = probability.TryGetValue<double>(out double number) ? number
            : probability.TryGetValue<string>(out string? special) && double.TryParse(special, System.Globalization.CultureInfo.InvariantCulture, out double parsed) ? parsed
            : throw new UnexpectedModelResponseException("A probability is not a number.");
        return new SentimentPrediction(p, name);
    }
}
