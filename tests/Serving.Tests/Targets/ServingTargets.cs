using System.Net;
using System.Text.Json.Nodes;
using TwitterSentiment.Serving.Tests.Infrastructure;

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

    /// <summary>Polls the model status until a version is AVAILABLE; fails early if <paramref name="isAlive"/> turns false.</summary>
    public static async Task WaitUntilAvailableAsync(HttpClient client, Func<bool> isAlive, Func<string> describe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!isAlive())
            {
                throw new InvalidOperationException($"The server exited before the model became available.\n{describe()}");
            }

            try
            {
                var status = await client.GetRestAsync($"/v1/models/{ServingSetup.ModelName}", cancellationToken);
                if (status.Status == HttpStatusCode.OK && status.Json?["model_version_status"] is JsonArray versions
                    && versions.Any(v => v?["state"]?.Text() == "AVAILABLE"))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        throw new TimeoutException($"The model did not become AVAILABLE within {timeout}.\n{describe()}");
    }
}
