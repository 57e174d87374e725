using System.Reflection;
using Spectre.Console.Cli;

namespace TwitterSentiment.Trainer.Commands;

/// <summary>
/// What the trainer's command line means by <c>--</c> and <c>-</c>, applied to the words before Spectre parses them
/// (<see cref="Prepare"/>); Spectre reads every word that starts with "-" as an option, even after "--", and a lone
/// "-" is an error to it.
/// <list type="bullet">
/// <item><c>--</c> ends the options: every word after it is an argument (a text to predict), whatever it starts with.</item>
/// <item><c>-</c> means standard input, as an option's value (<c>evaluate --data -</c>) or as an argument (<c>predict -</c>).</item>
/// </list>
/// A command reads its arguments through <see cref="Argument"/>.
/// </summary>
public static class CommandLineArguments
{
    public const string EndOfOptions = "--";
    public const string StandardInput = "-";

    /// <summary>Marks an argument Spectre must not read as an option; <see cref="Argument"/> takes it off.</summary>
    private const char Literal = '\uE000';

    /// <summary>Options that take no value (flags), by every name they have; "-" after one of them is an argument.</summary>
    private static readonly Lazy<HashSet<string>> Flags = new(FindFlags);

    /// <summary>The words as Spectre should see them.</summary>
    public static string[] Prepare(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var prepared = new List<string>(args.Count);
        bool optionsEnded = false;
        foreach (string word in args)
        {
            if (!optionsEnded && word == EndOfOptions)
            {
                optionsEnded = true;
            }
            else if (!optionsEnded && word == StandardInput && prepared.Count > 0 && TakesValue(prepared[^1]))
            {
                prepared[^1] += "=" + StandardInput;
            }
            else
            {
                prepared.Add(word.StartsWith('-') && (optionsEnded || word == StandardInput) ? Literal + word : word);
            }
        }
        return [.. prepared];
    }

    /// <summary>An argument as the user typed it.</summary>
    public static string Argument(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.Length > 0 && word[0] == Literal ? word[1..] : word;
    }

    /// <summary><paramref name="text"/> with every argument as the user typed it (for messages that quote them).</summary>
    public static string Unmark(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace(Literal.ToString(), "", StringComparison.Ordinal);
    }

    /// <summary>An option (not a flag, not already given its value with "=") whose value may follow as the next word.</summary>
    private static bool TakesValue(string word) =>
        word.StartsWith('-') && word != StandardInput && word[0] != Literal && !word.Contains('=', StringComparison.Ordinal) && !Flags.Value.Contains(word);

    private static HashSet<string> FindFlags()
    {
        var flags = new HashSet<string>(StringComparer.Ordinal) { "-h", "--help", "-v", "--version" };
        var options = typeof(CommandLineArguments).Assembly.GetTypes()
            .Where(type => typeof(CommandSettings).IsAssignableFrom(type))
            .SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(property => property.PropertyType == typeof(bool))
            .Select(property => property.GetCustomAttribute<CommandOptionAttribute>())
            .OfType<CommandOptionAttribute>();
        foreach (var option in options)
        {
            foreach (string name in option.LongNames) flags.Add("--" + name);
            foreach (string name in option.ShortNames) flags.Add("-" + name);
        }
        return flags;
    }
}
