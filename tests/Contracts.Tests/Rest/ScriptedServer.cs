using System.Collections.Concurrent;
using System.Net;
using System.Text;
using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.Contracts.Tests.Rest;

/// <summary>
/// A loopback HTTP server that answers every request with the test's function of (method, path, body) and keeps what
/// arrived, for checking the requests a client builds and how it reads the answers.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;

    public ScriptedServer(Func<ScriptedRequest, ScriptedAnswer> answer, string pathPrefix = "")
    {
        _server = new LoopbackHttpServer(async context =>
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var request = new ScriptedRequest(context.Request.HttpMethod, context.Request.Url?.AbsolutePath ?? "", await reader.ReadToEndAsync());
            Requests.Enqueue(request);
            var reply = answer(request);
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = "application/json";
            byte[] body = Encoding.UTF8.GetBytes(reply.Body);
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
        });
        BaseAddress = new Uri(_server.BaseAddress, pathPrefix);
    }

    public Uri BaseAddress { get; }

    public ConcurrentQueue<ScriptedRequest> Requests { get; } = new();

    /// <summary>A client of the core on this server, as both programs make one.</summary>
    public TfServingRestClient Client(HttpClient http, int batchSize = 128, string modelName = ServingContract.ModelName)
    {
        http.BaseAddress = ServingPaths.BaseAddress(BaseAddress);
        return new TfServingRestClient(http, modelName, batchSize);
    }

    public static ScriptedAnswer Ok(string body) => new((int)HttpStatusCode.OK, body);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

internal sealed record ScriptedRequest(string Method, string Path, string Body);

internal sealed record ScriptedAnswer(int Status, string Body);
