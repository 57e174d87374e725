using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using TwitterSentiment.Contracts;
using TwitterSentiment.Contracts.Metrics;
using TwitterSentiment.Contracts.Rest;
using TwitterSentiment.Trainer.Scoring;

namespace TwitterSentiment.Trainer.Commands;

/// <summary>
/// The options every command that uses a trained model shares (<c>evaluate</c>, <c>predict</c>): exactly one
/// model source, the decision threshold, the batch size and machine-readable output.
/// </summary>
public abstract class ModelSourceSettings : CommandSettings
{
    [CommandOption("-c|--checkpoint <DIR>")]
    [Description("Use a TorchSharp checkpoint written by training (checkpoints/<run>/).")]
    public string? Checkpoint { get; init; }

    [CommandOption("--saved-model <DIR>")]
    [Description("Use an exported SavedModel, run on TensorFlow.js (Node.js): a version folder such as " + ServingContract.ModelBasePath + "/" + ServingContract.ModelName + "/1, or a model folder (its highest version).")]
    public string? SavedModel { get; init; }

    [CommandOption("--server <URL>")]
    [Description("Use a model served over TensorFlow Serving's REST API (TF Serving or serving/local-server), e.g. http://localhost:8501.")]
    public string? Server { get; init; }

    [CommandOption("--model-name <NAME>")]
    [Description("With --server: the served model's name. Default: " + ServingContract.ModelName + ".")]
    public string? ModelName { get; init; }

    [CommandOption("--version <N>")]
    [Description("With --server: a specific model version instead of the latest.")]
    public long? Version { get; init; }

    [CommandOption("--label <LABEL>")]
    [Description("With --server: a version label from the server's model config (e.g. stable).")]
    public string? Label { get; init; }

    [CommandOption("--threshold <P>")]
    [Description("A probability above it is a positive prediction.")]
    [DefaultValue(ClassificationMetrics.DefaultThreshold)]
    public double Threshold { get; init; } = ClassificationMetrics.DefaultThreshold;

    [CommandOption("--batch-size <N>")]
    [Description("Texts per forward pass, Node.js round trip or HTTP request.")]
    [DefaultValue(ModelSource.DefaultBatchSize)]
    public int BatchSize { get; init; } = ModelSource.DefaultBatchSize;

    [CommandOption("--timeout <SECONDS>")]
    [Description("With --server: how long one batch (a predict request) may take.")]
    [DefaultValue(ServingSource.DefaultTimeoutSeconds)]
    public int TimeoutSeconds { get; init; } = ServingSource.DefaultTimeoutSeconds;

    [CommandOption("--connect-timeout <SECONDS>")]
    [Description("With --server: how long connecting to the server may take.")]
    [DefaultValue(ServingSource.DefaultConnectTimeoutSeconds)]
    public int ConnectTimeoutSeconds { get; init; } = ServingSource.DefaultConnectTimeoutSeconds;

    [CommandOption("--first-byte-timeout <SECONDS>")]
    [Description("With --server: how long a request that runs no model (the metadata check) may wait for the server's answer, connecting included.")]
    [DefaultValue(ServingSource.DefaultFirstByteTimeoutSeconds)]
    public int FirstByteTimeoutSeconds { get; init; } = ServingSource.DefaultFirstByteTimeoutSeconds;

    [CommandOption("--json")]
    [Description("Machine-readable output on standard output, nothing else (see the README for its shape).")]
    public bool Json { get; init; }

    public override ValidationResult Validate()
    {
        int sources = new[] { Checkpoint, SavedModel, Server }.Count(source => source is not null);
        bool serverOnly = ModelName is not null || Version is not null || Label is not null;
        string? problem =
            sources == 0 ? "Give the model to use: --checkpoint <DIR>, --saved-model <DIR> or --server <URL>."
            : sources > 1 ? "Give one model source: --checkpoint, --saved-model and --server exclude each other."
            : Server is not null && !IsHttpUrl(Server) ? $"--server needs the server's http:// or https:// address, e.g. http://localhost:8501 (got \"{Server}\")."
            : Server is null && serverOnly ? "--model-name, --version and --label choose a served model: use them with --server."
            : Version is not null && Label is not null ? "Give --version or --label, not both."
            : Version < 0 ? $"--version must not be negative (got {Version})."
            : Label is not null && !ModelTarget.IsValidLabel(Label) ? $"--label must be {ModelTarget.LabelRule} (got \"{Label}\")."
            : ModelName is not null && !ServingContract.IsValidModelName(ModelName) ? $"--model-name must be {ServingContract.ModelNameRule} (got \"{ModelName}\")."
            : !(Threshold >= 0 && Threshold <= 1) ? $"--threshold must be between 0 and 1 (got {Threshold})."
            : BatchSize is < 1 or > 65_536 ? $"--batch-size must be between 1 and 65536 (got {BatchSize})."
            : TimeoutSeconds is < 1 or > 86_400 ? $"--timeout must be between 1 and 86400 seconds (got {TimeoutSeconds})."
            : FirstByteTimeoutSeconds is < 1 or > 86_400 ? $"--first-byte-timeout must be between 1 and 86400 seconds (got {FirstByteTimeoutSeconds})."
            : ConnectTimeoutSeconds < 1 || ConnectTimeoutSeconds >= Math.Min(TimeoutSeconds, FirstByteTimeoutSeconds)
                ? $"--connect-timeout must be at least 1 second and shorter than --first-byte-timeout and --timeout, which include connecting (got {ConnectTimeoutSeconds})."
            : null;
        return problem is null ? ValidationResult.Success() : ValidationResult.Error(problem);
    }

    /// <summary>The validated options as a <see cref="ModelSource"/>.</summary>
    public ModelSource ToModelSource()
    {
        ModelSource source = (Checkpoint, SavedModel, Server) switch
        {
            ({ } checkpoint, null, null) => new CheckpointSource(checkpoint),
            (null, { } savedModel, null) => new SavedModelSource(savedModel),
            (null, null, { } server) => new ServingSource(new Uri(server), ModelName ?? ServingContract.ModelName, Version, Label)
            {
                Timeout = TimeSpan.FromSeconds(TimeoutSeconds),
                ConnectTimeout = TimeSpan.FromSeconds(ConnectTimeoutSeconds),
                FirstByteTimeout = TimeSpan.FromSeconds(FirstByteTimeoutSeconds),
            },
            _ => throw new InvalidOperationException("Settings were not validated: exactly one model source is needed."),
        };
        return source with { BatchSize = BatchSize };
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
