using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace TwitterSentiment.Trainer.Commands.Bench;

/// <summary>The `bench synthetic` command's options; the model options are train's (<see cref="ModelArchitectureSettings"/>).</summary>
public sealed class SyntheticBenchSettings : ModelArchitectureSettings
{
    [CommandOption("--batch-size <N>")]
    [Description("Sequences per batch, for training and inference.")]
    [DefaultValue(256)]
    public int BatchSize { get; init; } = 256;

    [CommandOption("--vocabulary <N>")]
    [Description("Vocabulary size of the synthetic ids; with --data, the most frequent tokens kept from the file.")]
    [DefaultValue(20000)]
    public int Vocabulary { get; init; } = 20_000;

    [CommandOption("--batches <N>")]
    [Description("Timed batches per measurement (after 10 warm-up batches); with --data, also the size of the inference sample (batches × batch size tweets).")]
    [DefaultValue(60)]
    public int Batches { get; init; } = 60;

    [CommandOption("--data <PATH>")]
    [Description("CSV of real tweets (either training format): measures load+tokenize on it, then training and inference on its tweets with random and with length batching side by side. Default: load+tokenize only, on a generated Sentiment140-format file of --rows rows in the temp folder (deleted afterwards).")]
    public string? Data { get; init; }

    [CommandOption("--rows <N>")]
    [Description("Rows of the generated CSV when --data is not given; 0 skips the load+tokenize measurement.")]
    [DefaultValue(1_600_000)]
    public int Rows { get; init; } = 1_600_000;

    public override ValidationResult Validate()
    {
        string? problem =
            BatchSize is < 1 or > 65_536 ? $"--batch-size must be between 1 and 65536 (got {BatchSize})."
            : ArchitectureProblem() is { } architecture ? architecture
            : Vocabulary is < 3 or > 10_000_000 ? $"--vocabulary must be between 3 and 10000000 (got {Vocabulary})."
            : Batches < 1 ? $"--batches must be at least 1 (got {Batches})."
            : Rows < 0 ? $"--rows must not be negative (got {Rows})."
            : Data is not null && !File.Exists(Data) ? $"--data: the file {Data} does not exist."
            : null;
        return problem is null ? ValidationResult.Success() : ValidationResult.Error(problem);
    }
}
