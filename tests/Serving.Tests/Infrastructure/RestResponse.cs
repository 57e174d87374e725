using System.Net;
using System.Net.Http.Headers;
using System.Text;
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

/// <summary>Small helpers to talk to a TF Serving REST endpoint.</summary>
internal static class RestClientExtensions
{
    public static Task<RestResponse> GetRestAsync(this HttpClient client, string path, CancellationToken cancellationToken) =>
        client.SendRestAsync(HttpMethod.Get, path, body: null, cancellationToken);

    public static Task<RestResponse> PostRestAsync(this HttpClient client, string path, string body, CancellationToken cancellationToken) =>
        client.SendRestAsync(HttpMethod.Post, path, body, cancellationToken);

    public static Task<RestResponse> PostRestAsync(this HttpClient client, string path, JsonNode body, CancellationToken cancellationToken) =>
        client.SendRestAsync(HttpMethod.Post, path, body.ToJsonString(), cancellationToken);

    public static async Task<RestResponse> SendRestAsync(this HttpClient client, HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return new RestResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text);
    }
}
