using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace TwitterSentiment.Trainer.Tests.Data;

/// <summary>A real HTTP server on 127.0.0.1 and a free port, answering with a test's handler.</summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<HttpListenerContext, CancellationToken, Task> _handler;
    private readonly Task _loop;

    public LoopbackHttpServer(Func<HttpListenerContext, Task> handler) : this((context, _) => handler(context))
    {
    }

    /// <summary>A handler that may wait: its token fires when the server is disposed.</summary>
    public LoopbackHttpServer(Func<HttpListenerContext, CancellationToken, Task> handler)
    {
        _handler = handler;
        for (int attempt = 0; ; attempt++)
        {
            int port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                BaseAddress = new Uri($"http://127.0.0.1:{port}/");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between probing and binding; try another.
            }
        }
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseAddress { get; } = new("http://127.0.0.1/");

    /// <summary>The Range header of every request, in arrival order (null when absent).</summary>
    public ConcurrentQueue<string?> Ranges { get; } = new();

    /// <summary>Serves <paramref name="body"/>, honouring "Range: bytes=N-" with 206 when <paramref name="honourRange"/>.</summary>
    public static Func<HttpListenerContext, Task> Serve(byte[] body, bool honourRange = true) => async context =>
    {
        long start = 0;
        string? range = context.Request.Headers["Range"];
        if (honourRange && range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = long.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            context.Response.StatusCode = 206;
            context.Response.AddHeader("Content-Range", $"bytes {start}-{body.Length - 1}/{body.Length}");
        }
        context.Response.ContentType = "application/zip";
        context.Response.ContentLength64 = body.Length - start;
        await context.Response.OutputStream.WriteAsync(body.AsMemory((int)start));
    };

    /// <summary>Announces the whole body but drops the connection after <paramref name="sent"/> bytes.</summary>
    public static Func<HttpListenerContext, Task> Truncate(byte[] body, int sent) => async context =>
    {
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body.AsMemory(0, sent));
        await context.Response.OutputStream.FlushAsync();
        context.Response.Abort();
    };

    /// <summary>Announces the whole body, sends <paramref name="sent"/> bytes, then goes silent for <paramref name="silence"/>.</summary>
    public static Func<HttpListenerContext, Task> Stall(byte[] body, int sent, TimeSpan silence) => async context =>
    {
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body.AsMemory(0, sent));
        await context.Response.OutputStream.FlushAsync();
        await Task.Delay(silence);
        context.Response.Abort();
    };

    public static Func<HttpListenerContext, Task> Status(int statusCode) => context =>
    {
        context.Response.StatusCode = statusCode;
        return Task.CompletedTask;
    };

    /// <summary>Accepts the request and never answers (until the server is disposed).</summary>
    public static Func<HttpListenerContext, CancellationToken, Task> Silent() => (_, stopping) => Task.Delay(Timeout.Infinite, stopping);

    /// <summary>Answers <paramref name="statusCode"/> with an empty JSON object, but only after <paramref name="delay"/>.</summary>
    public static Func<HttpListenerContext, CancellationToken, Task> Slow(TimeSpan delay, int statusCode = 200) => async (context, stopping) =>
    {
        await Task.Delay(delay, stopping);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync("{}"u8.ToArray(), stopping);
    };

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            Ranges.Enqueue(context.Request.Headers["Range"]);
            try
            {
                await _handler(context, _stopping.Token);
                context.Response.Close();
            }
            catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The test handler aborted the connection on purpose, or the client went away.
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        _listener.Close();
        await _loop;
        _stopping.Dispose();
    }
}
