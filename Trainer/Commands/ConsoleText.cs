using System.Globalization;
using System.Text;

namespace TwitterSentiment.Trainer.Commands;

/// <summary>
/// The one way text from outside the program (a file's rows, a path, a server's message, a text to predict) reaches
/// the console: control characters are written as escapes (<c>\x1b</c>, <c>\n</c>, <c>\u202e</c>), so input can
/// neither paint or move around the terminal nor break a message into several lines; <see cref="Markup"/> also
/// escapes Spectre's markup brackets.
/// </summary>
public static class ConsoleText
{
    /// <summary><paramref name="text"/> with its control characters as escapes.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(IsControl)) return text;
        var escaped = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when !IsControl(c) => c.ToString(),
                _ when c <= '\u00ff' => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
            });
        }
        return escaped.ToString();
    }

    /// <summary><paramref name="text"/> escaped (<see cref="Escape"/>) and safe to put inside Spectre markup.</summary>
    public static string Markup(string text) => Spectre.Console.Markup.Escape(Escape(text));

    /// <summary>
    /// C0 and C1 controls and DEL, and the characters that reorder or break lines on a terminal (bidirectional
    /// overrides and isolates, the Unicode line and paragraph separators).
    /// </summary>
    private static bool IsControl(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');
}
