using System.Globalization;
using System.Text.Json.Nodes;

namespace TwitterSentiment.Contracts.Rest;

/// <summary>
/// Reads one row of a <c>:predict</c> answer in row format: an object keyed by output name when the signature has several
/// outputs, the bare value when it has one. Non-finite floats arrive as strings (see <see cref="NonFiniteJson"/>).
/// </summary>
internal static class PredictionRows
{
    /// <summary>P(positive): the <c>probability</c> output, a bare number, or a one-element list of either.</summary>
    public static double Probability(JsonNode? row) =>
        Number(Output(row, ServingContract.ProbabilityOutput))
        ?? throw new UnexpectedModelResponseException($"A prediction has no numeric \"{ServingContract.ProbabilityOutput}\"; is the signature the sentiment one?");

    /// <summary>The <c>probability</c> and <c>label</c> outputs of <see cref="ServingContract.ServingSignature"/>.</summary>
    public static SentimentPrediction Prediction(JsonNode? row)
    {
        double? probability = row is JsonObject ? Number(Output(row, ServingContract.ProbabilityOutput)) : null;
        string? label = row is JsonObject named && named[ServingContract.LabelOutput] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
        return probability is { } p && label is not null
            ? new SentimentPrediction(p, label)
            : throw new UnexpectedModelResponseException(
                $"A prediction has no \"{ServingContract.ProbabilityOutput}\" or \"{ServingContract.LabelOutput}\"; is the signature the sentiment one?");
    }

    /// <summary>
    /// The <c>tokenize</c> signature's <c>token_ids</c> and <c>token_count</c>; exports from before <c>token_count</c> have one
    /// output, so their rows are the id lists themselves.
    /// </summary>
    public static TokenizedText Tokenized(JsonNode? row)
    {
        var ids = row is JsonObject named ? named[ServingContract.TokenIdsOutput] : row;
        if (ids is not JsonArray array)
        {
            throw new UnexpectedModelResponseException("The tokenize signature did not return a list of token ids per text.");
        }

        long[] tokenIds = [.. array.Select(id => Number(id) is { } value && value == Math.Floor(value) ? (long)value
            : throw new UnexpectedModelResponseException("A token id is not a whole number."))];
        long? count = row is JsonObject withCount && withCount[ServingContract.TokenCountOutput] is { } countNode
            ? Number(countNode) is { } value && value >= 0 ? (long)value : throw new UnexpectedModelResponseException("A token count is not a number.")
            : null;
        return new TokenizedText(tokenIds, count);
    }

    /// <summary>The <c>model_info</c> signature's JSON string.</summary>
    public static string ModelInfo(JsonNode? row) =>
        Output(row, ServingContract.ModelInfoOutput) is JsonValue value && value.TryGetValue(out string? json)
            ? json
            : throw new UnexpectedModelResponseException("The model_info signature did not return one string.");

    private static JsonNode? Output(JsonNode? row, string name)
    {
        var value = row is JsonObject named ? named[name] : row;
        return value is JsonArray { Count: 1 } single ? single[0] : value;
    }

    /// <summary>A JSON number, or a string holding one (how NaN and ±Infinity arrive).</summary>
    private static double? Number(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue(out double number))
        {
            return number;
        }

        return value.TryGetValue(out string? text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) ? parsed : null;
    }
}
