using System.Diagnostics;
using System.Text;

namespace TwitterSentiment.Trainer.Tests.Export;

/// <summary>Runs a child process with captured output and a hard timeout (the process tree is killed then).</summary>
internal static class ProcessRunner
{
    /// <returns>null when <paramref name="fileName"/> cannot be started and <paramref name="throwIfMissing"/> is false.</returns>
    public static (int ExitCode, string StandardOutput, string StandardError)? Run(
        string fileName, IEnumerable<string> arguments, string workingDirectory, string? stdin, TimeSpan timeout, bool throwIfMissing)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments) startInfo.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{fileName} did not start.");
        }
        catch (System.ComponentModel.Win32Exception) when (!throwIfMissing)
        {
            return null;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (stdin is not null) process.StandardInput.Write(stdin);
            process.StandardInput.Close();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                Assert.Fail($"{fileName} did not finish within {timeout.TotalSeconds} s.");
            }
            process.WaitForExit();
            return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
        }
    }
}
