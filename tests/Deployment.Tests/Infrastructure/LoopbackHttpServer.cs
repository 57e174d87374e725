using System.Net;
using System.Net.Sockets;

namespace TwitterSentiment.Deployment.Tests.Infrastructure;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 that answers 200 on the given paths and 404 elsewhere, standing in for TF
/// Serving or the site when a test runs a health check command for real.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;
    private readonly HashSet<string> okPaths;

    public LoopbackHttpServer(params string[] okPaths)
    {
        this.okPaths = new HashSet<string>(okPaths, StringComparer.Ordinal);
        Port = FreePort();
        // Both names: health checks send "Host: localhost" while connecting to 127.0.0.1.
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Prefixes.Add($"http://localhost:{Port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public List<string> RequestedPaths { get; } = [];

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop.ConfigureAwait(false);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }

            var path = context.Request.Url?.AbsolutePath ?? string.Empty;
            lock (RequestedPaths)
            {
                RequestedPaths.Add(path);
            }

            context.Response.StatusCode = okPaths.Contains(path) ? 200 : 404;
            context.Response.Close();
        }
    }
}
