using Spectre.Console.Cli;
using Spectre.Console.Testing;
using TwitterSentiment.Trainer.Commands;

namespace TwitterSentiment.Trainer.Tests.Commands;

/// <summary>
/// Runs the trainer's command line in-process, configured as Program.cs does, against two test consoles: standard
/// output and standard error (where the error reporter writes).
/// </summary>
internal static class TrainerCli
{
    private const int Width = 200;

    public static CliRun Run(params string[] args) => Run(CancellationToken.None, args);

    public static CliRun Run(CancellationToken cancellationToken, params string[] args) => Run(args, Width, cancellationToken);

    /// <summary>On consoles wide enough that Spectre wraps no line (for tests that match a whole message).</summary>
    public static CliRun RunUnwrapped(params string[] args) => Run(args, 10_000, CancellationToken.None);

    private static CliRun Run(string[] args, int width, CancellationToken cancellationToken)
    {
        var output = new TestConsole();
        output.Profile.Width = width;
        var errors = new TestConsole();
        errors.Profile.Width = width;
        var app = TrainerApp.Create(config => config.ConfigureConsole(output), errors);
        int exitCode = app.Run(CommandLineArguments.Prepare(args), cancellationToken);
        return new CliRun(exitCode, output.Output, errors.Output);
    }
}

/// <summary>One run: its exit code, what it wrote on standard output and on standard error.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Everything a user at a terminal sees: standard output, then standard error.</summary>
    public string Output => Stdout + Stderr;

    public void Deconstruct(out int exitCode, out string output)
    {
        exitCode = ExitCode;
        output = Output;
    }
}
