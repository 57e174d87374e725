using Spectre.Console;

namespace TwitterSentiment.Trainer.Commands;

/// <summary>
/// The process's consoles for Spectre. On a terminal Spectre fits text to its width; redirected (a log file, CI,
/// another program) it would hard-wrap every line at 80 columns, so one message became several lines. There, lines
/// are written whole (tables and markup are laid out for a width no line reaches).
/// </summary>
public static class TrainerConsoles
{
    /// <summary>The width used when the output is not a terminal.</summary>
    public const int RedirectedWidth = 10_000;

    public static IAnsiConsole StandardOutput() => Create(Console.Out, Console.IsOutputRedirected);

    /// <summary>Where failures are reported (<see cref="CommandLineErrors"/>).</summary>
    public static IAnsiConsole StandardError() => Create(Console.Error, Console.IsErrorRedirected);

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected) console.Profile.Width = RedirectedWidth;
        return console;
    }
}
