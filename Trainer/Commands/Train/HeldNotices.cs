using System.Text;
using Spectre.Console;

namespace TwitterSentiment.Trainer.Commands.Train;

/// <summary>
/// A writer any thread may write to (tracking's background queue does), holding whole lines until the console
/// thread prints them with <see cref="TakeLines"/>: a write from another thread would tear Spectre's live progress
/// display, a line printed from the training thread goes above it.
/// </summary>
public sealed class HeldNotices : TextWriter
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
            _text.Append(value);
    }

    public override void Write(string? value)
    {
        lock (_gate)
            _text.Append(value);
    }

    public override void WriteLine(string? value)
    {
        lock (_gate)
            _text.Append(value).Append('\n');
    }

    /// <summary>Prints the complete lines held so far on <paramref name="console"/> (call from the thread that draws it).</summary>
    public void PrintTo(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        foreach (string line in TakeLines())
        {
            console.MarkupLine(ConsoleText.Markup(line));
        }
    }

    /// <summary>The complete lines written so far, removed from the buffer (a partial last line stays).</summary>
    public IReadOnlyList<string> TakeLines()
    {
        string complete;
        lock (_gate)
        {
            string text = _text.ToString();
            int end = text.LastIndexOf('\n');
            if (end < 0)
                return [];
            complete = text[..end];
            _text.Remove(0, end + 1);
        }

        return complete.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
    }
}
