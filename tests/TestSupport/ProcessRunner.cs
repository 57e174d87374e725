using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace TwitterSentiment.TestSupport;

/// <summary>
/// Runs command-line tools (node, npm, docker, kubectl, g++, ...) to completion with captured UTF-8 output, optional
/// standard input and a hard timeout, after which the whole process tree is killed. The working directory defaults
/// to the repository root, so relative paths read as they do in the README.
/// </summary>
public static class ProcessRunner
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The full path of <paramref name="name"/> on PATH, or null when it is not installed.</summary>
    public static string? Find(string name)
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => System.IO.Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The path of a tool the test needs, or an ignored test that says what is missing and how to get it.</summary>
    public static string Require(string name, string installHint)
    {
        string? path = Find(name);
        if (path is null)
        {
            Assert.Ignore($"`{name}` is not installed here ({installHint}); this check runs where it is.");
        }

        return path;
    }

    /// <exception cref="Win32Exception"><paramref name="fileName"/> cannot be started (not installed).</exception>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/> (2 minutes unless given).</exception>
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        string? standardInput = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? Repository.TryFindRoot() ?? Environment.CurrentDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var limit = timeout ?? DefaultTimeout;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(limit);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeoutSource.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeoutSource.Token);
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput.AsMemory(), timeoutSource.Token);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(timeoutSource.Token);
            return new ProcessResult(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            // Never leave a hung tool behind.
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException($"{fileName} {string.Join(' ', startInfo.ArgumentList)} did not finish within {limit}.");
        }
    }

    /// <summary>The blocking form of <see cref="RunAsync"/>, for synchronous set-up code.</summary>
    public static ProcessResult Run(
        string fileName, IEnumerable<string> arguments, string? workingDirectory = null, string? standardInput = null, TimeSpan? timeout = null) =>
        RunAsync(fileName, arguments, workingDirectory, standardInput, timeout, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Like <see cref="Run"/>, but null when <paramref name="fileName"/> cannot be started (so the test can skip).</summary>
    public static ProcessResult? TryRun(
        string fileName, IEnumerable<string> arguments, string? workingDirectory = null, string? standardInput = null, TimeSpan? timeout = null)
    {
        try
        {
            return Run(fileName, arguments, workingDirectory, standardInput, timeout);
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
