using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace TwitterSentiment.TestSupport;

/// <summary>
/// serving/local-server (the TF-Serving-compatible Node.js server) as a child process, started as a user would start
/// it, with its stdout and stderr captured. <see cref="StartServingAsync"/> picks a free port and waits until the model
/// is AVAILABLE; <c>Start</c> just starts it with the given flags (for tests of its flag and start-up errors).
/// The script execs node, so the child is the server itself. Disposing stops it with SIGTERM, then SIGKILL if it hangs.
/// </summary>
public sealed class LocalServerProcess : IAsyncDisposable
{
    /// <summary>The first start on a fresh clone runs `npm ci` (TensorFlow.js, ~90 MB), so start-up may take minutes.</summary>
    public static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(5);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly Uri? _baseAddress;
    private TaskCompletionSource _nextLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LocalServerProcess(Process process, Uri? baseAddress)
    {
        _process = process;
        _baseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Received(_output, e.Data);
        process.ErrorDataReceived += (_, e) => Received(_errors, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The script in this checkout, or null when the tests do not run inside one that has it.</summary>
    public static string? Script =>
        Repository.TryFindRoot() is { } root && Path.Combine(root, "serving", "local-server") is var script && File.Exists(script) ? script : null;

    /// <summary>Where the REST API listens (known when started by <see cref="StartServingAsync"/>, which picks the port).</summary>
    public Uri BaseAddress => _baseAddress
        ?? throw new InvalidOperationException("This server was started with its own flags; its port is the --rest_api_port the test chose.");

    /// <summary>What the server printed to stdout so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>What the server printed to stderr so far.</summary>
    public string Errors => string.Join('\n', _errors);

    public bool HasExited => _process.HasExited;

    /// <summary>The server's process id (node itself: the script execs it).</summary>
    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Ignores the calling test (with the reason) unless this checkout has serving/local-server and Node.js is on PATH.
    /// </summary>
    public static string RequireScript()
    {
        string? script = Script;
        if (script is null)
        {
            Assert.Ignore("serving/local-server is not in this checkout; the tests against the local server are skipped.");
        }

        if (ProcessRunner.Find("node") is null)
        {
            Assert.Ignore("Node.js is not installed; serving/local-server needs node and npm on PATH.");
        }

        return script;
    }

    /// <summary>Starts the server with exactly <paramref name="arguments"/>.</summary>
    public static LocalServerProcess Start(IEnumerable<string> arguments) => Start(arguments, baseAddress: null);

    /// <summary>
    /// Serves the versions under <paramref name="modelBasePath"/> as <paramref name="modelName"/> on a free loopback port
    /// and returns once a version is AVAILABLE; throws with the server's output if it exits or times out first.
    /// </summary>
    public static Task<LocalServerProcess> StartServingAsync(
        string modelBasePath, string modelName = "sentiment", IEnumerable<string>? moreArguments = null, CancellationToken cancellationToken = default) =>
        StartAndWaitAsync([$"--model_name={modelName}", $"--model_base_path={modelBasePath}"], modelName, availableVersions: 1, moreArguments, cancellationToken);

    /// <summary>
    /// Serves what the model config file says (see <see cref="ModelServerConfig"/>; version labels allowed at start-up, as
    /// TF Serving needs) on a free loopback port, and returns once <paramref name="availableVersions"/> versions of
    /// <paramref name="modelName"/> are AVAILABLE.
    /// </summary>
    public static Task<LocalServerProcess> StartServingConfigAsync(
        string modelConfigFile, string modelName = "sentiment", int availableVersions = 1, IEnumerable<string>? moreArguments = null,
        CancellationToken cancellationToken = default) =>
        StartAndWaitAsync([$"--model_config_file={modelConfigFile}", "--allow_version_labels_for_unavailable_models=true"], modelName, availableVersions,
            moreArguments, cancellationToken);

    /// <summary>Sends a POSIX signal (e.g. "TERM", "INT") to the server.</summary>
    public async Task SignalAsync(string signal, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)], timeout: TimeSpan.FromSeconds(10), cancellationToken: cancellationToken);
        if (result.ExitCode != 0 && !_process.HasExited)
        {
            throw new InvalidOperationException($"kill -{signal} failed: {result.StandardError}");
        }
    }

    /// <returns>false when the server still runs after <paramref name="timeout"/>.</returns>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(timeoutSource.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits until what the server printed to stdout satisfies <paramref name="matches"/> (checked again on every line it
    /// prints, so no time is guessed); false when <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<bool> WaitForOutputAsync(Func<string, bool> matches, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(matches);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        while (true)
        {
            // Taken before the check, so a line printed between the check and the wait still wakes us.
            var nextLine = Volatile.Read(ref _nextLine).Task;
            if (matches(Output))
            {
                return true;
            }

            try
            {
                await nextLine.WaitAsync(timeoutSource.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return matches(Output);
            }
        }
    }

    /// <summary>Kills the server at once, as a crash would (for tests of what clients do when it is gone).</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public string Describe() => $"local-server output:\n{Output}\nerrors:\n{Errors}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await SignalAsync("TERM", CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // Fall through to the hard kill.
            }

            if (!await WaitForExitAsync(TimeSpan.FromSeconds(15), CancellationToken.None))
            {
                await KillAsync();
            }
        }

        _process.Dispose();
    }

    private void Received(ConcurrentQueue<string> stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        stream.Enqueue(line);
        Interlocked.Exchange(ref _nextLine, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private static async Task<LocalServerProcess> StartAndWaitAsync(
        IEnumerable<string> modelArguments, string modelName, int availableVersions, IEnumerable<string>? moreArguments, CancellationToken cancellationToken)
    {
        int port = FreePort.Next();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var server = Start([$"--rest_api_port={port}", .. modelArguments, .. moreArguments ?? []], baseAddress);
        try
        {
            using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
            await ModelAvailability.WaitAsync(client, modelName, () => !server.HasExited, server.Describe, StartupTimeout, cancellationToken, availableVersions);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    private static LocalServerProcess Start(IEnumerable<string> arguments, Uri? baseAddress)
    {
        var startInfo = new ProcessStartInfo(Script ?? throw new FileNotFoundException("serving/local-server is not in this checkout."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return new LocalServerProcess(Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start serving/local-server."), baseAddress);
    }
}
