using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TwitterSentiment.Serving.Tests.Infrastructure;

/// <summary>One REST reply: status, content type, raw body and (when the body is JSON) the parsed document.</summary>
internal sealed record RestResponse(HttpStatusCode Status, string? ContentType, string Body)
{
    /// <summary>The body parsed as JSON; TF Serving writes non-finite floats as bare NaN/Infinity, read here as strings.</summary>
    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(QuoteNonFiniteNumbers(Body));

    public string? Error => Json?["error"]?.Text();

    public override string ToString() => $"{(int)Status} {ContentType}: {Body}";

    private static string QuoteNonFiniteNumbers(string json) =>
        Regex.Replace(json, @"(?<=[\[,:]\s*)(-?Infinity|NaN)(?=\s*[,\]}])", "\"$1\"");
}
