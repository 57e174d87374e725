using TwitterSentiment.Deployment.Tests.Checks;
using TwitterSentiment.Deployment.Tests.Infrastructure;
using TwitterSentiment.Deployment.Tests.Manifests;

namespace TwitterSentiment.Deployment.Tests;

/// <summary>The manifests ask the web client for endpoints and settings its source really has.</summary>
public sealed class WebClientContractTests
{
    private const string SampleSource = """
        public sealed class TfServingOptions
        {
            public const string SectionName = "TfServing";
            public Uri BaseAddress { get; set; } = new("http://localhost:8501");
        }
        app.MapHealthChecks("/healthz");
        app.MapHealthChecks("/readyz");
        """;

    [Test]
    public async Task The_web_client_maps_the_probe_paths_and_binds_every_config_map_key()
    {
        string source = WebClientSource();
        var set = await DeploymentFiles.RenderAsync(DeploymentFiles.Base, CancellationToken.None);
        var keys = set.Get("ConfigMap", "webclient").Map("data").Keys;

        Assert.Multiple(() =>
        {
            Assert.That(WebClientContractChecks.ProbePathsAreMapped(source), Is.Empty);
            Assert.That(WebClientContractChecks.ConfigKeysBindToOptions(keys, source), Is.Empty);
        });
    }

    [Test]
    public void A_probe_path_the_site_does_not_map_is_caught()
    {
        string source = SampleSource.Replace("\"/readyz\"", "\"/ready\"", StringComparison.Ordinal);

        var problems = WebClientContractChecks.ProbePathsAreMapped(source);

        Assert.That(problems, Is.EqualTo(new[] { "The web client source maps no endpoint \"/readyz\", which the probes use." }));
    }

    [Test]
    public void A_config_map_key_that_binds_to_nothing_is_caught()
    {
        string[] keys = ["TfServing__BaseAddress", "TfServing__BaseAdress", "Serving__BaseAddress", "ASPNETCORE_HTTP_PORTS"];

        var problems = WebClientContractChecks.ConfigKeysBindToOptions(keys, SampleSource);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "ConfigMap key TfServing__BaseAdress: the web client has no settable property BaseAdress.",
            "ConfigMap key Serving__BaseAddress: no options class of the web client has SectionName \"Serving\".",
        }));
    }

    private static string WebClientSource()
    {
        string directory = Path.Combine(RepositoryPaths.Root, "WebClient");
        if (!Directory.Exists(directory))
        {
            Assert.Ignore("WebClient/ is not in this checkout yet; its contract is checked once it is.");
        }

        char separator = Path.DirectorySeparatorChar;
        return string.Join('\n', Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
    }
}
