namespace TwitterSentiment.Serving.Tests.Targets;

/// <summary>The servers the contract suites run against, by name (the fixtures' parameter).</summary>
internal static class ServingTargets
{
    public const string LocalServer = "local-server";
    public const string TensorFlowServing = "tensorflow-serving-docker";

    public static Task<IServingTarget> StartAsync(string kind, ServingSetup setup, CancellationToken cancellationToken) => kind switch
    {
        LocalServer => LocalServerTarget.StartAsync(setup, cancellationToken),
        TensorFlowServing => DockerTfServingTarget.StartAsync(setup, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown serving target."),
    };
}
