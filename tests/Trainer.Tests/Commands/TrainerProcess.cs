using System.Diagnostics;
using System.Text;

namespace TwitterSentiment.Trainer.Tests.Commands;

/// <summary>
/// The trainer as users run it: <c>dotnet TwitterSentiment.Trainer.dll …</c> in a process of its own, with real
/// standard streams (redirected, as in a script or CI), a real environment and real signals.
/// </summary>
internal sealed class TrainerProcess : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private TrainerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The trainer's assembly, built beside the tests.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "TwitterSentiment.Trainer.dll");

    public int Id => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_gate) return _stdout.ToString();
        }
    }

    public string Stderr
    {
        get
        {
            lock (_gate) return _stderr.ToString();
        }
    }

    /// <summary>Starts the trainer; standard input is closed at once unless <paramref name="input"/> is given (then written and closed).</summary>
    /// <param name="environment">Variables to set (null value: unset) on top of the test's own.</param>
    public static TrainerProcess Start(IEnumerable<string> args, string? workingDirectory = null, byte[]? input = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Dll);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var trainer = new TrainerProcess(process);
        if (input is not null) process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        return trainer;
    }

    /// <summary>Runs the trainer to its end.</summary>
    public static async Task<ProcessResult> RunAsync(IEnumerable<string> args, string? workingDirectory = null, byte[]? input = null,
        IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        using var trainer = Start(args, workingDirectory, input, environment);
        int exitCode = await trainer.WaitForExitAsync(timeout ?? DefaultTimeout);
        return new ProcessResult(exitCode, trainer.Stdout, trainer.Stderr);
    }

    /// <summary>Waits until standard output holds a line that <paramref name="matches"/> (polling), or fails the test.</summary>
    public async Task WaitForOutputAsync(Func<string, bool> matches, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Stdout.Split('\n').Any(matches))
        {
            if (_process.HasExited || clock.Elapsed > timeout)
                Assert.Fail($"The trainer {(_process.HasExited ? "exited" : "went on")} without the expected output:\n{Stdout}\n{Stderr}");
            await Task.Delay(50);
        }
    }

    /// <summary>Sends a signal (e.g. "TERM", "INT") the way a shell's kill does.</summary>
    public void Signal(string name)
    {
        var kill = ProcessRunner.Run("/bin/sh", ["-c", $"kill -{name} {Id}"]);
        Assert.That(kill.ExitCode, Is.Zero, kill.Output);
    }

    /// <returns>The exit code.</returns>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"The trainer did not exit within {timeout}:\n{Stdout}\n{Stderr}");
        }
        _process.WaitForExit(); // the output handlers have run
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private void Append(StringBuilder text, string? line)
    {
        if (line is null) return;
        lock (_gate) text.Append(line).Append('\n');
    }
}
