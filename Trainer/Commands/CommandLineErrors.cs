using Spectre.Console;
using Spectre.Console.Cli;
using TwitterSentiment.Trainer.Data;
using TwitterSentiment.Trainer.Modeling;
using TwitterSentiment.Trainer.Scoring;
using TwitterSentiment.Trainer.Tracking;

namespace TwitterSentiment.Trainer.Commands;

/// <summary>
/// The one place a failure becomes what the user sees: commands throw, this prints one red line on standard error
/// (so a <c>--json</c> document on standard output is never mixed with it) and picks the exit code. Users see what
/// to fix, never a stack trace.
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

    /// <summary>The console Program.cs reports errors on: the process's standard error.</summary>
    public static IAnsiConsole StandardError() =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static int Report(Exception exception, IAnsiConsole errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var (message, exitCode) = Describe(exception);
        errors.MarkupLine($"[red]Error:[/] {Markup.Escape(message)}");
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
            CommandAppException => (exception.Message, UsageError),
            // Each of these carries a message written for the user (which file, which server, what to do).
            DataException or ModelSourceException or CalibrationException or TrackingException or IOException or UnauthorizedAccessException or InvalidDataException
                => (exception.Message, Failure),
            // A bug: still one line, with the type to search for.
            _ => ($"{exception.GetType().Name}: {exception.Message}", Failure),
        };
    }
}
