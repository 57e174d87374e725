namespace TwitterSentiment.Serving.Tests.Targets;

/// <summary>serving/local-server on a free loopback port, started exactly as a user would start it.</summary>
internal sealed class LocalServerTarget : IServingTarget
{
    private readonly LocalServerProcess server;
    private readonly TempDirectory configDirectory;

    private LocalServerTarget(LocalServerProcess server, TempDirectory configDirectory, HttpClient client)
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
        int port = FreePort.Next();
        var configDirectory = new TempDirectory("local-server-config");
        var arguments = new List<string> { $"--rest_api_port={port}", "--file_system_poll_wait_seconds=1" };
        if (setup.Labels.Count > 0)
        {
            string configFile = configDirectory.File("models.config");
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
            await ModelAvailability.WaitAsync(client, ServingSetup.ModelName, () => !server.HasExited, server.Describe, LocalServerProcess.StartupTimeout, cancellationToken);
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
