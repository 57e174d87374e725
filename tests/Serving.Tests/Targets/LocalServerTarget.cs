using TwitterSentiment.Serving.Tests.Infrastructure;

namespace TwitterSentiment.Serving.Tests.Targets;

/// <summary>serving/local-server on a free loopback port, started exactly as a user would start it.</summary>
internal sealed class LocalServerTarget : IServingTarget
{
    // The first start on a fresh clone runs `npm ci` (TensorFlow.js, ~90 MB), hence the generous start-up time.
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(5);

    private readonly LocalServerProcess server;
    private readonly TemporaryDirectory configDirectory;

    private LocalServerTarget(LocalServerProcess server, TemporaryDirectory configDirectory, HttpClient client)
    {
        this.server = server;
        this.configDirectory = configDirectory;
        Client = client;
    }

    public string Name => ServingTargets.LocalServer;

    public HttpClient Client { get; }

    public bool LimitsRequestBody => true;

    public static async Task<IServingTarget> StartAsync(ServingSetup setup, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var configDirectory = new TemporaryDirectory("local-server-config");
        var arguments = new List<string> { $"--rest_api_port={port}", "--file_system_poll_wait_seconds=1" };
        if (setup.Labels.Count > 0)
        {
            var configFile = configDirectory.Combine("models.config");
            await File.WriteAllTextAsync(configFile, setup.ModelConfigText(setup.ModelBasePath), cancellationToken);
            arguments.Add($"--model_config_file={configFile}");
            arguments.Add("--allow_version_labels_for_unavailable_models=true");
        }
        else
        {
            arguments.Add($"--model_name={ServingSetup.ModelName}");
            arguments.Add($"--model_base_path={setup.ModelBasePath}");
        }

        var server = LocalServerProcess.Start(arguments);
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        var target = new LocalServerTarget(server, configDirectory, client);
        try
        {
            await ServingTargets.WaitUntilAvailableAsync(client, () => !server.HasExited, server.Describe, StartupTimeout, cancellationToken);
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }

        return target;
    }

    public string Describe() => server.Describe();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await server.DisposeAsync();
        configDirectory.Dispose();
    }
}
