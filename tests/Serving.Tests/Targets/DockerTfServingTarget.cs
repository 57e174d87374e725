using System.Globalization;
using System.Text.RegularExpressions;

namespace TwitterSentiment.Serving.Tests.Targets;

/// <summary>
/// The official tensorflow/serving image at the tag serving/Dockerfile pins, with the model folder mounted.
/// Where no Docker engine is reachable or the image cannot be pulled, the fixture is ignored with the reason.
/// </summary>
internal sealed partial class DockerTfServingTarget : IServingTarget
{
    private const string FallbackTag = "2.19.0";
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(3);

    private readonly string containerId;
    private readonly TempDirectory configDirectory;

    private DockerTfServingTarget(string containerId, TempDirectory configDirectory, HttpClient client)
    {
        this.containerId = containerId;
        this.configDirectory = configDirectory;
        Client = client;
    }

    public string Name => ServingTargets.TensorFlowServing;

    public HttpClient Client { get; }

    public bool LimitsRequestBody => false;

    public static string Image
    {
        get
        {
            string tag = File.Exists(Repository.Path("serving", "Dockerfile"))
                ? PinnedTag().Match(File.ReadAllText(Repository.Path("serving", "Dockerfile"))) is { Success: true } m ? m.Groups[1].Value : FallbackTag
                : FallbackTag;
            return $"tensorflow/serving:{tag}";
        }
    }

    public static async Task<IServingTarget> StartAsync(ServingSetup setup, CancellationToken cancellationToken)
    {
        await IgnoreUnlessSucceedsAsync(["info", "--format", "{{.ServerVersion}}"], "No Docker engine is reachable", TimeSpan.FromSeconds(20), cancellationToken);
        await IgnoreUnlessSucceedsAsync(["pull", Image], $"Docker cannot pull {Image}", TimeSpan.FromMinutes(10), cancellationToken);

        var configDirectory = new TempDirectory("tf-serving-config");
        var arguments = new List<string>
        {
            "run", "-d", "--rm", "-p", "127.0.0.1::8501",
            "-v", $"{setup.ModelBasePath}:/models/{ServingSetup.ModelName}",
            "-e", $"MODEL_NAME={ServingSetup.ModelName}",
        };
        var serverFlags = new List<string> { "--file_system_poll_wait_seconds=1" };
        if (setup.Labels.Count > 0)
        {
            await File.WriteAllTextAsync(configDirectory.File("models.config"), setup.ModelConfigText($"/models/{ServingSetup.ModelName}"), cancellationToken);
            arguments.AddRange(["-v", $"{configDirectory.Path}:/config"]);
            serverFlags.AddRange(["--model_config_file=/config/models.config", "--allow_version_labels_for_unavailable_models=true"]);
        }

        var run = await ProcessRunner.RunAsync("docker", [.. arguments, Image, .. serverFlags], timeout: TimeSpan.FromMinutes(1), cancellationToken: cancellationToken);
        if (run.ExitCode != 0)
        {
            configDirectory.Dispose();
            Assert.Fail($"docker run failed: {run.StandardError}");
        }

        string containerId = run.StandardOutput.Trim();
        var port = await ProcessRunner.RunAsync("docker", ["port", containerId, "8501/tcp"], timeout: TimeSpan.FromSeconds(20), cancellationToken: cancellationToken);
        int hostPort = int.Parse(port.StandardOutput.Trim().Split('\n')[0].Split(':')[^1], CultureInfo.InvariantCulture);
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{hostPort}"), Timeout = TimeSpan.FromSeconds(60) };
        var target = new DockerTfServingTarget(containerId, configDirectory, client);
        try
        {
            await ModelAvailability.WaitAsync(client, ServingSetup.ModelName, () => true, () => containerId, StartupTimeout, cancellationToken);
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }

        return target;
    }

    public string Describe()
    {
        var logs = ProcessRunner.Run("docker", ["logs", containerId], timeout: TimeSpan.FromSeconds(20));
        return $"tensorflow/serving logs:\n{logs.StandardOutput}\n{logs.StandardError}";
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await ProcessRunner.RunAsync("docker", ["stop", containerId], timeout: TimeSpan.FromMinutes(1));
        configDirectory.Dispose();
    }

    private static async Task IgnoreUnlessSucceedsAsync(string[] arguments, string reason, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync("docker", arguments, timeout: timeout, cancellationToken: cancellationToken);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("The docker command is not installed; the contract suite runs against TF Serving only where Docker can pull its image.");
            return;
        }
        catch (TimeoutException)
        {
            Assert.Ignore($"{reason}: docker {string.Join(' ', arguments)} timed out.");
            return;
        }

        if (result.ExitCode != 0)
        {
            Assert.Ignore($"{reason} ({result.StandardError.Trim()}); the contract suite runs against TF Serving only where Docker can pull its image.");
        }
    }

    [GeneratedRegex(@"^\s*FROM\s+(?:docker\.io/)?tensorflow/serving:([\w.\-]+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex PinnedTag();
}
