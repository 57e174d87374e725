using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace TwitterSentiment.Serving.Tests.Infrastructure;

/// <summary>Small helpers to talk to a TF Serving REST endpoint.</summary>
internal static class RestClientExtensions
{
    public static Task<RestResponse> GetRestAsync(this HttpClient client, string path, CancellationToken cancellationToken) =>
        client.SendRestAsync(HttpMethod.Get, path, body: null, cancellationToken);

    public static Task<RestResponse> PostRestAsync(this HttpClient client, string path, string body, CancellationToken cancellationToken) =>
        client.SendRestAsync(HttpMethod.Post, path, body, cancellationToken);

    public static Task<RestResponse> PostRestAsync(this HttpClient client, string path, JsonNode body, CancellationToken cancellationToken) =>
        client.SendRestAsync(HttpMethod.Post, path, body.ToJsonString(), cancellationToken);

    /// <summary>Posts <paramref name="body"/> as it is (e.g. a <see cref="SentBodyContent"/> whose sending the test awaits).</summary>
    public static Task<RestResponse> PostRestAsync(this HttpClient client, string path, HttpContent body, CancellationToken cancellationToken) =>
        client.SendRestAsync(HttpMethod.Post, path, body, cancellationToken);

    public static Task<RestResponse> SendRestAsync(this HttpClient client, HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        HttpContent? content = null;
        if (body is not null)
        {
            content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return client.SendRestAsync(method, path, content, cancellationToken);
    }

    private static async Task<RestResponse> SendRestAsync(this HttpClient client, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await client.SendAsync(request, cancellationToken);
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        return new RestResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text);
    }
}
