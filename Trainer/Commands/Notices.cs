using Spectre.Console;

namespace TwitterSentiment.Trainer.Commands;

/// <summary>
/// Status lines for people while a command waits ("waiting for the server…"), on standard error beside the error
/// reporter, so a <c>--json</c> document on standard output is never mixed with them.
/// </summary>
public sealed class Notices(IAnsiConsole errors)
{
    public void Show(string line) => errors.MarkupLine($"[grey]{ConsoleText.Markup(line)}[/]");
}
