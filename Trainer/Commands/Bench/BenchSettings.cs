using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace TwitterSentiment.Trainer.Commands.Bench;

/// <summary>The bench command's options; the model options are train's (<see cref="ModelArchitectureSettings"/>).</summary>
public sealed class BenchSettings : ModelArchitectureSettings
{
    // The defaults, once (bench has no options record of its own).
    public const int DefaultBatchSize = 256;
    public const int DefaultVocabulary = 20_000;
    public const int DefaultBatches = 60;
    public const int DefaultRows = 1_600_000;

    [CommandOption("--batch-size <N>")]
    [Description("Sequences per batch, for training and inference.")]
    [DefaultValue(DefaultBatchSize)]
    public int BatchSize { get; init; } = DefaultBatchSize;

    [CommandOption("--vocabulary <N>")]
    [Description("Vocabulary size of the synthetic ids; with --data, the most frequent tokens kept from the file.")]
    [DefaultValue(DefaultVocabulary)]
    public int Vocabulary { get; init; } = DefaultVocabulary;

    [CommandOption("--batches <N>")]
    [Description("Timed batches per measurement (after 10 warm-up batches); with --data, also the size of the inference sample (batches × batch size tweets).")]
    [DefaultValue(DefaultBatches)]
    public int Batches { get; init; } = DefaultBatches;

    [CommandOption("--data <PATH>")]
    [Description("CSV of real tweets (either training format): measures load+tokenize on it, then training and inference on its tweets with random and with length batching side by side. Default: load+tokenize only, on a generated Sentiment140-format file of --rows rows in the temp folder (deleted afterwards).")]
    public string? Data { get; init; }

    [CommandOption("--rows <N>")]
    [Description("Rows of the generated CSV when --data is not given; 0 skips the load+tokenize measurement.")]
    [DefaultValue(DefaultRows)]
    public int Rows { get; init; } = DefaultRows;

    public override ValidationResult Validate()
    {
        string? problem =
            BatchSize is < 1 or > 65_536 ? $"--batch-size must be between 1 and 65536 (got {BatchSize})."
            : ArchitectureProblem() is { } architecture ? architecture
            : Vocabulary is < 3 or > 10_000_000 ? $"--vocabulary must be between 3 and 10000000 (got {Vocabulary})."
            : Batches < 1 ? $"--batches must be at least 1 (got {Batches})."
            : Rows < 0 ? $"--rows must not be negative (got {Rows})."
            : OptionFiles.Problem("--data", [Data]);
        return problem is null ? ValidationResult.Success() : ValidationResult.Error(problem);
    }
}
