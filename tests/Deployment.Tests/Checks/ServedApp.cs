namespace TwitterSentiment.Deployment.Tests.Checks;

/// <summary>
/// What one of the project's images serves, as agreed in the README and the common brief: the HTTP port, the
/// paths that exist, and which of them tells readiness. Probes and Services are checked against this.
/// </summary>
internal sealed record ServedApp
{
    public required string Name { get; init; }

    public required string ImageRepository { get; init; }

    public required int HttpPort { get; init; }

    public required IReadOnlyList<int> AllPorts { get; init; }

    public required IReadOnlySet<string> ServedPaths { get; init; }

    public required string ReadinessPath { get; init; }

    public required IReadOnlySet<string> LivenessPaths { get; init; }

    /// <summary>
    /// TF Serving: the status endpoint answers 200 while a version is still LOADING, the metadata endpoint only
    /// once the model is AVAILABLE (it needs a loaded servable), so only metadata may gate readiness.
    /// </summary>
    public static ServedApp TfServing { get; } = new()
    {
        Name = "tf-serving",
        ImageRepository = "twittersentiment/tf-serving",
        HttpPort = 8501,
        AllPorts = [8500, 8501],
        ServedPaths = new HashSet<string>(StringComparer.Ordinal)
        {
            "/v1/models/sentiment",
            "/v1/models/sentiment/metadata",
            "/v1/models/sentiment/labels/stable",
            "/v1/models/sentiment/labels/stable/metadata",
            "/monitoring/prometheus/metrics",
        },
        ReadinessPath = "/v1/models/sentiment/metadata",
        LivenessPaths = new HashSet<string>(StringComparer.Ordinal) { "/v1/models/sentiment", "/v1/models/sentiment/metadata" },
    };

    /// <summary>The web client: /healthz checks only the process, /readyz requires the model AVAILABLE.</summary>
    public static ServedApp WebClient { get; } = new()
    {
        Name = "webclient",
        ImageRepository = "twittersentiment/webclient",
        HttpPort = 8080,
        AllPorts = [8080],
        ServedPaths = new HashSet<string>(StringComparer.Ordinal) { "/healthz", "/readyz" },
        ReadinessPath = "/readyz",
        LivenessPaths = new HashSet<string>(StringComparer.Ordinal) { "/healthz" },
    };

    public static IReadOnlyList<ServedApp> All { get; } = [TfServing, WebClient];

    public static ServedApp? ForImage(string? image) =>
        image is null ? null : All.FirstOrDefault(app => app.ImageRepository == Manifests.ManifestSet.ImageRepository(image));
}
