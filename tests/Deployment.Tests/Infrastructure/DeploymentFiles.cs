using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TwitterSentiment.Deployment.Tests.Checks;
using TwitterSentiment.Deployment.Tests.Manifests;

namespace TwitterSentiment.Deployment.Tests.Infrastructure;

/// <summary>The committed deployment files, read the way the checks need them.</summary>
internal static partial class DeploymentFiles
{
    public const string Base = "k8s/base";
    public const string Minikube = "k8s/overlays/minikube";

    /// <summary>A fresh, mutable copy of what a kustomization renders to.</summary>
    public static async Task<ManifestSet> RenderAsync(string kustomization, CancellationToken cancellationToken) =>
        ManifestSet.Parse(await Kustomize.RenderAsync(kustomization, cancellationToken));

    public static JsonObject Compose() => YamlDocuments.ParseSingle(File.ReadAllText(RepositoryPaths.ComposeFile));

    /// <summary>The Dockerfiles that exist, by compose service name (WebClient/Dockerfile comes with the web client).</summary>
    public static IReadOnlyDictionary<string, Dockerfile> Dockerfiles()
    {
        var files = new Dictionary<string, Dockerfile>(StringComparer.Ordinal)
        {
            [ServedApp.TfServing.Name] = Dockerfile.Parse(File.ReadAllText(RepositoryPaths.ServingDockerfile)),
        };
        if (File.Exists(RepositoryPaths.WebClientDockerfile))
        {
            files[ServedApp.WebClient.Name] = Dockerfile.Parse(File.ReadAllText(RepositoryPaths.WebClientDockerfile));
        }

        return files;
    }

    /// <summary>The Prometheus path TF Serving is configured with (serving/config/monitoring.config).</summary>
    public static string MetricsPath()
    {
        var match = MetricsPathRegex().Match(File.ReadAllText(RepositoryPaths.ServingConfig("monitoring.config")));
        return match.Success ? match.Groups["path"].Value : "/monitoring/prometheus/metrics";
    }

    [GeneratedRegex("""path:\s*"(?<path>[^"]*)" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex MetricsPathRegex();
}
