using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace TwitterSentiment.Trainer.Commands.Bench;

public sealed class BenchSettings : CommandSettings
{
    [CommandOption("--threads <N>")]
    [Description("CPU threads libtorch may use.")]
    [DefaultValue(2)]
    public int Threads { get; init; } = 2;

    [CommandOption("--batch-size <N>")]
    [Description("Sequences per batch, for training and inference.")]
    [DefaultValue(256)]
    public int BatchSize { get; init; } = 256;

    [CommandOption("--sequence-length <N>")]
    [Description("Tokens per sequence.")]
    [DefaultValue(50)]
    public int SequenceLength { get; init; } = 50;

    [CommandOption("--embedding-dim <N>")]
    [Description("Embedding width.")]
    [DefaultValue(64)]
    public int EmbeddingDim { get; init; } = 64;

    [CommandOption("--lstm-units <N>")]
    [Description("LSTM units per direction.")]
    [DefaultValue(64)]
    public int LstmUnits { get; init; } = 64;

    [CommandOption("--bidirectional")]
    [Description("Measure the bidirectional model.")]
    public bool Bidirectional { get; init; }

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
            Threads is < 1 or > 256 ? $"--threads must be between 1 and 256 (got {Threads})."
            : BatchSize is < 1 or > 65_536 ? $"--batch-size must be between 1 and 65536 (got {BatchSize})."
            : SequenceLength is < 1 or > 10_000 ? $"--sequence-length must be between 1 and 10000 (got {SequenceLength})."
            : EmbeddingDim is < 1 or > 4096 ? $"--embedding-dim must be between 1 and 4096 (got {EmbeddingDim})."
            : LstmUnits is < 1 or > 4096 ? $"--lstm-units must be between 1 and 4096 (got {LstmUnits})."
            : Vocabulary is < 3 or > 10_000_000 ? $"--vocabulary must be between 3 and 10000000 (got {Vocabulary})."
            : Batches < 1 ? $"--batches must be at least 1 (got {Batches})."
            : Rows < 0 ? $"--rows must not be negative (got {Rows})."
            : Data is not null && !File.Exists(Data) ? $"--data: the file {Data} does not exist."
            : null;
        return problem is null ? ValidationResult.Success() : ValidationResult.Error(problem);
    }
}
