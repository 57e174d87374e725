using Spectre.Console;
using Spectre.Console.Cli;
using TwitterSentiment.Trainer.Data;

namespace TwitterSentiment.Trainer.Commands;

/// <summary>
/// Turns every failure into one red line and an exit code: users see what to fix, never a stack trace.
/// </summary>
public static class CommandLineErrors
{
    public const int Failure = 1;
    public const int UsageError = 2;
    public const int Cancelled = 130;

    /// <summary>
    /// Strict parsing (an unknown option is an error, not silently ignored) and the error handler; call from
    /// the app's Configure.
    /// </summary>
    public static IConfigurator UseTrainerErrorHandling(this IConfigurator config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.UseStrictParsing();
        return config.SetExceptionHandler((exception, _) => Report(exception, config.Settings.Console ?? AnsiConsole.Console));
    }

    public static int Report(Exception exception, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(console);
        var (message, code) = exception switch
        {
            OperationCanceledException => ("Cancelled.", Cancelled),
            CommandAppException => (exception.Message, UsageError),
            DataException or Scoring.ModelSourceException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException or UnauthorizedAccessException
                => (exception.Message, Failure),
            IOException or Tracking.TrackingException => (exception.Message, Failure),
            _ => ($"{exception.GetType().Name}: {exception.Message}", Failure),
        };
        console.MarkupLine($"[red]Error:[/] {Markup.Escape(message)}");
        return code;
    }
}
