using TwitterSentiment.Contracts.Rest;

namespace TwitterSentiment.Trainer.Scoring;

/// <summary>Where the model to score with lives; <see cref="ModelScorerFactory"/> opens it.</summary>
public abstract record ModelSource
{
    /// <summary>Texts per forward pass, process round trip or HTTP request.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>"checkpoint", "saved_model" or "server", for machine-readable output.</summary>
    public abstract string Kind { get; }

    public const int DefaultBatchSize = 256;
}

/// <summary>A TorchSharp checkpoint folder written by training (<c>model.json</c>, <c>vocabulary.txt</c>, <c>weights.dat</c>).</summary>
public sealed record CheckpointSource(string Directory) : ModelSource
{
    public override string Kind => "checkpoint";
}

/// <summary>A SavedModel version folder (or a model base folder: its highest version), run on TensorFlow.js.</summary>
public sealed record SavedModelSource(string Directory) : ModelSource
{
    public override string Kind => "saved_model";
}

/// <summary>A model served over TensorFlow Serving's REST API (real TF Serving or serving/local-server).</summary>
/// <param name="Server">The server's base address, e.g. http://localhost:8501.</param>
/// <param name="ModelName">As the server's --model_name.</param>
/// <param name="Version">A specific version; null with <paramref name="Label"/> null means the latest.</param>
/// <param name="Label">A version label from the server's model config (e.g. stable).</param>
public sealed record ServingSource(Uri Server, string ModelName, long? Version, string? Label) : ModelSource
{
    public override string Kind => "server";

    /// <summary>The version or label asked for; null for the latest.</summary>
    public ModelTarget? Target => Version is { } version ? ModelTarget.ForVersion(version) : Label is { } label ? ModelTarget.ForLabel(label) : null;

    /// <summary>How long one batch (a predict request, its whole answer) may take.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>How long opening the TCP connection may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = DefaultConnectTimeout;

    /// <summary>How long a request that runs no model (metadata) may wait for its answer, connecting included.</summary>
    public TimeSpan FirstByteTimeout { get; init; } = DefaultFirstByteTimeout;

    /// <summary>Silence after which the command says it is waiting for the server.</summary>
    public TimeSpan WaitNotice { get; init; } = TimeSpan.FromSeconds(3);

    // The defaults, once: the command-line settings show them as [DefaultValue].
    public const int DefaultTimeoutSeconds = 60;
    public const int DefaultConnectTimeoutSeconds = 5;
    public const int DefaultFirstByteTimeoutSeconds = 10;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(DefaultTimeoutSeconds);

    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(DefaultConnectTimeoutSeconds);

    public static readonly TimeSpan DefaultFirstByteTimeout = TimeSpan.FromSeconds(DefaultFirstByteTimeoutSeconds);
}
