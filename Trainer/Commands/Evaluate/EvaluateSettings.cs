using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace TwitterSentiment.Trainer.Commands.Evaluate;

/// <summary><c>trainer evaluate</c>: labelled CSVs to score, plus the shared model-source options.</summary>
public sealed class EvaluateSettings : ModelSourceSettings
{
    [CommandOption("-d|--data <CSV>")]
    [Description("Labelled tweets to score (repeat for several files; - reads one from standard input): Sentiment140's original file (6 columns, Latin-1) or a UTF-8 CSV with text and label columns.")]
    public string[] Data { get; init; } = [];

    [CommandOption("--strict")]
    [Description("Stop at the first malformed row instead of skipping it with a warning.")]
    public bool Strict { get; init; }

    public override ValidationResult Validate()
    {
        if (Data.Length == 0)
            return ValidationResult.Error("Give at least one labelled CSV to score with --data <CSV> (repeat --data for several files).");
        if (OptionFiles.Problem("--data", Data, allowStandardInput: true) is { } problem)
            return ValidationResult.Error(problem);
        if (Data.Count(path => path == CommandLineArguments.StandardInput) > 1)
            return ValidationResult.Error("--data - (standard input) can be given once.");
        return base.Validate();
    }
}
