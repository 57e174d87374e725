using System.Runtime.InteropServices;
using Spectre.Console;
using Spectre.Console.Cli;
using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Scoring;
using TwitterSentiment.Trainer.Tracking;

namespace TwitterSentiment.Trainer.Commands;

/// <summary>
/// The one place a failure becomes what the user sees: commands throw, this prints one red line on standard error
/// (so a <c>--json</c> document on standard output is never mixed with it) and picks the exit code. Users see what
/// to fix, never a stack trace; input quoted in the message is escaped (<see cref="ConsoleText"/>), so it stays one
/// line and cannot reach the terminal as control characters.
/// </summary>
public static class CommandLineErrors
{
    /// <summary>Unusable data, model, checkpoint, server or output folder.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong (unknown option, invalid value, missing argument).</summary>
    public const int UsageError = 2;

    /// <summary>Ctrl+C, as a shell reports a process ended by SIGINT.</summary>
    public const int Cancelled = 130;

    /// <summary>Stopped by SIGTERM (kill, docker stop, Kubernetes), as a shell reports a process ended by it.</summary>
    public const int Terminated = 143;

    /// <summary>
    /// Strict parsing (an unknown option is an error, not silently ignored) and the error handler; call from
    /// the app's Configure.
    /// </summary>
    /// <param name="stopSignal">The signal that cancelled the command, if one did (<see cref="ConsoleCancellation.Signal"/>).</param>
    public static IConfigurator UseTrainerErrorHandling(this IConfigurator config, IAnsiConsole errors, Func<PosixSignal?>? stopSignal = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(errors);
        config.UseStrictParsing();
        return config.SetExceptionHandler((exception, _) => Report(exception, errors, stopSignal?.Invoke()));
    }

    public static int Report(Exception exception, IAnsiConsole errors, PosixSignal? stopSignal = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var (message, exitCode) = Describe(exception, stopSignal);
        errors.MarkupLine($"[red]Error:[/] {ConsoleText.Markup(CommandLineArguments.Unmark(message))}");
        return exitCode;
    }

    /// <summary>The line and the exit code for a failure.</summary>
    /// <param name="stopSignal">For a cancellation: SIGTERM exits with <see cref="Terminated"/>, anything else (Ctrl+C) with <see cref="Cancelled"/>.</param>
    public static (string Message, int ExitCode) Describe(Exception exception, PosixSignal? stopSignal = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var (stopped, stopCode) = stopSignal == PosixSignal.SIGTERM ? ("Stopped (SIGTERM).", Terminated) : ("Cancelled.", Cancelled);
        return exception switch
        {
            ResumableCancellationException => ($"{stopped} {exception.Message}", stopCode),
            OperationCanceledException => (stopped, stopCode),
            CommandAppException or UsageException or Runs.CheckpointFolderTakenException => (exception.Message, UsageError),
            // Each of these carries a message written for the user (which file, which server, what to do).
            DataException or ModelSourceException or TrackingException or IOException or UnauthorizedAccessException or InvalidDataException
                => (exception.Message, Failure),
            // A bug: still one line, with the type to search for.
            _ => ($"{exception.GetType().Name}: {exception.Message}", Failure),
        };
    }
}
