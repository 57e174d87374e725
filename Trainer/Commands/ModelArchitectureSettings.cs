using System.ComponentModel;
using Spectre.Console.Cli;
using TwitterSentiment.Trainer.Modeling;

namespace TwitterSentiment.Trainer.Commands;

/// <summary>
/// The model options <c>train</c> and <c>bench</c> both take, with one description, one default (from
/// <see cref="ModelOptions"/>) and one validation rule each.
/// </summary>
public abstract class ModelArchitectureSettings : CommandSettings
{
    [CommandOption("--sequence-length <N>")]
    [Description("Tokens per tweet the model sees: longer tweets are truncated (first tokens kept), shorter ones padded.")]
    [DefaultValue(ModelOptions.DefaultSequenceLength)]
    public int SequenceLength { get; init; } = ModelOptions.DefaultSequenceLength;

    [CommandOption("--embedding-dim <N>")]
    [Description("Width of each token's embedding vector. Default: the pretrained vectors' dimension (train --embeddings), else 64.")]
    public int? EmbeddingDim { get; init; }

    [CommandOption("--lstm-units <N>")]
    [Description("Units of the LSTM (per direction).")]
    [DefaultValue(ModelOptions.DefaultLstmUnits)]
    public int LstmUnits { get; init; } = ModelOptions.DefaultLstmUnits;

    [CommandOption("--bidirectional")]
    [Description("Add a right-to-left LSTM; its final state is concatenated with the left-to-right one.")]
    public bool Bidirectional { get; init; }

    [CommandOption("--threads <N>")]
    [Description("CPU threads libtorch may use for one op. Default: chosen for the machine (see docs/trainer.md).")]
    public int? Threads { get; init; }

    [CommandOption("--omp-wait-policy <POLICY>")]
    [Description("How libtorch's idle threads wait for the next op: passive (sleep at once), spin (a while, then sleep: libgomp's default), active (spin until the next op), environment (as OMP_WAIT_POLICY says) or auto (spin if the cores are idle when training starts, else passive; OMP_WAIT_POLICY is not consulted). Set before libtorch loads.")]
    [DefaultValue(OmpWaitPolicy.Auto)]
    public OmpWaitPolicy WaitPolicy { get; init; } = OmpWaitPolicy.Auto;

    /// <summary>The first problem with these options, or null.</summary>
    protected string? ArchitectureProblem() =>
        SequenceLength is < 1 or > 10_000 ? $"--sequence-length must be between 1 and 10000 (got {SequenceLength})."
        : EmbeddingDim is < 1 or > 4096 ? $"--embedding-dim must be between 1 and 4096 (got {EmbeddingDim})."
        : LstmUnits is < 1 or > 4096 ? $"--lstm-units must be between 1 and 4096 (got {LstmUnits})."
        : Threads is < 1 or > 256 ? $"--threads must be between 1 and 256 (got {Threads})."
        : !Enum.IsDefined(WaitPolicy) ? $"--omp-wait-policy must be auto, passive, active or environment (got {WaitPolicy})."
        : null;

    /// <summary>The architecture these options describe, for a vocabulary of <paramref name="vocabularySize"/> ids.</summary>
    public ModelOptions ToModelOptions(int vocabularySize) => new()
    {
        VocabularySize = vocabularySize,
        SequenceLength = SequenceLength,
        EmbeddingDim = EmbeddingDim ?? ModelOptions.DefaultEmbeddingDim,
        LstmUnits = LstmUnits,
        Bidirectional = Bidirectional,
    };
}
