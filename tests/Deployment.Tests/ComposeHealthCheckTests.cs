using TwitterSentiment.Deployment.Tests.Infrastructure;
using TwitterSentiment.Deployment.Tests.Manifests;

namespace TwitterSentiment.Deployment.Tests;

/// <summary>
/// Runs the health check commands of docker-compose.yml with bash against a loopback server (the images have
/// bash but no curl), with the port moved to a free one: healthy only when the right endpoint answers 200.
/// </summary>
public sealed class ComposeHealthCheckTests
{
    [TestCase("tf-serving", 8501, "/v1/models/sentiment/metadata")]
    [TestCase("webclient", 8080, "/healthz")]
    public async Task The_health_check_passes_when_its_endpoint_answers_200(string service, int port, string path)
    {
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.OkOn(path));

        var result = await RunHealthCheckAsync(service, port, server.Port);

        Assert.That(result.ExitCode, Is.Zero, result.Output);
        Assert.That(server.RequestedPaths, Is.EqualTo(new[] { path }));
    }

    [Test]
    public async Task The_TF_Serving_health_check_fails_while_the_model_is_still_loading()
    {
        // While loading, TF Serving answers the status endpoint but 404s the metadata endpoint.
        await using var server = new LoopbackHttpServer(LoopbackHttpServer.OkOn("/v1/models/sentiment"));

        var result = await RunHealthCheckAsync("tf-serving", 8501, server.Port);

        Assert.That(result.ExitCode, Is.Not.Zero);
    }

    [Test]
    public async Task The_health_check_fails_when_nothing_listens()
    {
        int port;
        await using (var server = new LoopbackHttpServer(LoopbackHttpServer.OkOn()))
        {
            port = server.Port;
        }

        var result = await RunHealthCheckAsync("webclient", 8080, port);

        Assert.That(result.ExitCode, Is.Not.Zero);
    }

    private static async Task<ProcessResult> RunHealthCheckAsync(string service, int composePort, int actualPort)
    {
        string bash = ProcessRunner.Require("bash", "the images run their health checks with bash");
        var test = DeploymentFiles.Compose().At($"services.{service}.healthcheck.test")?.AsArray().Select(t => t?.ToString() ?? string.Empty).ToList() ?? [];
        Assert.That(test.Take(3), Is.EqualTo(new[] { "CMD", "bash", "-c" }), "The health check is expected to be a bash script.");
        string script = test[3].Replace($"/dev/tcp/127.0.0.1/{composePort}", $"/dev/tcp/127.0.0.1/{actualPort}", StringComparison.Ordinal);
        Assert.That(script, Does.Contain($"/{actualPort}"), "The health check does not connect to 127.0.0.1 on the service's port.");

        return await ProcessRunner.RunAsync(bash, ["-c", script], timeout: TimeSpan.FromSeconds(30));
    }
}
