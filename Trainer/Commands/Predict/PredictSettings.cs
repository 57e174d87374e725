using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace TwitterSentiment.Trainer.Commands.Predict;

/// <summary><c>trainer predict</c>: texts to score, plus the shared model-source options.</summary>
public sealed class PredictSettings : ModelSourceSettings
{
    [CommandArgument(0, "[TEXT]")]
    [Description("Texts to score. With none, or with -, the lines of standard input are scored (UTF-8; blank lines skipped). After --, every word is a text, even one starting with -.")]
    public string[] Texts { get; init; } = [];

    /// <summary>The texts as the user typed them ("-" stands for standard input).</summary>
    public IReadOnlyList<string> TextArguments => [.. Texts.Select(CommandLineArguments.Argument)];

    public override ValidationResult Validate()
    {
        // Waiting for a terminal's keyboard would look like a hang: piped input only, unless - asks for it.
        if (Texts.Length == 0 && !Console.IsInputRedirected)
            return ValidationResult.Error("Give the texts to score as arguments (trainer predict \"I love it\" \"meh\"), or pipe lines on standard input (or give - to type them).");
        return base.Validate();
    }
}
