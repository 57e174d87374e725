using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TwitterSentiment.WebClient.Tests.EndToEnd;

/// <summary>serving/local-server (the TF-Serving-compatible Node.js server) as a child process on a free port.</summary>
public sealed class LocalServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private LocalServer(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public string Output => string.Join('\n', _output);

    /// <summary>The script, or null when this checkout has no local server (or no Node.js).</summary>
    public static string? FindScript()
    {
        string? script = TestRepository.RootOrNull is { } root ? Path.Combine(root, "serving", "local-server") : null;
        return File.Exists(script) ? script : null;
    }

    public static async Task<LocalServer> StartAsync(string script, string modelBasePath, CancellationToken cancellationToken)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo(script)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { $"--rest_api_port={port}", "--model_name=sentiment", $"--model_base_path={modelBasePath}" },
        };
        var server = new LocalServer(Process.Start(start) ?? throw new InvalidOperationException("serving/local-server did not start"), new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await server.WaitUntilAvailableAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Kills the server (the script execs node, so this is the server process itself).</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private async Task WaitUntilAvailableAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        // The first start on a fresh clone runs `npm ci`, so allow minutes, not seconds.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(5));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"serving/local-server exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                var status = await http.GetStringAsync("v1/models/sentiment", deadline.Token);
                if (status.Contains("AVAILABLE", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                // One slow poll; try again.
            }

            await Task.Delay(250, deadline.Token);
        }
    }
}
