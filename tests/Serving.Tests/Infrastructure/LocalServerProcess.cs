using System.Collections.Concurrent;
using System.Diagnostics;

namespace TwitterSentiment.Serving.Tests.Infrastructure;

/// <summary>
/// serving/local-server running as a child process (the script installs its npm packages on first use),
/// with its stdout and stderr captured. Disposing stops it with SIGTERM, then SIGKILL if it hangs.
/// </summary>
internal sealed class LocalServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private readonly ConcurrentQueue<string> errors = new();

    private LocalServerProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) errors.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output => string.Join('\n', output);

    public string Errors => string.Join('\n', errors);

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public static LocalServerProcess Start(IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(RepositoryLayout.LocalServerScript)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return new LocalServerProcess(Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start serving/local-server."));
    }

    /// <summary>Sends a POSIX signal (e.g. "TERM", "INT") to the server (the script execs node, so it is the same process).</summary>
    public async Task SignalAsync(string signal, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10), cancellationToken);
        if (result.ExitCode != 0 && !process.HasExited)
        {
            throw new InvalidOperationException($"kill -{signal} failed: {result.Errors}");
        }
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public string Describe() => $"local-server output:\n{Output}\nerrors:\n{Errors}";

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            try
            {
                await SignalAsync("TERM", CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // fall through to the hard kill
            }

            if (!await WaitForExitAsync(TimeSpan.FromSeconds(15), CancellationToken.None))
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
    }
}
