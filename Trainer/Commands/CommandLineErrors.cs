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

    /// <summary>
    /// Strict parsing (an unknown option is an error, not silently ignored) and the error handler; call from
    /// the app's Configure.
    /// </summary>
    public static IConfigurator UseTrainerErrorHandling(this IConfigurator config, IAnsiConsole errors)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(errors);
        config.UseStrictParsing();
        return config.SetExceptionHandler((exception, _) => Report(exception, errors));
    }

    public static int Report(Exception exception, IAnsiConsole errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var (message, exitCode) = Describe(exception);
        errors.MarkupLine($"[red]Error:[/] {ConsoleText.Markup(CommandLineArguments.Unmark(message))}");
        return exitCode;
    }

    /// <summary>The line and the exit code for a failure.</summary>
    public static (string Message, int ExitCode) Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            ResumableCancellationException => ($"Cancelled. {exception.Message}", Cancelled),
            OperationCanceledException => ("Cancelled.", Cancelled),
            CommandAppException or UsageException => (exception.Message, UsageError),
            // Each of these carries a message written for the user (which file, which server, what to do).
            DataException or ModelSourceException or TrackingException or IOException or UnauthorizedAccessException or InvalidDataException
                => (exception.Message, Failure),
            // A bug: still one line, with the type to search for.
            _ => ($"{exception.GetType().Name}: {exception.Message}", Failure),
        };
    }
}
