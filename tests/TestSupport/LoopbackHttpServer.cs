using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace TwitterSentiment.TestSupport;

/// <summary>
/// A real HTTP server (HttpListener) on a free loopback port, answering every request with a test's handler, each
/// request on its own task. It answers to both 127.0.0.1 and localhost (health checks send "Host: localhost"), records
/// what arrived, and has ready-made handlers for plain answers and for faults: a status code, a body with Range
/// support, a connection dropped mid-body, a stall. Disposing stops it and waits for the handlers still running.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable, IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<HttpListenerContext, CancellationToken, Task> _handler;
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly Task _loop;
    private int _disposed;

    public LoopbackHttpServer(Func<HttpListenerContext, Task> handler) : this((context, _) => handler(context))
    {
    }

    /// <summary>A handler that may wait: its token fires when the server is disposed.</summary>
    public LoopbackHttpServer(Func<HttpListenerContext, CancellationToken, Task> handler)
    {
        _handler = handler;
        for (int attempt = 0; ; attempt++)
        {
            int port = FreePort.Next();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add($"http://localhost:{port}/");
            try
            {
                _listener.Start();
                Port = port;
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between probing and binding; try another.
            }
        }

        BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
        _loop = Task.Run(AcceptAsync);
    }

    public Uri BaseAddress { get; }

    public int Port { get; }

    /// <summary>Every request in arrival order.</summary>
    public ConcurrentQueue<LoopbackRequest> Requests { get; } = new();

    /// <summary>The path of every request, in arrival order.</summary>
    public IReadOnlyList<string> RequestedPaths => [.. Requests.Select(r => r.Path)];

    /// <summary>The Range header of every request, in arrival order (null when absent).</summary>
    public IReadOnlyList<string?> Ranges => [.. Requests.Select(r => r.Range)];

    /// <summary>Answers 200 with an empty body on <paramref name="okPaths"/> and 404 elsewhere.</summary>
    public static Func<HttpListenerContext, Task> OkOn(params string[] okPaths)
    {
        var paths = new HashSet<string>(okPaths, StringComparer.Ordinal);
        return context => Status(paths.Contains(context.Request.Url?.AbsolutePath ?? string.Empty) ? 200 : 404)(context);
    }

    /// <summary>Answers with <paramref name="statusCode"/> and an empty body.</summary>
    public static Func<HttpListenerContext, Task> Status(int statusCode) => context =>
    {
        context.Response.StatusCode = statusCode;
        return Task.CompletedTask;
    };

    /// <summary>Serves <paramref name="body"/>, honouring "Range: bytes=N-" with 206 when <paramref name="honourRange"/>.</summary>
    public static Func<HttpListenerContext, Task> Serve(byte[] body, bool honourRange = true, string contentType = "application/zip") => async context =>
    {
        long start = 0;
        string? range = context.Request.Headers["Range"];
        if (honourRange && range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = long.Parse(range["bytes=".Length..^1], CultureInfo.InvariantCulture);
            context.Response.StatusCode = 206;
            context.Response.AddHeader("Content-Range", $"bytes {start}-{body.Length - 1}/{body.Length}");
        }

        context.Response.ContentType = contentType;
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

    /// <summary>
    /// Announces the whole body, sends <paramref name="sent"/> bytes, then goes silent until the server is disposed (the
    /// client's own timeout is what a test waits for, never a guessed silence), and drops the connection.
    /// </summary>
    public static Func<HttpListenerContext, CancellationToken, Task> Stall(byte[] body, int sent) => async (context, stopping) =>
    {
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body.AsMemory(0, sent), stopping);
        await context.Response.OutputStream.FlushAsync(stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, stopping);
        }
        finally
        {
            context.Response.Abort();
        }
    };

    /// <summary>Accepts the request and never answers (until the server is disposed).</summary>
    public static Func<HttpListenerContext, CancellationToken, Task> Silent() => (_, stopping) => Task.Delay(Timeout.Infinite, stopping);

    /// <summary>Answers <paramref name="statusCode"/> with an empty JSON object, but only after <paramref name="delay"/>.</summary>
    public static Func<HttpListenerContext, CancellationToken, Task> Slow(TimeSpan delay, int statusCode = 200) => async (context, stopping) =>
    {
        await Task.Delay(delay, stopping).ConfigureAwait(false);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync("{}"u8.ToArray(), stopping).ConfigureAwait(false);
    };

    /// <summary>Stops the server; disposing it again does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_listener.IsListening)
        {
            _listener.Stop();
        }

        _listener.Close();
        await _loop.ConfigureAwait(false);
        await Task.WhenAll(_running.Keys).ConfigureAwait(false);
        _stopping.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }

            Requests.Enqueue(new LoopbackRequest(context.Request.HttpMethod, context.Request.Url?.AbsolutePath ?? string.Empty, context.Request.Headers["Range"]));
            var handling = Task.Run(() => HandleAsync(context));
            _running.TryAdd(handling, 0);
            _ = handling.ContinueWith(done => _running.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            await _handler(context, _stopping.Token).ConfigureAwait(false);
            context.Response.Close();
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The handler aborted the connection on purpose, the client went away, or the server stopped.
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // A waiting handler, released by disposal.
        }
    }
}

/// <summary>What a <see cref="LoopbackHttpServer"/> recorded of one request.</summary>
public sealed record LoopbackRequest(string Method, string Path, string? Range);
